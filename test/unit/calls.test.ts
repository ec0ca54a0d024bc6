import { describe, expect, it } from 'vitest';
import { CallRequestSchema, type CallRequest } from '../../shared/schemas/call.schema.ts';
import { applyDelta } from '../../shared/tally/delta.ts';
import type { StoredElection } from '../../shared/tally/election-state.ts';
import { evaluateCall, type CallEvaluation } from '../../shared/tally/calls.ts';
import { buildSnapshot } from '../../shared/tally/snapshot.ts';
import { iran2017, iran2024, round1Final2024, seed000, seed001, seed002 } from '../fixtures/seeds.ts';
import { NOW, evaluate, newElection, play } from '../helpers/night.ts';

const AT = new Date('2026-11-23T12:05:00Z');

function call(stored: StoredElection, body: CallRequest, by = 'ap-desk'): CallEvaluation {
  return evaluateCall(stored, CallRequestSchema.parse(body), by, AT);
}

/** Applies a call, failing loudly unless it changed the election. */
function called(stored: StoredElection, body: CallRequest, by = 'ap-desk') {
  const result = call(stored, body, by);
  if (!result.ok || result.unchanged) throw new Error(`call not applied: ${JSON.stringify(result)}`);
  return { stored: { ...stored, state: result.state }, result };
}

function problem(result: CallEvaluation) {
  if (result.ok) throw new Error('expected a refusal');
  return result.problems[0]!;
}

describe('calling a winner', () => {
  it('shows `called` with who, when and the note over the model, keeping every figure', () => {
    const before = play(iran2017, seed000);
    const { stored, result } = called(before, { action: 'winner', winner: 'rouhani', note: 'exit polls and 62 % counted' });
    const round = buildSnapshot(stored).rounds[0]!;
    // The model's projection, every figure of it (estimates, ranges, hurdles), with the desk's word on top.
    const model = buildSnapshot(before).rounds[0]!.projection;
    expect(model.status).toBe('leading');
    expect(round.projection).toEqual({
      ...model,
      status: 'called',
      modelStatus: 'leading',
      winner: 'rouhani',
      calledBy: 'ap-desk',
      calledAt: AT.toISOString(),
      note: 'exit polls and 62 % counted',
    });
    expect(result.record).toEqual({ version: 2, receivedAt: AT.toISOString(), by: 'ap-desk', call: { action: 'winner', winner: 'rouhani', round: 1, note: 'exit polls and 62 % counted' } });
    expect(result.delta).toMatchObject({ version: 2, prevVersion: 1, round: 1, projectionChanged: true, leaderChanged: false, ballotsCountedChange: 0, call: result.record });
    expect(result.delta.candidates.every((c) => c.votesChange === 0 && c.shareChange === 0)).toBe(true);
    // The delta takes a subscriber from the old snapshot to the new one exactly.
    expect(applyDelta(buildSnapshot(before), result.delta)).toEqual(buildSnapshot(stored));
  });

  it('flags a called winner who trails in the count', () => {
    const { stored } = called(play(iran2017, seed000), { action: 'winner', winner: 'raisi' });
    expect(buildSnapshot(stored).rounds[0]!.projection).toMatchObject({ status: 'called', winner: 'raisi', winnerNotLeading: true });
  });

  it('keeps the call over later bulletins, in their deltas too', () => {
    const { stored } = called(play(iran2017, seed000), { action: 'winner', winner: 'rouhani' });
    const next = evaluate(stored, seed002);
    if (!next.ok) throw new Error('refused');
    expect(next.delta.projection).toMatchObject({ status: 'called', modelStatus: 'final', winner: 'rouhani', calledBy: 'ap-desk' });
    expect(next.delta.projectionChanged).toBe(false);
  });

  it('answers `unchanged` for the same winner again, and 409 for another while one stands', () => {
    const { stored } = called(play(iran2017, seed000), { action: 'winner', winner: 'rouhani' });
    expect(call(stored, { action: 'winner', winner: 'rouhani', note: 'again' })).toEqual({ ok: true, unchanged: true });
    expect(problem(call(stored, { action: 'winner', winner: 'raisi' }))).toMatchObject({ code: 'call_conflict', path: 'action', message: expect.stringContaining('retract it first') });
  });

  it('refuses an unknown candidate with the field, a round without results, and a winner the count rules out', () => {
    const stored = play(iran2017, seed000);
    expect(problem(call(stored, { action: 'winner', winner: 'nobody' }))).toMatchObject({ code: 'unknown_candidate', path: 'winner' });
    expect(problem(call(stored, { action: 'winner', winner: 'rouhani', round: 2 }))).toMatchObject({ code: 'call_conflict', path: 'round' });
    expect(problem(call(newElection(iran2017), { action: 'winner', winner: 'rouhani' }))).toMatchObject({ code: 'call_conflict', path: 'round' });
    expect(problem(call(play(iran2017, seed000, seed002), { action: 'winner', winner: 'raisi' }))).toMatchObject({ code: 'call_conflict', message: expect.stringContaining('rouhani wins') });
  });

  it('in a runoff, only a candidate of the pair can be called', () => {
    const stored = play(iran2024, round1Final2024, seed001);
    expect(problem(call(stored, { action: 'winner', winner: 'ghalibaf' }))).toMatchObject({ code: 'not_in_runoff', path: 'winner' });
    const { stored: after } = called(stored, { action: 'winner', winner: 'pezeshkian' });
    expect(buildSnapshot(after).rounds[1]!.projection).toMatchObject({ status: 'called', winner: 'pezeshkian' });
    expect(buildSnapshot(after).rounds[0]!.projection.status).toBe('final');
  });
});

describe('calling a runoff', () => {
  it('shows the pair, only under a majority rule, in round 1, with known candidates', () => {
    const early = play(iran2024, { ...round1Final2024, id: 'partial', final: false });
    const { stored } = called(early, { action: 'runoff', runoff: ['pezeshkian', 'jalili'] });
    expect(buildSnapshot(stored).rounds[0]!.projection).toMatchObject({ status: 'called', runoff: ['pezeshkian', 'jalili'] });
    expect(buildSnapshot(stored).rounds[0]!.projection.winner).toBeUndefined();
    expect(call(stored, { action: 'runoff', runoff: ['jalili', 'pezeshkian'] })).toEqual({ ok: true, unchanged: true });
    expect(problem(call(early, { action: 'runoff', runoff: ['pezeshkian', 'nobody'] }))).toMatchObject({ code: 'unknown_candidate', path: 'runoff.1' });
    const plurality = play({ ...iran2017, rule: { kind: 'plurality' } }, seed000);
    expect(problem(call(plurality, { action: 'runoff', runoff: ['rouhani', 'raisi'] }))).toMatchObject({ code: 'call_not_allowed', path: 'runoff' });
  });

  it('refuses a pair the final count contradicts', () => {
    const stored = play(iran2024, round1Final2024);
    expect(problem(call(stored, { action: 'runoff', runoff: ['pezeshkian', 'ghalibaf'] }))).toMatchObject({ code: 'call_conflict', message: expect.stringContaining('pezeshkian and jalili') });
  });

  it('the schema refuses a pair of one candidate twice', () => {
    const parsed = CallRequestSchema.safeParse({ action: 'runoff', runoff: ['jalili', 'jalili'] });
    expect(parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'))).toEqual(['runoff.1']);
  });
});

describe('retracting', () => {
  it('restores the model, shown as `uncalled` until the model says something new', () => {
    const { stored: calledElection } = called(play(iran2017, seed000), { action: 'winner', winner: 'rouhani' });
    const { stored, result } = called(calledElection, { action: 'retract', note: 'too early' }, 'chief');
    expect(result.delta.projection).toEqual({ ...buildSnapshot(play(iran2017, seed000)).rounds[0]!.projection, status: 'uncalled', modelStatus: 'leading', calledBy: 'chief', calledAt: AT.toISOString(), note: 'too early' });
    expect(result.record.call).toEqual({ action: 'retract', round: 1, note: 'too early' });
    const next = evaluate(stored, seed002);
    if (!next.ok) throw new Error('refused');
    expect(next.delta.projection).toEqual({ status: 'final', winner: 'rouhani' });
    expect(next.state.desk?.[0]?.retracted).toBeNull();
  });

  it('409 when nothing stands; a new call may follow a retraction', () => {
    const stored = play(iran2017, seed000);
    expect(problem(call(stored, { action: 'retract' }))).toMatchObject({ code: 'call_conflict', path: 'action', message: expect.stringContaining('nothing to retract') });
    const { stored: a } = called(stored, { action: 'winner', winner: 'rouhani' });
    const { stored: b } = called(a, { action: 'retract' });
    const { stored: c } = called(b, { action: 'winner', winner: 'raisi' });
    expect(buildSnapshot(c).rounds[0]!.projection).toMatchObject({ status: 'called', winner: 'raisi', winnerNotLeading: true });
    expect(c.state.version).toBe(4);
  });
});

describe('certifying', () => {
  it('needs a final count, agrees with the standing call, and can be retracted', () => {
    const counting = play(iran2017, seed000);
    expect(problem(call(counting, { action: 'certify' }))).toMatchObject({ code: 'call_conflict', message: expect.stringContaining('not final') });
    const final = play(iran2017, seed000, seed002);
    const { stored } = called(final, { action: 'certify', note: 'Guardian Council' }, 'registrar');
    expect(buildSnapshot(stored).rounds[0]!.projection).toEqual({ status: 'certified', modelStatus: 'final', winner: 'rouhani', calledBy: 'registrar', calledAt: AT.toISOString(), note: 'Guardian Council' });
    expect(call(stored, { action: 'certify' })).toEqual({ ok: true, unchanged: true });
    expect(problem(call(stored, { action: 'winner', winner: 'rouhani' }))).toMatchObject({ code: 'call_conflict', message: expect.stringContaining('certified') });
    const { stored: retracted } = called(stored, { action: 'retract' });
    expect(buildSnapshot(retracted).rounds[0]!.projection.status).toBe('uncalled');
  });

  it('refuses to certify over a call the final count contradicts', () => {
    const { stored } = called(play(iran2017, seed000), { action: 'winner', winner: 'raisi' });
    const final = evaluate(stored, seed002);
    if (!final.ok) throw new Error('refused');
    expect(problem(call({ ...stored, state: final.state }, { action: 'certify' }))).toMatchObject({ code: 'call_conflict', message: expect.stringContaining('retract it first') });
  });
});

it('a new election has no desk, and its snapshot is the model alone', () => {
  expect(newElection(iran2017).state.desk).toBeUndefined();
  expect(buildSnapshot(play(iran2017, seed000)).rounds[0]!.projection).toEqual(evaluateOk(newElection(iran2017), seed000).delta.projection);
});

function evaluateOk(stored: StoredElection, bulletin: typeof seed000) {
  const result = evaluate(stored, bulletin, NOW);
  if (!result.ok) throw new Error('refused');
  return result;
}

describe('a bulletin after a retraction', () => {
  it('a retraction stays `uncalled` while the model keeps its status', () => {
    const { stored } = called(play(iran2017, seed000), { action: 'winner', winner: 'rouhani' });
    const { stored: retracted } = called(stored, { action: 'retract' });
    // A bulletin that leaves the model's status as it was keeps `uncalled`.
    const same = evaluate(retracted, { ...seed000, id: 'same-again', source: 'IRNA' });
    if (!same.ok) throw new Error('refused');
    expect(same.delta.projection.status).toBe('uncalled');
    expect(same.state.desk).toEqual(retracted.state.desk);
  });
});

import { describe, expect, it } from 'vitest';
import { CallRequestSchema, type CallRequest } from '../../shared/schemas/call.schema.ts';
import type { ElectionDefinition } from '../../shared/schemas/election.schema.ts';
import { evaluateCall, type CallEvaluation } from '../../shared/tally/calls.ts';
import { applyDelta } from '../../shared/tally/delta.ts';
import type { StoredElection } from '../../shared/tally/election-state.ts';
import { electionFromSnapshot } from '../../shared/tally/from-snapshot.ts';
import { buildSnapshot } from '../../shared/tally/snapshot.ts';
import { italy2025, italy2025Final, knesset2022, knesset2022Final, knesset2022Votes, tehran2024, tehran2024Round1 } from '../fixtures/rules.ts';
import { play } from '../helpers/night.ts';

const AT = new Date('2026-11-23T12:05:00Z');
const call = (stored: StoredElection, body: CallRequest): CallEvaluation => evaluateCall(stored, CallRequestSchema.parse(body), 'ap-desk', AT);
function called(stored: StoredElection, body: CallRequest) {
  const result = call(stored, body);
  if (!result.ok || result.unchanged) throw new Error(`call not applied: ${JSON.stringify(result)}`);
  return { stored: { ...stored, state: result.state }, result };
}
const problemOf = (result: CallEvaluation) => {
  if (result.ok) throw new Error('expected a refusal');
  return result.problems[0]!;
};

const council: ElectionDefinition = { name: 'council', seats: 3, rule: { kind: 'plurality' }, candidates: ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, name: id })) };
const counting = { ballotsCounted: 900, ballotsCast: 1_000, votes: { a: 800, b: 750, c: 600, d: 500, e: 50 } };

describe('desk calls beyond one seat', () => {
  it("a seat's winner: each call adds one to the elected, over the count's own; the delta and the snapshot agree", () => {
    const before = play(council, counting);
    expect(buildSnapshot(before).rounds[0]!.projection.winners).toEqual(['a', 'b']);
    const { stored, result } = called(before, { action: 'elected', elected: 'c', note: 'the last box cannot change it' });
    if (!result.ok || result.unchanged) throw new Error('refused');
    const p = buildSnapshot(stored).rounds[0]!.projection;
    expect(p).toMatchObject({ status: 'called', modelStatus: 'leading', winners: ['a', 'b', 'c'], calledBy: 'ap-desk', note: 'the last box cannot change it' });
    expect(applyDelta(buildSnapshot(before), result.delta)).toEqual(buildSnapshot(stored));
    // The same call again changes nothing; the history has the call.
    expect(call(stored, { action: 'elected', elected: 'c' })).toEqual({ ok: true, unchanged: true });
    expect(result.record.call).toMatchObject({ action: 'elected', elected: 'c', round: 1 });
  });

  it('a seat call the count rules out is refused: a fourth winner for three seats, a loser of the final count', () => {
    const two = called(play(council, counting), { action: 'elected', elected: 'c' }).stored;
    expect(problemOf(call(two, { action: 'elected', elected: 'd' }))).toMatchObject({ code: 'call_conflict', path: 'elected' });
    const final = play(council, { ballotsCounted: 1_000, final: true, votes: { a: 850, b: 800, c: 650, d: 640, e: 60 } });
    expect(problemOf(call(final, { action: 'elected', elected: 'd' }))).toMatchObject({ code: 'call_conflict', message: expect.stringContaining('not elected') });
  });

  it('the wrong action for the rule is refused naming it: a winner for a 3-seat council, seats for a referendum', () => {
    expect(problemOf(call(play(council, counting), { action: 'winner', winner: 'a' }))).toMatchObject({ code: 'call_not_allowed', path: 'action' });
    expect(problemOf(call(play(italy2025, italy2025Final), { action: 'seats', list: 'yes', seats: 1 }))).toMatchObject({ code: 'call_not_allowed', path: 'action' });
  });

  it("Israel 2022 while counting: a list's seat count inside its range is called; one outside is refused", () => {
    const partial = Object.fromEntries(Object.entries(knesset2022Votes).map(([id, v]) => [id, Math.floor(v * 0.9)]));
    const plain = { ...knesset2022, rule: { kind: 'list' as const, method: 'dhondt' as const, threshold: 3.25 } };
    const before = play(plain, { ballotsCounted: 4_300_000, ballotsCast: 4_764_742, votes: partial });
    const range = buildSnapshot(before).rounds[0]!.projection.seatRanges!.likud!;
    expect(problemOf(call(before, { action: 'seats', list: 'likud', seats: range.high + 1 }))).toMatchObject({ code: 'call_conflict', path: 'seats' });
    const { stored } = called(before, { action: 'seats', list: 'likud', seats: range.low });
    expect(buildSnapshot(stored).rounds[0]!.projection).toMatchObject({ status: 'called', seats: { likud: range.low } });
    // Another count for the same list needs a retraction first.
    expect(problemOf(call(stored, { action: 'seats', list: 'likud', seats: range.high }))).toMatchObject({ code: 'call_conflict' });
  });

  it('Italy 2025: "passed" is refused once the count says void; "void" is called, then certified with the final count', () => {
    const stored = play(italy2025, italy2025Final);
    expect(problemOf(call(stored, { action: 'outcome', outcome: 'passed' }))).toMatchObject({ code: 'call_conflict', message: expect.stringContaining('void') });
    const voided = called(stored, { action: 'outcome', outcome: 'void' }).stored;
    const certified = called(voided, { action: 'certify' }).stored;
    expect(buildSnapshot(certified).rounds[0]!.projection).toMatchObject({ status: 'certified', outcome: 'void' });
  });

  it('a preview from the snapshot sees the same seat call (electionFromSnapshot)', () => {
    const { stored } = called(play(tehran2024, { ...tehran2024Round1, final: false, ballotsCast: 1_900_000 }), { action: 'elected', elected: 't15' });
    const snapshot = buildSnapshot(stored);
    expect(buildSnapshot(electionFromSnapshot(snapshot)).rounds).toEqual(snapshot.rounds);
    expect(snapshot.rounds[0]!.projection.winners).toContain('t15');
  });
});

import { describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../shared/tally/snapshot.ts';
import { iran2017, iran2024, round1Final2024, seed000, seed001, seed002 } from '../fixtures/seeds.ts';
import { evaluate, newElection, play } from '../helpers/night.ts';

describe('the 2017 night, from the seeds', () => {
  it('seed 000 is version 1: Rouhani leads with 62.5 % counted and 70.9 % turnout', () => {
    const result = evaluate(newElection(iran2017), seed000);
    if (!result.ok) throw new Error('refused');
    expect(result.delta).toMatchObject({
      version: 1,
      prevVersion: 0,
      round: 1,
      ballotsCounted: 25_000_000,
      ballotsCountedChange: 25_000_000,
      percentCounted: 62.5,
      turnout: 70.909,
      leader: 'rouhani',
      leaderChanged: true,
      margin: 4_494_000,
      projection: { status: 'leading' },
      projectionChanged: true,
      source: 'Interior Ministry briefing (Ali Asghar Ahmadi)',
    });
  });

  it('seed 002 is the final: Rouhani +8,881,000, wins with a majority', () => {
    const result = evaluate(play(iran2017, seed000), seed002);
    if (!result.ok) throw new Error('refused');
    expect(result.delta.candidates[0]).toMatchObject({ id: 'rouhani', votes: 23_500_000, votesChange: 8_881_000 });
    expect(result.delta).toMatchObject({ final: true, percentCounted: 100, leaderChanged: false, projectionChanged: true, projection: { status: 'final', winner: 'rouhani' } });
    // Mirsalim and Hashemi-Taba are not in seed 002: carried from seed 000.
    expect(result.warnings).toHaveLength(2);
  });

  it('a bulletin that changes nothing is accepted with a warning', () => {
    const result = evaluate(play(iran2017, seed000), { ...seed000, id: 'again', source: 'IRNA' });
    expect(result.ok).toBe(true);
    expect(result.warnings).toContain('no figure changed since version 1');
  });
});

describe('the 2024 night, from the seeds', () => {
  it('round 1 final without a majority names the runoff pair', () => {
    const snapshot = buildSnapshot(play(iran2024, round1Final2024));
    expect(snapshot.rounds[0]!.projection).toEqual({ status: 'final', runoff: ['pezeshkian', 'jalili'] });
    expect(snapshot.rounds[0]!.turnout).toBe(39.926);
  });

  it('round 2 (seed 001) starts from zero with only the pair', () => {
    const result = evaluate(play(iran2024, round1Final2024), seed001);
    if (!result.ok) throw new Error('refused');
    expect(result.delta.round).toBe(2);
    expect(result.delta.candidates.map((c) => [c.id, c.votesChange])).toEqual([['pezeshkian', 11_000_000], ['jalili', 9_000_000]]);
    expect(result.delta.projection.status).toBe('leading');
    const snapshot = buildSnapshot({ ...play(iran2024, round1Final2024), state: result.state });
    expect(snapshot.rounds.map((r) => r.round)).toEqual([1, 2]);
  });
});

describe('a settled outcome does not flicker', () => {
  const race = { name: 'Two-way', rule: { kind: 'plurality' as const }, candidates: [{ id: 'a', name: 'A' }, { id: 'b', name: 'B' }] };
  // Exact: 510 to 480 with 990 of 1000 counted: at most 10 votes to come, the 30-vote lead holds.
  const decidedExact = { id: 'v1', ballotsCounted: 990, ballotsCast: 1000, votes: { a: 510, b: 480 } };

  it('stays decided when a later bulletin is only rounded (its wider bounds alone would say "leading")', () => {
    const stored = play(race, decidedExact);
    expect(buildSnapshot(stored).rounds[0]!.projection.status).toBe('decided');
    // Rounded, the 1,000 cast could be 1,041: 47 votes to come against a 30-vote lead.
    const rounded = evaluate(stored, { id: 'v2', ballotsCounted: 995, approximate: true, votes: { a: 512, b: 482 } });
    if (!rounded.ok) throw new Error('refused');
    expect(rounded.delta.projection).toMatchObject({ status: 'decided', winner: 'a', remaining: 25 });
    expect(rounded.delta.projectionChanged).toBe(false);
  });

  it('is decided again from scratch after a correction', () => {
    const corrected = evaluate(play(race, decidedExact), { id: 'fix', correction: true, ballotsCounted: 990, ballotsCast: 1000, votes: { a: 500, b: 490 } });
    if (!corrected.ok) throw new Error('refused');
    expect(corrected.delta.projection.status).toBe('leading');
  });

  it('is given up, with a warning, when the expected total rises', () => {
    const raised = evaluate(play(race, decidedExact), { id: 'more', ballotsCounted: 995, ballotsCast: 2000, votes: { a: 512, b: 482 } });
    if (!raised.ok) throw new Error('refused');
    expect(raised.delta.projection.status).toBe('leading');
    expect(raised.warnings).toContain('the outcome settled at version 1 (decided: a) no longer holds: the expected total rose or the leader changed');
  });
});

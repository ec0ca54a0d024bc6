import { describe, expect, it } from 'vitest';
import type { ElectionDefinition } from '../../shared/schemas/election.schema.ts';
import { buildSnapshot } from '../../shared/tally/snapshot.ts';
import { tehran2024, tehran2024Round1, tehran2024Round1Votes } from '../fixtures/rules.ts';
import { evaluate, play, problemsOf } from '../helpers/night.ts';

const ids = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `t${String(from + i).padStart(2, '0')}`);

describe('quota with a partial runoff (rule.kind = "quota")', () => {
  it('Tehran 2024 (Interior Ministry via KUNA, 4 March): 14 of 30 seats filled at 20 % of ballots cast, 16 go to round 2 among 32', () => {
    const p = buildSnapshot(play(tehran2024, tehran2024Round1)).rounds[0]!.projection;
    expect(p.status).toBe('final');
    expect(p.winners).toEqual(ids(1, 14));
    expect(p.runoff).toEqual(ids(15, 46));
    expect(p.tied).toBeUndefined();
  });

  it('Tehran 2024 round 2 (10 May): the 32 stand, the top 16 by plurality fill the seats; anyone else is refused', () => {
    const stored = play(tehran2024, tehran2024Round1);
    const votes = Object.fromEntries(ids(15, 46).map((id, i) => [id, 330_000 - i * 5_000]));
    const outsider = problemsOf(evaluate(stored, { round: 2, ballotsCounted: 1_000_000, votes: { ...votes, t47: 1 } }));
    expect(outsider).toEqual([expect.objectContaining({ code: 'not_in_runoff', path: 'votes.t47' })]);
    const result = evaluate(stored, { round: 2, ballotsCounted: 1_000_000, final: true, votes });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.delta.projection).toEqual({ status: 'final', winners: ids(15, 30) });
  });

  it('exactly 20 % of the ballots elects (360,000 of 1,800,000); one vote fewer goes to round 2', () => {
    const at = buildSnapshot(play(tehran2024, { ...tehran2024Round1, votes: { ...tehran2024Round1Votes, t14: 360_000 } })).rounds[0]!.projection;
    expect(at.winners).toContain('t14');
    const under = buildSnapshot(play(tehran2024, { ...tehran2024Round1, votes: { ...tehran2024Round1Votes, t14: 359_999 } })).rounds[0]!.projection;
    expect(under.winners).not.toContain('t14');
    expect(under.runoff).toHaveLength(34);
    expect(under.runoff).toContain('t14');
  });

  it('while counting: elected once sure of the quota and a place; a runoff certain once too few can reach 20 %', () => {
    const partial = { ballotsCounted: 1_700_000, ballotsCast: 1_800_000, votes: tehran2024Round1Votes };
    const p = buildSnapshot(play(tehran2024, partial)).rounds[0]!.projection;
    // 100,000 ballots to come: 20 % of 1.8 million is 360,000; the top 14 (391,000 and more) are sure of both, and at most 25 can still reach the quota.
    expect(p.winners).toEqual(ids(1, 14));
    expect(p.status).toBe('runoff-decided');
  });

  it('a tie across the last seat of a final count is reported, not broken', () => {
    const definition: ElectionDefinition = { name: 'tie', seats: 2, rule: { kind: 'quota', threshold: 20 }, candidates: ['a', 'b', 'c', 'd'].map((id) => ({ id, name: id })) };
    const p = buildSnapshot(play(definition, { ballotsCounted: 1_000, final: true, votes: { a: 500, b: 300, c: 300, d: 100 } })).rounds[0]!.projection;
    expect(p.winners).toEqual(['a']);
    expect(p.tied).toEqual(['b', 'c']);
  });

  it('a block vote: each ballot names up to 30, so no candidate may have more votes than ballots counted', () => {
    const problems = problemsOf(evaluate(play(tehran2024), { ballotsCounted: 1_000, votes: { t01: 1_001 } }));
    expect(problems).toEqual([expect.objectContaining({ code: 'inconsistent_figures', path: 'votes.t01' })]);
  });
});

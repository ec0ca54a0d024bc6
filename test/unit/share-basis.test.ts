import { describe, expect, it } from 'vitest';
import type { BulletinInput } from '../../shared/schemas/bulletin.schema.ts';
import type { ElectionDefinition } from '../../shared/schemas/election.schema.ts';
import { buildSnapshot } from '../../shared/tally/snapshot.ts';
import { iran2024, round1Final2024 } from '../fixtures/seeds.ts';
import { evaluate, newElection, play, problemsOf } from '../helpers/night.ts';

/** Iran's presidential rule as the law states it: more than half of all ballots cast, blank and spoiled included. */
const ofCast = (definition: ElectionDefinition): ElectionDefinition => ({ ...definition, rule: { kind: 'majority', threshold: 50, of: 'cast' } });
const iran2024Cast = ofCast(iran2024);

/** Seed 001's runoff final (Interior Ministry, 6 July 2024): 16,384,403 of 30,530,157 ballots for Pezeshkian. */
const runoffFinal2024: BulletinInput = {
  id: 'iran-2024-r2-final',
  round: 2,
  issuedAt: '2024-07-06T08:00:00+03:30',
  source: 'Interior Ministry',
  ballotsCounted: 30_530_157,
  final: true,
  votes: { pezeshkian: 16_384_403, jalili: 13_538_179 },
};

/** Iran, 14 June 2013 (Interior Ministry final): Rouhani elected in the first round. */
const iran2013: ElectionDefinition = {
  name: 'Iranian presidential election 2013',
  eligibleVoters: 50_483_192,
  rule: { kind: 'majority', threshold: 50, of: 'cast' },
  candidates: [
    { id: 'rouhani', name: 'Hassan Rouhani' },
    { id: 'ghalibaf', name: 'Mohammad Bagher Ghalibaf' },
    { id: 'jalili', name: 'Saeed Jalili' },
    { id: 'rezaei', name: 'Mohsen Rezaei' },
    { id: 'velayati', name: 'Ali Akbar Velayati' },
    { id: 'gharazi', name: 'Mohammad Gharazi' },
  ],
};
const final2013Votes = { rouhani: 18_613_329, ghalibaf: 6_077_292, jalili: 4_168_946, rezaei: 3_884_412, velayati: 2_268_753, gharazi: 446_015 };
const final2013: BulletinInput = { source: 'Interior Ministry', ballotsCounted: 36_704_156, final: true, votes: final2013Votes };

describe('shares of all ballots cast (rule.of = "cast")', () => {
  it('seed 001 first round (Interior Ministry final): Pezeshkian 42.453 %, Jalili 38.611 % of 24,535,185 ballots, as every outlet reported', () => {
    const round = buildSnapshot(play(iran2024Cast, round1Final2024)).rounds[0]!;
    expect(round.candidates.map((c) => [c.id, c.share])).toEqual([['pezeshkian', 42.453], ['jalili', 38.611], ['ghalibaf', 13.79], ['pourmohammadi', 0.841]]);
    // 24,535,185 − 23,479,026 blank and spoiled, derived since the bulletin does not state them.
    expect(round).toMatchObject({ invalid: 1_056_159, invalidShare: 4.305 });
    expect(round.projection).toEqual({ status: 'final', runoff: ['pezeshkian', 'jalili'] });
  });

  it('the same seed 001 figures under rule.of = "valid" keep the candidates\' total as the base (44.363 %), as before', () => {
    const round = buildSnapshot(play(iran2024, round1Final2024)).rounds[0]!;
    expect(round.candidates[0]).toMatchObject({ id: 'pezeshkian', share: 44.363 });
    expect(round.invalid).toBe(1_056_159);
  });

  it('seed 001 runoff final (Interior Ministry): 16,384,403 / 30,530,157 = 53.666 % for Pezeshkian, who wins', () => {
    const result = evaluate(play(iran2024Cast, round1Final2024), runoffFinal2024);
    if (!result.ok) throw new Error('refused');
    expect(result.delta.candidates.map((c) => [c.id, c.share])).toEqual([['pezeshkian', 53.666], ['jalili', 44.344]]);
    expect(result.delta).toMatchObject({ invalid: 607_575, invalidShare: 1.99, projection: { status: 'final', winner: 'pezeshkian' } });
  });

  it('Iran 2013 (Interior Ministry final): Rouhani 18,613,329 / 36,704,156 = 50.71 % (50.712) of ballots cast wins outright', () => {
    const round = buildSnapshot(play(iran2013, final2013)).rounds[0]!;
    expect(round.candidates[0]).toMatchObject({ id: 'rouhani', share: 50.712 });
    expect(round.projection).toEqual({ status: 'final', winner: 'rouhani' });
  });

  it('Iran 2013 with 2 % more of the ballots invalid (734,083 more spoiled): 49.717 % of ballots cast, so a runoff; of valid votes he would still win', () => {
    const spoiled = { ...final2013, ballotsCounted: 36_704_156 + 734_083 };
    const cast = buildSnapshot(play(iran2013, spoiled)).rounds[0]!;
    expect(cast.candidates[0]).toMatchObject({ id: 'rouhani', share: 49.717 });
    expect(cast.projection).toEqual({ status: 'final', runoff: ['rouhani', 'ghalibaf'] });
    const valid = buildSnapshot(play({ ...iran2013, rule: { kind: 'majority', threshold: 50 } }, spoiled)).rounds[0]!;
    expect(valid.candidates[0]).toMatchObject({ id: 'rouhani', share: 52.493 });
    expect(valid.projection).toEqual({ status: 'final', winner: 'rouhani' });
  });

  it('while counting, a cast rule decides only when the leader passes half of the expected ballots, invalid ones included', () => {
    // Iran 2013 figures at 90 % counted, with 40,000,000 expected: 18.6 M of at most 40 M is not yet a majority.
    const partial: BulletinInput = { ballotsCounted: 36_000_000, ballotsCast: 40_000_000, votes: final2013Votes };
    const cast = buildSnapshot(play(iran2013, partial)).rounds[0]!;
    expect(cast.projection.status).toBe('leading');
    expect(cast.projection.leaderNeeds).toBeGreaterThan(0);
    const done: BulletinInput = { ballotsCounted: 39_900_000, ballotsCast: 40_000_000, votes: { ...final2013Votes, rouhani: 20_100_000 } };
    expect(buildSnapshot(play(iran2013, done)).rounds[0]!.projection).toMatchObject({ status: 'decided', winner: 'rouhani' });
  });

  it('under a cast rule, counted ballots in no candidate\'s figure may still be votes: a left-out candidate\'s', () => {
    // 401 of 800 counted, a = 400 and b left out: b's one ballot may be among the 401, so a leads by at
    // most 400 with 399 + 1 still open, not decided (a final 400-400 tie stays possible).
    const definition = { name: 'left out', rule: { kind: 'plurality' as const, of: 'cast' as const }, candidates: [{ id: 'a', name: 'A' }, { id: 'b', name: 'B' }] };
    const round = buildSnapshot(play(definition, { ballotsCounted: 401, ballotsCast: 800, votes: { a: 400 } })).rounds[0]!;
    expect(round.projection.status).toBe('leading');
    const clear = buildSnapshot(play(definition, { ballotsCounted: 402, ballotsCast: 800, votes: { a: 401 } })).rounds[0]!;
    expect(clear.projection).toMatchObject({ status: 'decided', winner: 'a' });
  });
});

describe('a bulletin\'s invalid ballots', () => {
  const exact: BulletinInput = { ...final2013, invalid: 1_245_409 };

  it('with exact figures, votes plus invalid equal to ballots counted (Iran 2013: 35,458,747 + 1,245,409 = 36,704,156) is accepted and shown as stated', () => {
    const round = buildSnapshot(play(iran2013, exact)).rounds[0]!;
    expect(round).toMatchObject({ invalid: 1_245_409, invalidShare: 3.393 });
  });

  it('with exact figures, one ballot off is refused naming invalid', () => {
    const problems = problemsOf(evaluate(newElection(iran2013), { ...exact, invalid: 1_245_410 }));
    expect(problems).toEqual([expect.objectContaining({ code: 'inconsistent_figures', path: 'invalid' })]);
    expect(problems[0]!.message).toContain('36,704,157');
  });

  it('with approximate figures, a gap within the 2 % tolerance is a warning, beyond it a refusal naming invalid', () => {
    const rounded = { ...exact, approximate: true, invalid: 1_200_000 };
    const accepted = evaluate(newElection(iran2013), rounded);
    expect(accepted.ok).toBe(true);
    expect(accepted.warnings.some((w) => w.includes('invalid ballots'))).toBe(true);
    const far = problemsOf(evaluate(newElection(iran2013), { ...rounded, invalid: 2_100_000 }));
    expect(far).toEqual([expect.objectContaining({ code: 'inconsistent_figures', path: 'invalid' })]);
  });

  it('a reporting unit\'s invalid ballots are checked against the unit\'s own figures and add up in the round', () => {
    const definition: ElectionDefinition = { ...iran2013, units: [{ id: 'tehran', name: 'Tehran' }, { id: 'fars', name: 'Fars' }] };
    let stored = newElection(definition);
    for (const b of [
      { reportingUnit: 'tehran', ballotsCounted: 1000, invalid: 100, votes: { rouhani: 600, ghalibaf: 300 } },
      { reportingUnit: 'fars', ballotsCounted: 500, votes: { rouhani: 200, ghalibaf: 250 } },
    ]) {
      const result = evaluate(stored, b);
      if (!result.ok) throw new Error(JSON.stringify(result.problems));
      stored = { ...stored, state: result.state };
    }
    const round = buildSnapshot(stored).rounds[0]!;
    expect(round).toMatchObject({ invalid: 150, invalidShare: 10 });
    expect(round.candidates[0]).toMatchObject({ id: 'rouhani', share: 53.333 });
    const off = problemsOf(evaluate(stored, { reportingUnit: 'fars', ballotsCounted: 600, invalid: 10, votes: { rouhani: 300, ghalibaf: 250 } }));
    expect(off).toEqual([expect.objectContaining({ path: 'invalid' })]);
  });
});

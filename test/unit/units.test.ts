import { beforeAll, describe, expect, it } from 'vitest';
import { useLocale } from '../../client/common/i18n.ts';
import { ElectionDefinitionSchema } from '../../shared/schemas/election.schema.ts';
import { conflate } from '../../shared/tally/conflate.ts';
import { applyDelta } from '../../shared/tally/delta.ts';
import { electionFromSnapshot } from '../../shared/tally/from-snapshot.ts';
import { buildSnapshot } from '../../shared/tally/snapshot.ts';
import { roundHeadline } from '../../client/common/headline.ts';
import { provinces, syntheticNight, unitBulletin } from '../fixtures/units.ts';
import { iran2017, seed000 } from '../fixtures/seeds.ts';
import { evaluate, play, problemsOf } from '../helpers/night.ts';

// The pages speak the page's language; these tests read like an en-US reader's page.
beforeAll(() => useLocale({ language: 'en', locale: 'en-US', dir: 'ltr', source: 'query' }));

const north = { reportingUnit: 'north', ballotsCounted: 400, votes: { a: 200, b: 150, c: 50 } };
const south = { reportingUnit: 'south', ballotsCounted: 1000, votes: { a: 400, b: 500, c: 100 } };

describe('reporting units', () => {
  it("sums each unit's latest figures into the round, and carries expectations as the remaining basis", () => {
    const stored = play(provinces, north, south, { ...north, ballotsCounted: 800, votes: { a: 420, b: 300, c: 80 } });
    const round = buildSnapshot(stored).rounds[0]!;
    expect(round.ballotsCounted).toBe(1800);
    expect(Object.fromEntries(round.candidates.map((c) => [c.id, c.votes]))).toEqual({ a: 820, b: 800, c: 180 });
    expect(round.ballotsCast).toBe(3500);
    expect(round.percentCounted).toBe(51.428);
    expect(round.projection).toMatchObject({ status: 'leading', remaining: 1700, remainingBasis: 'units' });
    expect(round.units).toEqual([
      { id: 'north', ballotsCounted: 800, votes: { a: 420, b: 300, c: 80 } },
      { id: 'south', ballotsCounted: 1000, votes: { a: 400, b: 500, c: 100 } },
    ]);
  });

  it('a delta carries only the unit that changed, and applying it gives the next snapshot', () => {
    const before = play(provinces, north, south);
    const result = evaluate(before, { ...north, ballotsCounted: 900, votes: { a: 450, b: 350, c: 100 } });
    if (!result.ok) throw new Error('refused');
    expect(result.delta.units).toEqual([{ id: 'north', ballotsCounted: 900, votes: { a: 450, b: 350, c: 100 } }]);
    expect(applyDelta(buildSnapshot(before), result.delta)).toEqual(buildSnapshot({ ...before, state: result.state }));
  });

  it('two conflated unit deltas carry both units and apply like the two in turn', () => {
    const start = play(provinces, north);
    const first = evaluate(start, south);
    if (!first.ok) throw new Error('refused');
    const middle = { ...start, state: first.state };
    const second = evaluate(middle, { reportingUnit: 'west', ballotsCounted: 100, votes: { a: 60, b: 40 } });
    if (!second.ok) throw new Error('refused');
    const both = conflate(first.delta, second.delta)!;
    expect(both.units?.map((u) => u.id)).toEqual(['south', 'west']);
    expect(applyDelta(buildSnapshot(start), both)).toEqual(buildSnapshot({ ...middle, state: second.state }));
  });

  it('the round is final once every unit is', () => {
    const stored = play(provinces, { ...north, final: true }, { ...south, final: true });
    expect(buildSnapshot(stored).rounds[0]!.final).toBe(false);
    const done = play(provinces, { ...north, final: true }, { ...south, final: true }, { reportingUnit: 'west', ballotsCounted: 10, votes: { a: 10 }, final: true });
    expect(buildSnapshot(done).rounds[0]!).toMatchObject({ final: true, percentCounted: 100, projection: { status: 'final' } });
  });

  it('refuses a national total in a round reported by units, and the reverse', () => {
    const byUnits = play(provinces, north);
    expect(problemsOf(evaluate(byUnits, { ballotsCounted: 500, votes: { a: 300 } }))).toEqual([
      { code: 'reporting_conflict', path: 'reportingUnit', message: expect.stringContaining('reported by units') },
    ]);
    const national = play(provinces, { ballotsCounted: 500, votes: { a: 300 } });
    expect(problemsOf(evaluate(national, north))).toEqual([{ code: 'reporting_conflict', path: 'reportingUnit', message: expect.stringContaining('national total') }]);
  });

  it('refuses an unknown unit, and any unit in an election that lists none', () => {
    expect(problemsOf(evaluate(play(provinces), { ...north, reportingUnit: 'east' }))).toEqual([
      { code: 'unknown_unit', path: 'reportingUnit', message: expect.stringContaining('north, south, west') },
    ]);
    expect(problemsOf(evaluate(play(iran2017), { ...seed000, reportingUnit: 'tehran' }))[0]).toMatchObject({ code: 'unknown_unit', message: expect.stringContaining('lists no units') });
  });

  it("checks a unit's bulletin against that unit's previous figures", () => {
    const stored = play(provinces, north, south);
    const backwards = problemsOf(evaluate(stored, { ...north, ballotsCounted: 350, votes: { a: 150 } }));
    expect(backwards.map((p) => [p.code, p.path])).toEqual([
      ['counts_backwards', 'ballotsCounted'],
      ['counts_backwards', 'votes.a'],
    ]);
    // Lower than the south's figures is fine: each unit counts on its own.
    expect(evaluate(stored, { reportingUnit: 'west', ballotsCounted: 5, votes: { a: 5 } }).ok).toBe(true);
    expect(problemsOf(evaluate(stored, { ...north, votes: { a: 500 } }))[0]).toMatchObject({ code: 'inconsistent_figures', path: 'votes' });
  });

  it('percentExpected only comes with a unit', () => {
    expect(problemsOf(evaluate(play(iran2017), { ...seed000, percentExpected: 50 }))[0]).toMatchObject({ code: 'validation_failed', path: 'percentExpected' });
  });

  it('the console rebuilds the same election from a snapshot (units included)', () => {
    const stored = play(provinces, north, south);
    const rebuilt = electionFromSnapshot(buildSnapshot(stored));
    const next = { ...north, ballotsCounted: 900, votes: { a: 450, b: 350, c: 100 } };
    expect(evaluate(rebuilt, next)).toEqual(evaluate(stored, next));
  });

  it('refuses duplicate unit ids in a definition', () => {
    const parsed = ElectionDefinitionSchema.safeParse({ ...provinces, units: [...provinces.units!, { id: 'north', name: 'Again' }] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ['units', 3, 'id'], message: 'duplicate unit id "north"' });
  });
});

describe('the headline of a unit round below the minimum of complete units', () => {
  it('says who leads and why there is no projection, not "no votes counted"', () => {
    const { file, definition } = syntheticNight(3, 12);
    const snapshot = buildSnapshot(play(definition, ...file.units.slice(0, 3).map((u) => unitBulletin(u))));
    const round = snapshot.rounds[0]!;
    expect(round.projection.status).toBe('too-early');
    expect(roundHeadline(snapshot, round)).toMatchObject({ text: expect.stringMatching(/ leads by /), detail: expect.stringContaining('Too early to project') });
  });
});

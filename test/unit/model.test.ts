import { describe, expect, it } from 'vitest';
import { modelStatus } from '../../shared/model/model-status.ts';
import { median } from '../../shared/model/stats.ts';
import { TOPLINE_SPLIT_BOUND, toplineEstimates } from '../../shared/model/topline.ts';
import { MIN_REPORTING_UNITS, unitSwingModel } from '../../shared/model/unit-swing.ts';
import type { Candidate } from '../../shared/schemas/election.schema.ts';
import type { UnitDefinition, UnitFigures } from '../../shared/schemas/units.schema.ts';
import { tallyRound } from '../../shared/tally/round-results.ts';
import { iran2017, seed000 } from '../fixtures/seeds.ts';
import { evaluate, newElection } from '../helpers/night.ts';

const ab: Candidate[] = [
  { id: 'a', name: 'A' },
  { id: 'b', name: 'B', party: 'blue' },
];

describe('order statistics', () => {
  it('median (the weighted ones and the conformal quantile: quantile-regression.property.test.ts)', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

/** Units of 1,000 baseline votes split 50/50; `swing` moves a's share, every unit alike. */
function uniformNight(units: number, reported: number, swing: number) {
  const defs: UnitDefinition[] = Array.from({ length: units }, (_, i) => ({ id: `u${i}`, name: `U${i}`, baseline: { a: 500 + i * 10, blue: 500 - i * 10 } }));
  const figures: Record<string, UnitFigures> = {};
  defs.slice(0, reported).forEach((u, i) => {
    const a = Math.round((0.5 + i * 0.01 + swing) * 1000);
    figures[u.id] = { ballotsCounted: 1000, votes: { a, b: 1000 - a }, final: true };
  });
  return { defs, figures };
}

describe('the unit-swing model', () => {
  it(`says too-early below ${MIN_REPORTING_UNITS} complete units`, () => {
    const { defs, figures } = uniformNight(20, MIN_REPORTING_UNITS - 1, 0.05);
    expect(unitSwingModel(ab, defs, figures)).toEqual({ kind: 'too-early', reporting: 9, partial: 0, total: 20 });
  });
  it('a uniform swing is recovered exactly, and the range narrows as more units report (baselines by party too)', () => {
    // Every unit 1,000 votes, a at 55 % + 1 point per unit index: the mean over 20 units.
    const truth = (Array.from({ length: 20 }, (_, i) => 0.55 + i * 0.01).reduce((s, x) => s + x, 0) / 20) * 100;
    const widths = [12, 16, 19].map((reported) => {
      const { defs, figures } = uniformNight(20, reported, 0.05);
      const result = unitSwingModel(ab, defs, figures);
      if (result.kind !== 'estimates') throw new Error('too early');
      const a = result.estimates.find((e) => e.id === 'a')!;
      expect(a.share).toBeCloseTo(truth, 2);
      expect(a.low).toBeLessThanOrEqual(truth);
      expect(a.high).toBeGreaterThanOrEqual(truth);
      expect(modelStatus(result.callEstimates, null)).toEqual({ status: 'projected', winner: 'a' });
      return a.high - a.low;
    });
    // Never wide: the counted units all say the same thing; only the uncounted units' difference in
    // baseline (they lean further to a) keeps a little width, and less of it as fewer are left.
    expect(widths[0]!).toBeLessThan(1.5);
    expect(widths[1]!).toBeLessThan(widths[0]!);
    expect(widths[2]!).toBeLessThan(widths[1]!);
  });
  it('a partly counted unit is never projected below what it counted', () => {
    const { defs, figures } = uniformNight(12, 10, 0);
    figures.u11 = { ballotsCounted: 3000, votes: { a: 100, b: 2900 } };
    const result = unitSwingModel(ab, defs, figures);
    if (result.kind !== 'estimates') throw new Error('too early');
    const counted = Object.values(figures).reduce((s, f) => s + f.votes.b!, 0);
    expect(result.estimates.find((e) => e.id === 'b')!.votes).toBeGreaterThanOrEqual(counted);
  });
});

describe('the model status', () => {
  const e = (id: string, share: number, low: number, high: number) => ({ id, votes: share * 10, share, low, high });
  it('projects only when the top low end clears every other high end and the threshold', () => {
    expect(modelStatus([e('a', 55, 52, 58), e('b', 45, 42, 48)], 50)).toEqual({ status: 'projected', winner: 'a' });
    expect(modelStatus([e('a', 51, 49, 53), e('b', 49, 47, 51)], null)).toBeNull();
  });
  it('runoff-likely when nobody can reach the threshold, naming the pair only when it is clear', () => {
    expect(modelStatus([e('a', 40, 38, 42), e('b', 35, 33, 37), e('c', 25, 23, 27)], 50)).toEqual({ status: 'runoff-likely', runoff: ['a', 'b'] });
    expect(modelStatus([e('a', 40, 38, 42), e('b', 31, 29, 33), e('c', 29, 27, 32)], 50)).toEqual({ status: 'runoff-likely' });
  });
});

describe('topline-only elections (seed 000)', () => {
  it('give a range from how the remaining ballots could split, and leave the status to arithmetic', () => {
    const result = evaluate(newElection(iran2017), seed000);
    if (!result.ok) throw new Error('refused');
    const p = result.delta.projection;
    expect(p).toMatchObject({ status: 'leading', method: 'topline-split' });
    expect(p.level).toBeUndefined();
    const rouhani = p.estimates!.find((x) => x.id === 'rouhani')!;
    // The certified result: 23,549,616 of 40,029,730 candidate votes (58.83 %).
    expect(rouhani.low).toBeLessThan(58.83);
    expect(rouhani.high).toBeGreaterThan(58.83);
    expect(rouhani.share).toBeCloseTo(58.059, 2);
  });
  it(`is bounded by ±${TOPLINE_SPLIT_BOUND} points of the remaining ballots, and closes when nothing remains`, () => {
    const tally = tallyRound(ab, { a: 600, b: 400 });
    const [a] = toplineEstimates(tally, 1000, 1000, 1000);
    // Worst case for a: 60 - 20 = 40 % of another 1,000: (600 + 400) / 2000 = 50 %.
    expect(a).toMatchObject({ id: 'a', share: 60, low: 50, high: 70 });
    const [closed] = toplineEstimates(tally, 1000, 0, 0);
    expect(closed).toMatchObject({ share: 60, low: 60, high: 60 });
  });
});

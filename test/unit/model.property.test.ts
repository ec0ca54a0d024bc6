import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { revealOrder } from '../../backtest/replay.ts';
import { toplineEstimates } from '../../shared/model/topline.ts';
import type { BulletinInput } from '../../shared/schemas/bulletin.schema.ts';
import type { ElectionDefinition } from '../../shared/schemas/election.schema.ts';
import type { Projection, RoundSnapshot } from '../../shared/schemas/snapshot.schema.ts';
import type { StoredElection } from '../../shared/tally/election-state.ts';
import { tallyRound } from '../../shared/tally/round-results.ts';
import { buildSnapshot } from '../../shared/tally/snapshot.ts';
import { syntheticNight, unitBulletin } from '../fixtures/units.ts';
import { evaluate, newElection } from '../helpers/night.ts';

/**
 * A unit night: a generated results file, each unit first partly counted (a fraction of each figure)
 * then final, in a seeded order; every unit's expectation is its final total when `expected` is set,
 * so the arithmetic has a bound and every bulletin is consistent with the final result.
 */
const nightArb = fc.record({
  seed: fc.integer({ min: 1, max: 10_000 }),
  order: fc.integer({ min: 1, max: 10_000 }),
  fraction: fc.double({ min: 0.05, max: 0.95, noNaN: true }),
  expected: fc.boolean(),
  majority: fc.boolean(),
});

function* playNight(params: { seed: number; order: number; fraction: number; expected: boolean; majority: boolean }) {
  const { file, definition } = syntheticNight(params.seed, 16);
  const total = (votes: Record<string, number>) => Object.values(votes).reduce((a, b) => a + b, 0);
  const def: ElectionDefinition = {
    ...definition,
    rule: params.majority ? { kind: 'majority', threshold: 50 } : { kind: 'plurality' },
    units: definition.units!.map((u, i) => (params.expected ? { ...u, expectedBallots: total(file.units[i]!.votes) } : u)),
  };
  const order = revealOrder(file.units, 'random', params.order);
  const partial = (row: (typeof order)[number]): BulletinInput => {
    const votes = Object.fromEntries(Object.entries(row.votes).map(([id, v]) => [id, Math.floor(v * params.fraction)]));
    return { reportingUnit: row.id, ballotsCounted: total(votes), votes };
  };
  const steps = [...order.slice(0, 8).map(partial), ...order.map((row) => unitBulletin(row))];
  let stored: StoredElection = newElection(def);
  for (const step of steps) {
    const result = evaluate(stored, step);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    stored = { ...stored, state: result.state };
    yield { stored, round: buildSnapshot(stored).rounds[0]!, file };
  }
}

const width = (p: Projection) => Math.max(0, ...(p.estimates ?? []).map((e) => e.high - e.low));

describe('the model, for any consistent unit night', () => {
  it('totals equal the sum of the units; no projection below the count; every range holds its point', () => {
    fc.assert(
      fc.property(nightArb, (params) => {
        for (const { round } of playNight(params)) {
          const units = round.units!;
          expect(round.ballotsCounted).toBe(units.reduce((s, u) => s + u.ballotsCounted, 0));
          for (const c of round.candidates) {
            expect(c.votes).toBe(units.reduce((s, u) => s + (u.votes[c.id] ?? 0), 0));
            const estimate = round.projection.estimates?.find((e) => e.id === c.id);
            if (!estimate) continue;
            expect(estimate.votes).toBeGreaterThanOrEqual(c.votes);
            expect(estimate.low).toBeLessThanOrEqual(estimate.share);
            expect(estimate.share).toBeLessThanOrEqual(estimate.high);
          }
        }
      }),
      { numRuns: 20 },
    );
  });

  it('ranges close as counting completes: none wider than the share still uncounted allows, none at all at the end', () => {
    fc.assert(
      fc.property(nightArb, (params) => {
        let last: RoundSnapshot | undefined;
        for (const { round } of playNight(params)) {
          const p = round.projection;
          if (p.estimates) {
            const projected = p.estimates.reduce((s, e) => s + e.votes, 0);
            const counted = round.candidates.reduce((s, c) => s + c.votes, 0);
            // A range can only spread the uncounted part of the projected total (plus its size error).
            expect(width(p)).toBeLessThanOrEqual((100 * 2 * (projected - counted)) / projected + 0.01);
          }
          last = round;
        }
        expect(last!.final).toBe(true);
        expect(last!.projection.status).toBe('final');
      }),
      { numRuns: 20 },
    );
  });

  it('a decided winner never changes under later consistent bulletins', () => {
    let nightsDecided = 0;
    fc.assert(
      fc.property(nightArb, (params) => {
        let decided: string | undefined;
        for (const { round } of playNight({ ...params, expected: true })) {
          const p = round.projection;
          if (decided !== undefined) {
            expect(['decided', 'final']).toContain(p.status);
            expect(p.winner).toBe(decided);
          }
          if (p.status === 'decided' && decided === undefined) {
            decided = p.winner;
            nightsDecided += 1;
          }
        }
      }),
      { numRuns: 30 },
    );
    // Not vacuous: in sample runs 3 or more of 20 nights were decided before their last unit, so none of 30
    // would be very unlikely unless the arithmetic stopped deciding.
    expect(nightsDecided).toBeGreaterThan(0);
  });

  it('topline ranges never widen as the count rises at constant shares', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1000, max: 100_000 }), (a, b, expected) => {
        const candidates = [{ id: 'a', name: 'A' }, { id: 'b', name: 'B' }];
        let previous = Number.POSITIVE_INFINITY;
        for (const scale of [1, 2, 4, 8, 16]) {
          const tally = tallyRound(candidates, { a: a * scale, b: b * scale });
          const remaining = Math.max(0, expected * 16 - tally.total);
          const w = Math.max(...toplineEstimates(tally, tally.total, remaining, remaining).map((e) => e.high - e.low));
          expect(w).toBeLessThanOrEqual(previous + 0.002);
          previous = w;
        }
      }),
    );
  });
});

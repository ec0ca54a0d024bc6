import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ElectionDefinition, Rule } from '../../shared/schemas/election.schema.ts';
import type { Projection } from '../../shared/schemas/snapshot.schema.ts';
import { apportion, divisor } from '../../shared/tally/rules/apportion.ts';
import { buildSnapshot } from '../../shared/tally/snapshot.ts';
import { evaluate, newElection } from '../helpers/night.ts';

/**
 * Every allocation of `seats` a highest-average method can give, found by trying them all: each list's
 * last seat's quotient is at least every list's next one. Independent of the code under test.
 */
function bruteForce(votes: number[], seats: number, method: 'dhondt' | 'sainte-lague'): number[][] {
  const out: number[][] = [];
  const walk = (i: number, left: number, acc: number[]) => {
    if (i === votes.length - 1) {
      const s = [...acc, left];
      const ok = s.every((si, a) => si === 0 || s.every((sj, b) => votes[a]! * divisor(method, sj) >= votes[b]! * divisor(method, si - 1)));
      if (ok) out.push(s);
      return;
    }
    for (let k = 0; k <= left; k++) walk(i + 1, left - k, [...acc, k]);
  };
  walk(0, seats, []);
  return out;
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => `l${i}`);

describe("highest averages against a brute-force count", () => {
  it.each(['dhondt', 'sainte-lague'] as const)('%s: the one allocation when there is one; a reported tie when there are several', (method) => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 2, maxLength: 4 }), fc.integer({ min: 1, max: 8 }), (votes, seats) => {
        const names = ids(votes.length);
        const result = apportion(Object.fromEntries(names.map((id, i) => [id, votes[i]!])), seats, method);
        const all = bruteForce(votes, seats, method);
        const ours = names.map((id) => result.seats[id]!);
        if (all.length === 1) {
          expect(result.tied).toEqual([]);
          expect(ours).toEqual(all[0]);
        } else {
          expect(result.tied.length).toBeGreaterThan(1);
          // What we give firmly, every allowed allocation gives too; the open seats are the tie's.
          for (const s of all) names.forEach((_, i) => expect(ours[i]!).toBeLessThanOrEqual(s[i]!));
          expect(ours.reduce((a, b) => a + b, 0) + result.open).toBe(seats);
        }
      }),
      { numRuns: 400 },
    );
  });
});

/** A night of rising counts for `n` lists or candidates, every bulletin exact and consistent with `cast`. */
const nightArb = (n: number) =>
  fc.record({
    steps: fc.array(fc.tuple(...Array.from({ length: n }, () => fc.integer({ min: 0, max: 300 }))), { minLength: 1, maxLength: 6 }),
    blanks: fc.integer({ min: 0, max: 50 }),
  });

/**
 * Plays the night (the last step final) and returns each bulletin's projection. Each step's new ballots
 * carry its votes: one a ballot under a single vote; under a block vote up to `perBallot`, at most one
 * for any candidate, so no candidate gains more than the ballots added. Blanks come with the first step.
 */
function playNight(definition: ElectionDefinition, steps: number[][], blanks: number, perBallot: number): Projection[] {
  const names = definition.candidates.map((c) => c.id);
  const ballotsOf = (step: number[]) => {
    const sum = step.reduce((a, b) => a + b, 0);
    return perBallot === 1 ? sum : Math.max(...step, Math.ceil(sum / perBallot));
  };
  const cast = steps.reduce((s, step) => s + ballotsOf(step), blanks);
  let stored = newElection(definition);
  const seen: Projection[] = [];
  const running = names.map(() => 0);
  let ballotsCounted = blanks;
  steps.forEach((step, k) => {
    step.forEach((v, i) => (running[i]! += v));
    ballotsCounted += ballotsOf(step);
    const final = k === steps.length - 1;
    const result = evaluate(stored, { id: `s${k}`, ballotsCounted, ballotsCast: cast, final, votes: Object.fromEntries(names.map((id, i) => [id, running[i]!])) });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    stored = { ...stored, state: result.state };
    seen.push(buildSnapshot(stored).rounds[0]!.projection);
  });
  return seen;
}

const listRule = fc.record({ method: fc.constantFrom('dhondt' as const, 'sainte-lague' as const), threshold: fc.constantFrom(0, 5, 10, 20), of: fc.constantFrom('valid' as const, 'cast' as const) });

describe('list contests, over generated nights', () => {
  it('seats add up to the seats (less the open ones of a reported tie); no list under the threshold gets one; no seat range is ever broken later', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 4 }).chain((n) => fc.tuple(fc.constant(n), nightArb(n), listRule, fc.integer({ min: 1, max: 12 }))), ([n, night, rule, seats]) => {
        const definition: ElectionDefinition = { name: 'g', seats, rule: { kind: 'list', ...rule } as Rule, candidates: ids(n).map((id) => ({ id, name: id })) };
        const seen = playNight(definition, night.steps, night.blanks, 1);
        const last = seen.at(-1)!;
        const total = Object.values(last.seats!).reduce((a, b) => a + b, 0);
        if (last.tied) expect(total).toBeLessThan(seats);
        else if (night.steps.flat().some((v) => v > 0)) expect(total).toBe(seats);
        const votes = ids(n).map((_, i) => night.steps.reduce((s, step) => s + step[i]!, 0));
        const base = rule.of === 'cast' ? votes.reduce((a, b) => a + b, 0) + night.blanks : votes.reduce((a, b) => a + b, 0);
        ids(n).forEach((id, i) => {
          if (votes[i]! * 100 < rule.threshold * base) expect(last.seats![id]).toBe(0);
          for (const earlier of seen.slice(0, -1)) {
            const range = earlier.seatRanges?.[id];
            if (!range) continue;
            expect(last.seats![id]!).toBeGreaterThanOrEqual(range.low);
            if (!last.tied) expect(last.seats![id]!).toBeLessThanOrEqual(range.high);
          }
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('multi-seat contests, over generated nights', () => {
  it('plurality for N: a seat decided while counting is held in the final count; winners plus a tie fill the seats', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 5 }).chain((n) => fc.tuple(fc.constant(n), nightArb(n), fc.integer({ min: 2, max: n - 1 }))), ([n, night, seats]) => {
        const definition: ElectionDefinition = { name: 'g', seats, rule: { kind: 'plurality' }, candidates: ids(n).map((id) => ({ id, name: id })) };
        const seen = playNight(definition, night.steps, night.blanks, seats);
        const last = seen.at(-1)!;
        for (const earlier of seen.slice(0, -1)) for (const id of earlier.winners ?? []) expect(last.winners).toContain(id);
        if (!last.tied && night.steps.flat().filter((v) => v > 0).length >= seats) expect(last.winners!.length).toBeLessThanOrEqual(seats);
        if (last.tied) expect(last.winners!.length).toBeLessThan(seats);
      }),
      { numRuns: 300 },
    );
  });

  it('quota round 1: a candidate elected while counting is elected in the final count', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 5 }).chain((n) => fc.tuple(fc.constant(n), nightArb(n), fc.integer({ min: 1, max: n - 1 }), fc.constantFrom(10, 20, 25))), ([n, night, seats, threshold]) => {
        const definition: ElectionDefinition = { name: 'g', seats, rule: { kind: 'quota', threshold, of: 'cast' }, candidates: ids(n).map((id) => ({ id, name: id })) };
        const seen = playNight(definition, night.steps, night.blanks, seats);
        const last = seen.at(-1)!;
        for (const earlier of seen.slice(0, -1)) for (const id of earlier.winners ?? []) expect(last.winners).toContain(id);
        expect(last.winners!.length).toBeLessThanOrEqual(seats);
        // Round 2 takes the seats left: its field is twice as many (or everyone left, or those tied at its edge).
        if (last.runoff) expect(last.runoff.length).toBeGreaterThanOrEqual(Math.min(2 * (seats - last.winners!.length), n - last.winners!.length));
      }),
      { numRuns: 300 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CallRequest } from '../../shared/schemas/call.schema.ts';
import type { ElectionDefinition } from '../../shared/schemas/election.schema.ts';
import type { RoundSnapshot } from '../../shared/schemas/snapshot.schema.ts';
import { evaluateCall } from '../../shared/tally/calls.ts';
import { applyDelta } from '../../shared/tally/delta.ts';
import type { StoredElection } from '../../shared/tally/election-state.ts';
import { buildSnapshot } from '../../shared/tally/snapshot.ts';
import { NOW, evaluate, newElection } from '../helpers/night.ts';

const definitionArb: fc.Arbitrary<ElectionDefinition> = fc.record({ n: fc.integer({ min: 2, max: 4 }), majority: fc.boolean() }).map(({ n, majority }) => ({
  name: 'generated',
  rule: majority ? { kind: 'majority', threshold: 50 } : { kind: 'plurality' },
  candidates: Array.from({ length: n }, (_, i) => ({ id: `c${i}`, name: `Candidate ${i}` })),
}));

/** One step of a night: a bulletin adding votes (and maybe ending the count), or a desk action. */
type Step = { kind: 'bulletin'; adds: number[]; final: boolean } | { kind: 'call'; call: CallRequest };

const callArb: fc.Arbitrary<CallRequest> = fc.oneof(
  fc.integer({ min: 0, max: 4 }).map((i): CallRequest => ({ action: 'winner', winner: `c${i}` })),
  fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 3 })).map(([a, d]): CallRequest => ({ action: 'runoff', runoff: [`c${a}`, `c${(a + d) % 4}`] })),
  fc.constant<CallRequest>({ action: 'retract', note: 'second thoughts' }),
  fc.constant<CallRequest>({ action: 'certify' }),
);

const stepsArb: fc.Arbitrary<Step[]> = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant('bulletin' as const), adds: fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 4, maxLength: 4 }), final: fc.integer({ min: 0, max: 6 }).map((x) => x === 0) }),
    fc.record({ kind: fc.constant('call' as const), call: callArb }),
  ),
  { minLength: 1, maxLength: 14 },
);

/** A round without what the desk may change: its status, winner or pair, and who said so. */
function figures(round: RoundSnapshot) {
  const { status: _s, winner: _w, runoff: _r, modelStatus: _m, calledBy: _b, calledAt: _a, note: _n, winnerNotLeading: _l, ...numbers } = round.projection;
  return { ...round, projection: numbers };
}

describe('desk calls, over generated nights', () => {
  it('never change a figure (every number of every round, the projection\'s included), and their deltas apply exactly', () => {
    let applied = 0;
    fc.assert(
      fc.property(definitionArb, stepsArb, (definition, steps) => {
        let stored: StoredElection = newElection(definition);
        const votes = definition.candidates.map(() => 0);
        for (const step of steps) {
          if (stored.state.rounds[0]?.final) break;
          const before = buildSnapshot(stored);
          if (step.kind === 'bulletin') {
            step.adds.slice(0, votes.length).forEach((v, i) => (votes[i]! += v));
            const total = votes.reduce((a, b) => a + b, 0);
            const result = evaluate(stored, { ballotsCounted: total, ballotsCast: 30_000, votes: Object.fromEntries(votes.map((v, i) => [`c${i}`, v])), final: step.final });
            if (!result.ok) continue;
            expect(applyDelta(before, result.delta)).toEqual(buildSnapshot({ ...stored, state: result.state }));
            stored = { ...stored, state: result.state };
          } else {
            const result = evaluateCall(stored, step.call, 'desk', NOW);
            if (!result.ok || result.unchanged) continue;
            expect(applyDelta(before, result.delta)).toEqual(buildSnapshot({ ...stored, state: result.state }));
            stored = { ...stored, state: result.state };
            applied++;
          }
          const withoutDesk = buildSnapshot({ ...stored, state: { ...stored.state, desk: undefined } });
          expect(buildSnapshot(stored).rounds.map(figures)).toEqual(withoutDesk.rounds.map(figures));
        }
      }),
      { numRuns: 300 },
    );
    // The nights really had calls in them (most generated calls are refused as they conflict).
    expect(applied).toBeGreaterThan(30);
  });
});

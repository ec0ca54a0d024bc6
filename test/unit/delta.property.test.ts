import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BulletinInput } from '../../shared/schemas/bulletin.schema.ts';
import type { ElectionDefinition } from '../../shared/schemas/election.schema.ts';
import { CompactDeltaSchema } from '../../shared/schemas/compact-delta.schema.ts';
import { compactDelta, expandCompactDelta } from '../../shared/tally/compact-delta.ts';
import { applyDelta } from '../../shared/tally/delta.ts';
import type { StoredElection } from '../../shared/tally/election-state.ts';
import { buildSnapshot } from '../../shared/tally/snapshot.ts';
import { evaluate, newElection } from '../helpers/night.ts';

/** An election with 2-5 candidates and either rule. */
const definitionArb: fc.Arbitrary<ElectionDefinition> = fc.record({ n: fc.integer({ min: 2, max: 5 }), majority: fc.boolean() }).map(({ n, majority }) => ({
  name: 'generated',
  rule: majority ? { kind: 'majority', threshold: 50 } : { kind: 'plurality' },
  candidates: Array.from({ length: n }, (_, i) => ({ id: `c${i}`, name: `Candidate ${i}` })),
}));

interface Step {
  adds: number[];
  blanks: number;
  omit: number;
  approximate: boolean;
  final: boolean;
}

/** A night of rising counts: each step adds votes to each candidate (the first one favoured), and blanks. */
const stepsArb: fc.Arbitrary<Step[]> = fc.array(
  fc.record({
    adds: fc.tuple(fc.integer({ min: 0, max: 900 }), ...Array.from({ length: 4 }, () => fc.integer({ min: 0, max: 500 }))),
    blanks: fc.integer({ min: 0, max: 50 }),
    omit: fc.integer({ min: 0, max: 6 }),
    approximate: fc.boolean(),
    final: fc.integer({ min: 0, max: 9 }).map((x) => x === 0),
  }),
  { minLength: 1, maxLength: 12 },
);

/**
 * The night's expected totals: cast ballots somewhat above everything the steps will count (so counts
 * stay consistent), and eligible voters above that, each sometimes unknown.
 */
const boundsArb = fc.record({
  castSlack: fc.option(fc.double({ min: 0, max: 0.5, noNaN: true }), { nil: undefined }),
  eligibleSlack: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
});

/** Plays the steps as round-1 bulletins, yielding every accepted evaluation with the state before it. */
function* night(definition: ElectionDefinition, steps: Step[], bounds: { castSlack?: number; eligibleSlack?: number }) {
  const n = definition.candidates.length;
  const everything = steps.reduce((sum, s) => sum + s.blanks + s.adds.slice(0, n).reduce((a, b) => a + b, 0), 0);
  const cast = bounds.castSlack === undefined ? undefined : Math.ceil(everything * (1 + bounds.castSlack));
  const eligible = bounds.eligibleSlack === undefined ? undefined : Math.ceil((cast ?? everything) * (1 + bounds.eligibleSlack)) + 1;
  let stored: StoredElection = newElection(eligible === undefined ? definition : { ...definition, eligibleVoters: eligible });
  const votes: Record<string, number> = {};
  let blanks = 0;
  for (const [i, step] of steps.entries()) {
    definition.candidates.forEach((c, k) => (votes[c.id] = (votes[c.id] ?? 0) + step.adds[k]!));
    blanks += step.blanks;
    const counted = Object.values(votes).reduce((a, b) => a + b, 0) + blanks;
    // Leave one candidate out now and then: their figure must carry forward.
    const reported = Object.fromEntries(Object.entries(votes).filter(([id]) => id !== `c${step.omit}`));
    const bulletin: BulletinInput = { id: `b${i}`, ballotsCounted: counted, votes: reported, approximate: step.approximate, final: step.final, ...(cast ? { ballotsCast: cast } : {}) };
    const result = evaluate(stored, bulletin);
    if (!result.ok) continue;
    yield { before: stored, result };
    stored = { ...stored, state: result.state };
    if (step.final) return;
  }
}

describe('deltas (property)', () => {
  it('applying each delta to the previous snapshot gives exactly the next snapshot', () => {
    let checked = 0;
    fc.assert(
      fc.property(definitionArb, stepsArb, boundsArb, (definition, steps, bounds) => {
        for (const { before, result } of night(definition, steps, bounds)) {
          if (!result.ok) continue;
          const applied = applyDelta(buildSnapshot(before), result.delta);
          expect(applied).toEqual(buildSnapshot({ ...before, state: result.state }));
          checked++;
        }
      }),
      { numRuns: 300 },
    );
    // The generator must really produce accepted bulletins, or the property says nothing.
    expect(checked).toBeGreaterThan(300);
  });

  it('the compact form, expanded against the previous snapshot, is exactly the full delta', () => {
    let checked = 0;
    fc.assert(
      fc.property(definitionArb, stepsArb, boundsArb, (definition, steps, bounds) => {
        for (const { before, result } of night(definition, steps, bounds)) {
          if (!result.ok) continue;
          const snapshot = buildSnapshot(before);
          const compact = CompactDeltaSchema.parse(JSON.parse(JSON.stringify(compactDelta(result.delta))));
          expect(expandCompactDelta(snapshot, compact)).toEqual(result.delta);
          expect(expandCompactDelta({ ...snapshot, version: snapshot.version + 1 }, compact)).toBeNull();
          checked++;
        }
      }),
      { numRuns: 300 },
    );
    expect(checked).toBeGreaterThan(300);
  });

  it('a delta that does not follow the snapshot is refused, never guessed', () => {
    fc.assert(
      fc.property(definitionArb, stepsArb, boundsArb, (definition, steps, bounds) => {
        for (const { before, result } of night(definition, steps, bounds)) {
          if (!result.ok) continue;
          const snapshot = buildSnapshot(before);
          expect(applyDelta({ ...snapshot, version: snapshot.version + 1 }, result.delta)).toBeNull();
          expect(applyDelta({ ...snapshot, epoch: 'another' }, result.delta)).toBeNull();
        }
      }),
      { numRuns: 100 },
    );
  });

  it('a decided winner never changes under any consistent later bulletin', () => {
    let followedDecisions = 0;
    fc.assert(
      fc.property(definitionArb, stepsArb, boundsArb, (definition, steps, bounds) => {
        let decided: string | undefined;
        for (const { result } of night(definition, steps, bounds)) {
          if (!result.ok) continue;
          const { projection } = result.delta;
          if (decided !== undefined) {
            expect(projection.winner).toBe(decided);
            followedDecisions++;
          }
          if (projection.status === 'decided') decided = projection.winner;
        }
      }),
      { numRuns: 500 },
    );
    expect(followedDecisions).toBeGreaterThan(20);
  });
});

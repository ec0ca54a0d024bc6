import fc from 'fast-check';
import type { BulletinInput } from '../../shared/schemas/bulletin.schema.ts';
import type { ElectionDefinition } from '../../shared/schemas/election.schema.ts';
import type { StoredElection } from '../../shared/tally/election-state.ts';
import { evaluate, newElection } from './night.ts';

/** An election with 2-5 candidates and either rule, its shares of valid votes or of all ballots cast. */
export const definitionArb: fc.Arbitrary<ElectionDefinition> = fc.record({ n: fc.integer({ min: 2, max: 5 }), majority: fc.boolean(), of: fc.constantFrom(undefined, 'valid' as const, 'cast' as const) }).map(({ n, majority, of }) => ({
  name: 'generated',
  rule: { ...(majority ? { kind: 'majority' as const, threshold: 50 } : { kind: 'plurality' as const }), ...(of ? { of } : {}) },
  candidates: Array.from({ length: n }, (_, i) => ({ id: `c${i}`, name: `Candidate ${i}` })),
}));

export interface Step {
  adds: number[];
  blanks: number;
  omit: number;
  approximate: boolean;
  final: boolean;
  /** Whether the bulletin states its blanks as `invalid` (else they are derived). */
  statesInvalid?: boolean;
}

/** A night of rising counts: each step adds votes to each candidate (the first one favoured), and blanks. */
export const stepsArb: fc.Arbitrary<Step[]> = fc.array(
  fc.record({
    adds: fc.tuple(fc.integer({ min: 0, max: 900 }), ...Array.from({ length: 4 }, () => fc.integer({ min: 0, max: 500 }))),
    blanks: fc.integer({ min: 0, max: 50 }),
    omit: fc.integer({ min: 0, max: 6 }),
    approximate: fc.boolean(),
    final: fc.integer({ min: 0, max: 9 }).map((x) => x === 0),
    statesInvalid: fc.boolean(),
  }),
  { minLength: 1, maxLength: 12 },
);

/**
 * The night's expected totals: cast ballots somewhat above everything the steps will count (so counts
 * stay consistent), and eligible voters above that, each sometimes unknown.
 */
export interface Bounds {
  castSlack?: number | undefined;
  eligibleSlack?: number | undefined;
}

export const boundsArb: fc.Arbitrary<Bounds> = fc.record({
  castSlack: fc.option(fc.double({ min: 0, max: 0.5, noNaN: true }), { nil: undefined }),
  eligibleSlack: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
});

/** Plays the steps as round-1 bulletins, yielding every accepted evaluation with the state before it. */
export function* night(definition: ElectionDefinition, steps: Step[], bounds: Bounds) {
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
    const bulletin: BulletinInput = { id: `b${i}`, ballotsCounted: counted, votes: reported, approximate: step.approximate, final: step.final, ...(cast ? { ballotsCast: cast } : {}), ...(step.statesInvalid ? { invalid: blanks } : {}) };
    const result = evaluate(stored, bulletin);
    if (!result.ok) continue;
    yield { before: stored, result };
    stored = { ...stored, state: result.state };
    if (step.final) return;
  }
}

import { BulletinSchema, type BulletinInput } from '../../shared/schemas/bulletin.schema.ts';
import type { ElectionDefinition } from '../../shared/schemas/election.schema.ts';
import { initialState, type StoredElection } from '../../shared/tally/election-state.ts';
import { evaluateBulletin, type Evaluation } from '../../shared/tally/evaluate-bulletin.ts';

/** A fixed clock after every seed's `issuedAt`. */
export const NOW = new Date('2026-11-23T12:00:00Z');

/** A fresh election at version 0. */
export function newElection(definition: ElectionDefinition, electionId = 'test-election'): StoredElection {
  return { electionId, definition, state: initialState('epoch-1', NOW.toISOString()) };
}

/** Evaluates one bulletin as posted (defaults applied by the schema, as the server does). */
export function evaluate(stored: StoredElection, input: BulletinInput, at: Date = NOW): Evaluation {
  return evaluateBulletin(stored, BulletinSchema.parse(input), at);
}

/** Applies bulletins in order, failing loudly if one is refused. */
export function play(definition: ElectionDefinition, ...bulletins: BulletinInput[]): StoredElection {
  let stored = newElection(definition);
  for (const b of bulletins) {
    const result = evaluate(stored, b);
    if (!result.ok) throw new Error(`fixture bulletin refused: ${JSON.stringify(result.problems)}`);
    stored = { ...stored, state: result.state };
  }
  return stored;
}

/** The evaluation's problems, failing loudly if it was accepted. */
export function problemsOf(result: Evaluation) {
  if (result.ok) throw new Error('expected the bulletin to be refused, but it was accepted');
  return result.problems;
}

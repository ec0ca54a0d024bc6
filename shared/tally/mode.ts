import { ErrorCode } from '../codes/error-codes.ts';
import type { ElectionDefinition, ElectionMode } from '../schemas/election.schema.ts';
import type { StoredElection } from './election-state.ts';
import type { BulletinProblem } from './problems.ts';

/** The mode an election is in: `live` unless its definition says `test` (definitions may predate modes). */
export function modeOf(definition: Pick<ElectionDefinition, 'mode'>): ElectionMode {
  return definition.mode ?? 'live';
}

/** A replacement definition that omits `mode` keeps the election's mode: fixing a name never goes live. */
export function withInheritedMode(current: ElectionDefinition, next: ElectionDefinition): ElectionDefinition {
  return next.mode === undefined && current.mode !== undefined ? { ...next, mode: current.mode } : next;
}

/**
 * Whether a replacement definition may change the mode. Going live must clear the rehearsal's figures,
 * so it only happens through go-live, never as a side effect of `PUT`; and figures counted live never
 * become rehearsal figures (a TEST marker on real results would be as wrong as the reverse).
 */
export function checkModeChange(stored: StoredElection, next: ElectionDefinition): BulletinProblem[] {
  const from = modeOf(stored.definition);
  const to = modeOf(next);
  if (from === to) return [];
  if (to === 'live') {
    return [{ code: ErrorCode.DefinitionConflict, path: 'mode', message: `switch to live with POST /api/elections/${stored.electionId}/go-live, which clears the test figures` }];
  }
  if (stored.state.rounds.length > 0) {
    return [{ code: ErrorCode.DefinitionConflict, path: 'mode', message: 'a live election with figures cannot go back to test mode; rehearse on another election id' }];
  }
  return [];
}

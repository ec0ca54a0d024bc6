import { ErrorCode } from '../codes/error-codes.ts';
import type { ElectionDefinition, ElectionVisibility } from '../schemas/election.schema.ts';
import type { BulletinProblem } from './problems.ts';

/** Who may read an election: `public` unless its definition says `private` (definitions may predate it). */
export function visibilityOf(definition: Pick<ElectionDefinition, 'visibility'>): ElectionVisibility {
  return definition.visibility ?? 'public';
}

/** A replacement that omits `visibility` keeps the election's: fixing a name never lifts an embargo. */
export function withInheritedVisibility(current: ElectionDefinition, next: ElectionDefinition): ElectionDefinition {
  return next.visibility === undefined && current.visibility !== undefined ? { ...next, visibility: current.visibility } : next;
}

/**
 * Lifting an embargo (private to public) is allowed. The reverse is refused: anonymous readers already
 * hold the figures and sit in the election's room on every node, and no push can be recalled.
 */
export function checkVisibilityChange(current: ElectionDefinition, next: ElectionDefinition): BulletinProblem[] {
  if (visibilityOf(current) === 'public' && visibilityOf(next) === 'private') {
    return [{ code: ErrorCode.DefinitionConflict, path: 'visibility', message: 'a public election cannot become private (readers already have it); define a new election id for an embargo' }];
  }
  return [];
}

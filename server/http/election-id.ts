import { ElectionIdSchema } from '../../shared/schemas/election.schema.ts';
import { noSuchElection, validationError } from '../errors/app-error.ts';

/** The election id of a write route: a 400 naming the parameter when malformed. */
export function writableElectionId(raw: string): string {
  const parsed = ElectionIdSchema.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error, 'electionId').withPathPrefix('electionId');
  return parsed.data;
}

/** The election id of a read route: a malformed id names no election, so 404. */
export function readableElectionId(raw: string): string {
  if (!ElectionIdSchema.safeParse(raw).success) throw noSuchElection(raw);
  return raw;
}

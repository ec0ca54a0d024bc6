import { ErrorCode } from '../../shared/codes/error-codes.ts';
import { GoLiveRequestSchema } from '../../shared/schemas/go-live.schema.ts';
import type { Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import type { StoredElection } from '../../shared/tally/election-state.ts';
import { modeOf } from '../../shared/tally/mode.ts';
import { buildSnapshot } from '../../shared/tally/snapshot.ts';
import { AppError, noSuchElection, validationError } from '../errors/app-error.ts';
import { newEpoch } from './definition-service.ts';
import type { Decision, ElectionWriter } from './election-writer.ts';

export interface GoLiveServiceDeps {
  writer: ElectionWriter;
}

/** Going live on the latest state: refused when it already is, else the reset commit (its snapshot is pushed). */
function decideGoLive(electionId: string, current: StoredElection | null, by: string, at: Date): Decision<Snapshot> {
  if (!current) throw noSuchElection(electionId);
  if (modeOf(current.definition) === 'live') {
    return { kind: 'refuse', error: new AppError(ErrorCode.DefinitionConflict, `election "${electionId}" is already live; nothing was cleared`, [{ path: 'mode', message: 'is already live' }]) };
  }
  const atIso = at.toISOString();
  const definition = { ...current.definition, mode: 'live' as const };
  const state = { version: current.state.version + 1, epoch: newEpoch(), createdAt: current.state.createdAt, updatedAt: atIso, rounds: [] };
  return {
    kind: 'commit',
    state,
    definition,
    entry: { kind: 'definition', version: state.version, at: atIso, by, definition },
    reset: true,
    committed: (stored) => {
      const snapshot = buildSnapshot(stored);
      return { value: snapshot, push: { snapshot } };
    },
  };
}

/**
 * Switching a rehearsal to the real night: the figures, the history and the bulletin ids go (the same
 * bulletin ids may be posted again for real), the mode becomes `live`, and the epoch changes.
 *
 * The version goes on (+1) rather than restarting: a subscriber that catches up with `sinceVersion` but
 * no epoch then finds no history to replay and takes the fresh snapshot; restarting at 0 would let a
 * client at an old version N receive the new epoch's deltas N+1... as if they followed its figures.
 */
export function createGoLiveService({ writer }: GoLiveServiceDeps) {
  return {
    async goLive(electionId: string, body: unknown, by: string): Promise<Snapshot> {
      const parsed = GoLiveRequestSchema.safeParse(body);
      if (!parsed.success) throw validationError(parsed.error, 'go-live request');
      if (parsed.data.confirm !== electionId) {
        throw new AppError(ErrorCode.ValidationFailed, `invalid go-live request: confirm: must be "${electionId}" to delete its test figures`, [
          { path: 'confirm', message: `must be the election id "${electionId}"` },
        ]);
      }
      return writer.submit<Snapshot>(electionId, { decide: (current, at) => decideGoLive(electionId, current, by, at) });
    },
  };
}

import type { SubscribeRequest } from '../../shared/events.ts';
import type { Delta } from '../../shared/schemas/snapshot.schema.ts';
import type { StoredElection } from '../../shared/tally/election-state.ts';
import type { Store } from '../store/store.ts';

/** The most deltas a catch-up replays; beyond that a fresh snapshot is cheaper for everyone. */
export const MAX_CATCH_UP = 500;

/**
 * The deltas a subscriber missed since `sinceVersion`, when they can all be replayed: same epoch, every
 * version still in the history, no definition change among them. Otherwise `recovered: false`, and the
 * subscriber takes the snapshot as it is. Never a partial replay. Desk calls replay like bulletins.
 */
export async function catchUp(
  store: Store,
  stored: StoredElection,
  request: SubscribeRequest,
): Promise<{ missed: Delta[]; recovered: boolean }> {
  const { version, epoch } = stored.state;
  const since = request.sinceVersion;
  if (since === undefined) return { missed: [], recovered: false };
  if (request.epoch !== undefined && request.epoch !== epoch) return { missed: [], recovered: false };
  if (since === version) return { missed: [], recovered: true };
  if (since > version || version - since > MAX_CATCH_UP) return { missed: [], recovered: false };

  const entries = await store.readHistory(stored.electionId, since, version - since);
  const missed: Delta[] = [];
  for (const [i, entry] of entries.entries()) {
    if (entry.version !== since + 1 + i || entry.kind === 'definition') return { missed: [], recovered: false };
    missed.push(entry.delta);
  }
  return missed.length === version - since ? { missed, recovered: true } : { missed: [], recovered: false };
}

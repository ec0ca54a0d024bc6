import type { SubscribeRequest } from '../../shared/events.ts';
import type { Delta } from '../../shared/schemas/snapshot.schema.ts';
import type { StoredElection } from '../../shared/tally/election-state.ts';
import type { Store } from '../store/store.ts';

/** How far back a catch-up replays (CATCHUP_MAX_DELTAS, CATCHUP_MAX_AGE_MS). */
export interface CatchUpLimits {
  /** The most deltas one catch-up replays; beyond that a fresh snapshot is cheaper for everyone. */
  maxDeltas: number;
  /** Missed deltas older than this are not replayed: a client away that long takes a snapshot. */
  maxAgeMs: number;
}

export const DEFAULT_CATCH_UP: CatchUpLimits = { maxDeltas: 500, maxAgeMs: 15 * 60_000 };

type CatchUp = { missed: Delta[]; recovered: boolean };

/** Not replayable: the subscriber takes the snapshot as it is. A function, so no caller shares the array. */
const none = (): CatchUp => ({ missed: [], recovered: false });

/**
 * The deltas a subscriber missed since `sinceVersion`, when they can all be replayed: same epoch, every
 * version still in the history and within the limits, no definition change among them. Otherwise
 * `recovered: false`, and the subscriber takes the snapshot as it is. Never a partial replay. The read
 * is one bounded range (at most `maxDeltas` entries), never a scan.
 */
export async function catchUp(
  store: Store,
  stored: StoredElection,
  request: SubscribeRequest,
  limits: CatchUpLimits = DEFAULT_CATCH_UP,
  now: number = Date.now(),
): Promise<CatchUp> {
  const { version, epoch } = stored.state;
  const since = request.sinceVersion;
  if (since === undefined) return none();
  if (request.epoch !== undefined && request.epoch !== epoch) return none();
  if (since === version) return { missed: [], recovered: true };
  if (since > version || version - since > limits.maxDeltas) return none();

  const entries = await store.readHistory(stored.electionId, since, version - since);
  const missed: Delta[] = [];
  for (const [i, entry] of entries.entries()) {
    if (entry.version !== since + 1 + i || entry.kind !== 'bulletin') return none();
    if (i === 0 && now - Date.parse(entry.at) > limits.maxAgeMs) return none();
    missed.push(entry.delta);
  }
  return missed.length === version - since ? { missed, recovered: true } : none();
}

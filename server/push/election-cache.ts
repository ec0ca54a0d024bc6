import type { Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import type { StoredElection } from '../../shared/tally/election-state.ts';
import { buildSnapshot } from '../../shared/tally/snapshot.ts';
import { casToken, type Store } from '../store/store.ts';

/** One election as of one version, and its snapshot built once. */
export interface CachedElection {
  cas: string;
  stored: StoredElection;
  snapshot: Snapshot;
}

/** Elections kept per node; beyond that the oldest entry goes (a night has a handful). */
const MAX_ENTRIES = 1000;

/**
 * The per-node cache that makes a reconnect storm cheap: each subscribe reads the election's
 * compare-and-set token (a few bytes) and takes the cached election when it is still that version;
 * otherwise one load, shared by every subscribe of the same version that arrives while it runs. Ten
 * thousand readers coming back at once cost Redis ten thousand tiny reads and one full one per
 * election and version. The token is read after the subscriber joined its room, so what it answers is
 * never older than a delta the subscriber could have missed.
 */
export function createElectionCache(store: Store) {
  const entries = new Map<string, CachedElection>();
  const loading = new Map<string, { cas: string; promise: Promise<CachedElection | null> }>();

  function remember(entry: CachedElection): void {
    entries.delete(entry.stored.electionId);
    entries.set(entry.stored.electionId, entry);
    if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  }

  function load(electionId: string, cas: string): Promise<CachedElection | null> {
    const flight = loading.get(electionId);
    if (flight?.cas === cas) return flight.promise;
    const promise = store.load(electionId).then((stored) => {
      if (!stored) return null;
      const entry = { cas: casToken(stored.state), stored, snapshot: buildSnapshot(stored) };
      remember(entry);
      return entry;
    });
    loading.set(electionId, { cas, promise });
    const forget = () => {
      if (loading.get(electionId)?.promise === promise) loading.delete(electionId);
    };
    promise.then(forget, forget);
    return promise;
  }

  return {
    /** The election at its current version (or a later one), or null if unknown. */
    async get(electionId: string): Promise<CachedElection | null> {
      const cas = await store.readCas(electionId);
      if (cas === null) return null;
      const hit = entries.get(electionId);
      if (hit?.cas === cas) return hit;
      return load(electionId, cas);
    },
    /** How many elections are held (for tests and metrics). */
    get size(): number {
      return entries.size;
    },
  };
}

export type ElectionCache = ReturnType<typeof createElectionCache>;

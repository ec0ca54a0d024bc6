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

export interface ElectionCacheOptions {
  /**
   * How long a version read from the store is trusted without reading it again (ms). 0 (the
   * subscribe path): every `get` reads the token. The HTTP reads trust it briefly (HTTP_CACHE_TRUST_MS):
   * a `touch` from this node's own commits ends the trust at once; another node's commit is seen at
   * most this much later.
   */
  trustMs?: number;
  now?: () => number;
}

/** When an election's token was last read, and the touch count it was read under. */
interface Check {
  at: number;
  generation: number;
  /** The read in flight, shared by every `get` that arrives while it runs. */
  pending: Promise<string | null> | null;
}

/**
 * The per-node cache that makes a reconnect storm cheap: each subscribe reads the election's
 * compare-and-set token (a few bytes) and takes the cached election when it is still that version;
 * otherwise one load, shared by every subscribe of the same version that arrives while it runs. Ten
 * thousand readers coming back at once cost Redis ten thousand tiny reads and one full one per
 * election and version. The token is read after the subscriber joined its room, so what it answers is
 * never older than a delta the subscriber could have missed. With `trustMs`, HTTP polls within the
 * window cost Redis nothing at all.
 */
export function createElectionCache(store: Store, { trustMs = 0, now = Date.now }: ElectionCacheOptions = {}) {
  const entries = new Map<string, CachedElection>();
  const loading = new Map<string, { cas: string; promise: Promise<CachedElection | null> }>();
  const checks = new Map<string, Check>();
  const generations = new Map<string, number>();

  function remember(entry: CachedElection): void {
    entries.delete(entry.stored.electionId);
    entries.set(entry.stored.electionId, entry);
    if (entries.size > MAX_ENTRIES) {
      const oldest = entries.keys().next().value!;
      entries.delete(oldest);
      checks.delete(oldest);
    }
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

  /** The token as of now, or as of less than `trustMs` ago with no touch since. */
  function readCas(electionId: string): Promise<string | null> | string | null {
    if (trustMs <= 0) return store.readCas(electionId);
    const generation = generations.get(electionId) ?? 0;
    const check = checks.get(electionId);
    const hit = entries.get(electionId);
    if (check && check.generation === generation) {
      if (check.pending) return check.pending;
      if (hit && now() - check.at < trustMs) return hit.cas;
    }
    // The window starts when the read is sent: what it answers is at least that fresh.
    const mine: Check = { at: now(), generation, pending: null };
    mine.pending = store.readCas(electionId).finally(() => {
      mine.pending = null;
    });
    // A failed read is not trusted: the next get reads again.
    mine.pending.catch(() => checks.get(electionId) === mine && checks.delete(electionId));
    checks.set(electionId, mine);
    return mine.pending;
  }

  return {
    /** The election at its current version (or a later one), or null if unknown. */
    async get(electionId: string): Promise<CachedElection | null> {
      const cas = await readCas(electionId);
      if (cas === null) return null;
      const hit = entries.get(electionId);
      if (hit?.cas === cas) return hit;
      return load(electionId, cas);
    },
    /** This node committed a change to the election: the next `get` reads the store again. */
    touch(electionId: string): void {
      generations.set(electionId, (generations.get(electionId) ?? 0) + 1);
      checks.delete(electionId);
    },
    /** How many elections are held (for tests and metrics). */
    get size(): number {
      return entries.size;
    },
  };
}

export type ElectionCache = ReturnType<typeof createElectionCache>;

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
   * How long a version read from the store may be taken as current without reading it again (ms),
   * by `peek` only: the HTTP reads answer a conditional request naming that version with `304` from
   * memory (HTTP_CACHE_TRUST_MS). A `touch` (this node's own commit) ends it at once. `get` always
   * reads the token.
   */
  trustMs?: number;
  now?: () => number;
}

/** When an election's token was last read, what it said, and the touch count it was read under. */
interface Check {
  at: number;
  cas: string | null;
  generation: number;
}

/**
 * The per-node cache that makes a reconnect storm cheap: each subscribe reads the election's
 * compare-and-set token (a few bytes) and takes the cached election when it is still that version;
 * otherwise one load, shared by every subscribe of the same version that arrives while it runs. Ten
 * thousand readers coming back at once cost Redis ten thousand tiny reads and one full one per
 * election and version. The token is read after the subscriber joined its room, so what it answers is
 * never older than a delta the subscriber could have missed. `peek` (the HTTP reads) takes the last
 * read as current for `trustMs`, so a poll that already holds that version costs Redis nothing.
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

  async function readCas(electionId: string): Promise<string | null> {
    // The window starts when the read is sent, under the touch count of that moment: a commit of this
    // node that lands meanwhile makes the answer untrusted.
    const at = now();
    const generation = generations.get(electionId) ?? 0;
    const cas = await store.readCas(electionId);
    if (trustMs > 0 && (checks.get(electionId)?.at ?? -Infinity) <= at) checks.set(electionId, { at, cas, generation });
    return cas;
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
    /** The election as of its last read, if that was less than `trustMs` ago with no touch since; no IO. */
    peek(electionId: string): CachedElection | null {
      const check = checks.get(electionId);
      const hit = entries.get(electionId);
      if (!check || !hit || check.cas !== hit.cas || now() - check.at >= trustMs) return null;
      return check.generation === (generations.get(electionId) ?? 0) ? hit : null;
    },
    /** This node committed a change to the election: `peek` answers nothing until the next `get`. */
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

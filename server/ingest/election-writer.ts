import type { StoredElection } from '../../shared/tally/election-state.ts';
import { StoreUnavailableError } from '../errors/app-error.ts';
import type { CommitRequest, SeenBulletin, Store } from '../store/store.ts';
import { createKeyedSerializer } from './keyed-serializer.ts';

/** What a change decides, given the election as last known. */
export type Decision<T> =
  /** Nothing to store: answer with this. */
  | { kind: 'answer'; value: T }
  /** The decision rested on a cached copy and went against the change: decide again on a fresh read. */
  | { kind: 'recheck' }
  | {
      kind: 'commit';
      request: CommitRequest;
      committed: (stored: StoredElection) => T;
      duplicate?: (seen: SeenBulletin) => T;
    };

/** The cached copy of one election, as handed to `exclusive` tasks. */
export interface ElectionCopy {
  read(fresh: boolean): Promise<{ stored: StoredElection | null; fresh: boolean }>;
  remember(stored: StoredElection): void;
  forget(): void;
}

/** How often a change is recomputed when another process committed first, before answering 503. */
const MAX_ATTEMPTS = 8;

/**
 * A short random wait before deciding again after another process committed first although the
 * decision rested on a fresh read (the n-th such conflict: up to 2^n ms, at most 64), so two processes racing on one election stop colliding in step. The
 * usual remedy for optimistic concurrency under contention; without it a process slowed down by a
 * busy machine could lose every attempt and answer 503.
 */
export function afterConflict(conflicts: number): Promise<void> {
  const ms = Math.random() * Math.min(64, 2 ** conflicts);
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The one way elections change: serialized per election in this process, decided by a pure function
 * on the latest state, committed with compare-and-set, recomputed on a conflict. It keeps the last
 * committed copy of each election so the common case costs one store round trip; the copy is only a
 * guess that the store's version check confirms, never the truth.
 */
export function createElectionWriter(store: Store) {
  const serialize = createKeyedSerializer();
  const known = new Map<string, StoredElection>();

  async function load(electionId: string): Promise<StoredElection | null> {
    const loaded = await store.load(electionId);
    if (loaded) known.set(electionId, loaded);
    else known.delete(electionId);
    return loaded;
  }

  async function attempt<T>(electionId: string, decide: (current: StoredElection | null, fresh: boolean) => Decision<T>): Promise<T> {
    let fresh = false;
    let conflicts = 0;
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      const cached = fresh ? undefined : known.get(electionId);
      const current = cached ?? (await load(electionId));
      const decision = decide(current, cached === undefined);
      if (decision.kind === 'answer') return decision.value;
      if (decision.kind === 'recheck') {
        if (cached === undefined) throw new Error('a decision asked for a recheck of a fresh read');
        fresh = true;
        continue;
      }
      const result = await store.commit(decision.request);
      if (result.status === 'committed') {
        const stored: StoredElection = {
          electionId,
          definition: decision.request.definition ?? current!.definition,
          state: decision.request.state,
        };
        known.set(electionId, stored);
        return decision.committed(stored);
      }
      known.delete(electionId);
      if (result.status === 'duplicate') {
        if (!decision.duplicate) throw new Error('commit reported a duplicate for a change without an id');
        return decision.duplicate(result.seen);
      }
      // A cached copy that went stale is the common case: read again at once. A fresh read that still
      // lost means another process is racing on this election: wait a little first.
      if (cached === undefined) await afterConflict(++conflicts);
      fresh = true;
    }
    throw new StoreUnavailableError('the election is changing too fast to commit this safely; retry (it is safe to resend)');
  }

  /** The election as last known (or freshly read when `fresh`, or when nothing is cached). */
  async function read(electionId: string, fresh: boolean): Promise<{ stored: StoredElection | null; fresh: boolean }> {
    const cached = fresh ? undefined : known.get(electionId);
    return cached ? { stored: cached, fresh: false } : { stored: await load(electionId), fresh: true };
  }

  return {
    /**
     * Runs `task` in the election's turn (after every change queued before it, before any queued after),
     * with the cached copy: for work that commits several changes at once (the bulletin batcher).
     * `remember` must be given what was committed, `forget` called when the copy may be stale.
     */
    exclusive<T>(electionId: string, task: (copy: ElectionCopy) => Promise<T>): Promise<T> {
      return serialize(electionId, () =>
        task({
          read: (fresh) => read(electionId, fresh),
          remember: (stored) => void known.set(electionId, stored),
          forget: () => void known.delete(electionId),
        }),
      );
    },
    /**
     * Decides and commits one change to an election. `decide` must be pure and may run several times;
     * `fresh` says whether `current` was just read from the store.
     */
    change<T>(electionId: string, decide: (current: StoredElection | null, fresh: boolean) => Decision<T>): Promise<T> {
      return serialize(electionId, () => attempt(electionId, decide));
    },
    /** Forgets cached copies (after a store reset, or for tests). */
    forget(electionId?: string) {
      if (electionId) known.delete(electionId);
      else known.clear();
    },
  };
}

export type ElectionWriter = ReturnType<typeof createElectionWriter>;

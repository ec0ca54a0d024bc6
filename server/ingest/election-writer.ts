import type { Delta, Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import type { StoredElection } from '../../shared/tally/election-state.ts';
import { buildSnapshot } from '../../shared/tally/snapshot.ts';
import { OutcomeUnknownError } from '../errors/app-error.ts';
import type { CommitRequest, CommitResult, Store } from '../store/store.ts';
import type { Change, Push } from './change-plan.ts';
import { deferInOrder } from './defer-in-order.ts';
import { runTurn, type Pending, type TurnDeps } from './election-turn.ts';
import { createKeyedSerializer } from './keyed-serializer.ts';

export type { BulletinIdentity, Change, Decision, Push } from './change-plan.ts';

/** Bulletins per group at most: bounds the script's size and the wait of the first one in line. */
const MAX_GROUP = 64;

export interface ElectionWriterDeps {
  store: Store;
  /** Where committed changes go, in commit order, on the next turn of the event loop (after the answer is written). */
  publish: { delta(delta: Delta): void; snapshot(snapshot: Snapshot): void };
  now?: () => Date;
  /** Told of the election after each commit, once per group (the nights holding it update their line). */
  committed?: (stored: StoredElection) => void;
}

/**
 * The one way elections change (bulletins, definitions, going live, desk calls): serialized per election
 * in this process, decided by each change's pure function on the latest state, committed with one
 * compare-and-set store call per turn, decided again on a conflict (`election-turn.ts`), then
 * published. Bulletins that arrive while their election's previous commit is in flight wait together
 * and share one commit (group commit), each at its own version, each answered once. The writer keeps
 * the last committed copy of each election so the common case costs one store round trip; the copy is
 * only a guess that the store's version check confirms, never the truth.
 */
export function createElectionWriter({ store, publish, now = () => new Date(), committed }: ElectionWriterDeps) {
  const serialize = createKeyedSerializer();
  const known = new Map<string, StoredElection>();
  /** Per election, the group of bulletins still taking more (until its turn starts, or it is full). */
  const open = new Map<string, Pending[]>();
  const turns: TurnDeps = {
    read: (electionId, reload) => read(store, known, electionId, reload),
    remember: (electionId, stored) => void (stored ? known.set(electionId, stored) : known.delete(electionId)),
    commit,
    findBulletin: (electionId, bulletinId) => store.findBulletin(electionId, bulletinId),
    ...(committed ? { committed } : {}),
    push: deferInOrder((p: Push) => ('delta' in p ? publish.delta(p.delta) : publish.snapshot(p.snapshot))),
    now,
  };

  /**
   * The one store call of every change. The store makes it as durable as `DURABILITY` says before it
   * resolves (`server/store/durable-commit.ts`); when it cannot say, it throws `outcome_unknown` and the
   * turn's catch answers the whole group with it, pushing nothing.
   */
  function commit(request: CommitRequest): Promise<CommitResult> {
    return store.commit(request);
  }

  /**
   * Elections with a commit answered `outcome_unknown`: it may stand, unpushed. The next turn that
   * completes proves the store durable up to then, and pushes the stored snapshot, so subscribers never
   * stay behind a change nobody pushed (a resend of it is answered as a duplicate, which pushes nothing).
   */
  const unconfirmed = new Set<string>();

  async function pushConfirmed(electionId: string): Promise<void> {
    const stored = await store.load(electionId).catch(() => null);
    if (stored) turns.push({ snapshot: buildSnapshot(stored) });
    else unconfirmed.add(electionId);
  }

  /** Queues `group` for its election's turn; a failure (the store is down) fails all of it, storing nothing. */
  function schedule(electionId: string, group: Pending[]): void {
    void serialize(electionId, async () => {
      // From here on the group takes no more: bulletins arriving now form the next one.
      if (open.get(electionId) === group) open.delete(electionId);
      try {
        await runTurn(turns, electionId, group);
        if (unconfirmed.delete(electionId)) await pushConfirmed(electionId);
      } catch (error) {
        known.delete(electionId);
        if (error instanceof OutcomeUnknownError) unconfirmed.add(electionId);
        for (const p of group) p.reject(error);
      }
    });
  }

  return {
    /**
     * Decides, commits and publishes one change in its election's turn (after every change queued before
     * it, before any queued after); resolves with its answer. A bulletin joins its election's open group.
     */
    submit<T>(electionId: string, change: Change<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const pending: Pending = { change: change as Change<unknown>, resolve: resolve as (value: unknown) => void, reject };
        if (!change.bulletin) return schedule(electionId, [pending]);
        let group = open.get(electionId);
        if (!group) {
          group = [];
          open.set(electionId, group);
          schedule(electionId, group);
        }
        group.push(pending);
        if (group.length >= MAX_GROUP) open.delete(electionId);
      });
    },
    /** Forgets cached copies (after a store reset, or for tests). */
    forget(electionId?: string) {
      if (electionId) known.delete(electionId);
      else known.clear();
    },
  };
}

/** The election as last committed here, or (`reload`, or none kept) read from the store and kept. */
async function read(store: Store, known: Map<string, StoredElection>, electionId: string, reload: boolean): Promise<{ current: StoredElection | null; cached: boolean }> {
  const copy = reload ? undefined : known.get(electionId);
  if (copy) return { current: copy, cached: true };
  const loaded = await store.load(electionId);
  if (loaded) known.set(electionId, loaded);
  else known.delete(electionId);
  return { current: loaded, cached: false };
}

export type ElectionWriter = ReturnType<typeof createElectionWriter>;

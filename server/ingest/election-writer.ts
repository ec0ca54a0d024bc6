import type { Delta, Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import type { StoredElection } from '../../shared/tally/election-state.ts';
import { StoreUnavailableError } from '../errors/app-error.ts';
import type { CommitRequest, CommitResult, SeenBulletin, Store } from '../store/store.ts';
import { planGroup, type Change, type GroupPlan, type Outcome, type Push } from './change-plan.ts';
import { deferInOrder } from './defer-in-order.ts';
import { createKeyedSerializer } from './keyed-serializer.ts';

export type { BulletinIdentity, Change, Decision, Push } from './change-plan.ts';

/** How often a group is decided again (another process committed first, or an id was seen) before 503. */
const MAX_ATTEMPTS = 8;
/** Bulletins per group at most: bounds the script's size and the wait of the first one in line. */
const MAX_GROUP = 64;

/** A change waiting for its election's turn, with its caller's promise. */
interface Pending {
  change: Change<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

export interface ElectionWriterDeps {
  store: Store;
  /** Where committed changes go, in commit order, on the next turn of the event loop (after the answer is written). */
  publish: { delta(delta: Delta): void; snapshot(snapshot: Snapshot): void };
  now?: () => Date;
}

/**
 * A short random wait before deciding again after another process committed first although the
 * decision rested on a fresh read (the n-th such conflict: up to 2^n ms, at most 64), so two processes
 * racing on one election stop colliding in step. The usual remedy for optimistic concurrency under
 * contention; without it a process slowed down by a busy machine could lose every attempt and answer 503.
 */
export function afterConflict(conflicts: number): Promise<void> {
  const ms = Math.random() * Math.min(64, 2 ** conflicts);
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The one way elections change (bulletins, definitions, going live, desk calls): serialized per election
 * in this process, decided by each change's pure function on the latest state, committed with one
 * compare-and-set store call per turn, decided again on a conflict, then published. Bulletins that
 * arrive while their election's previous commit is in flight wait together and share one commit
 * (group commit), each at its own version, each answered once. The writer keeps the last committed
 * copy of each election so the common case costs one store round trip; the copy is only a guess that
 * the store's version check confirms, never the truth.
 */
export function createElectionWriter({ store, publish, now = () => new Date() }: ElectionWriterDeps) {
  const serialize = createKeyedSerializer();
  const known = new Map<string, StoredElection>();
  /** Per election, the group of bulletins still taking more (until its turn starts, or it is full). */
  const open = new Map<string, Pending[]>();
  const push = deferInOrder((p: Push) => ('delta' in p ? publish.delta(p.delta) : publish.snapshot(p.snapshot)));

  /** The election as last committed here (`reload`: read it from the store however); `cached`: not just read. */
  async function read(electionId: string, reload: boolean): Promise<{ current: StoredElection | null; cached: boolean }> {
    const copy = reload ? undefined : known.get(electionId);
    if (copy) return { current: copy, cached: true };
    const loaded = await store.load(electionId);
    if (loaded) known.set(electionId, loaded);
    else known.delete(electionId);
    return { current: loaded, cached: false };
  }

  /**
   * The one store call of every change. Issue 15's durability wait (and its `outcome_unknown`) and an
   * idempotent commit belong here, and nowhere else.
   */
  function commit(request: CommitRequest): Promise<CommitResult> {
    return store.commit(request);
  }

  /** Answers a change the commit does not decide. A refused bulletin is a duplicate if its id was accepted before. */
  function settle(electionId: string, pending: Pending, outcome: Outcome<unknown>): void {
    const identity = pending.change.bulletin;
    if (outcome.kind === 'value') return pending.resolve(outcome.value);
    if (outcome.kind === 'error') return pending.reject(outcome.error);
    if (outcome.kind === 'seen') return answerSeen(pending, outcome.seen);
    if (!identity) return pending.reject(outcome.error);
    // Looked up outside the election's turn (the next group need not wait for it): a resent bulletin
    // that was accepted earlier is a duplicate, not an error (its figures are "backwards" by now).
    store.findBulletin(electionId, identity.id).then((seen) => (seen ? answerSeen(pending, seen) : pending.reject(outcome.error)), pending.reject);
  }

  function answerSeen(pending: Pending, seen: SeenBulletin): void {
    try {
      pending.resolve(pending.change.bulletin!.seen(seen));
    } catch (error) {
      pending.reject(error);
    }
  }

  /** Publishes and answers what a group's commit stored, in version order; then the rest of the group. */
  function committed(electionId: string, plan: Extract<GroupPlan<Pending>, { recheck: false }>): void {
    const last = plan.commits.at(-1);
    if (last) known.set(electionId, last.stored);
    for (const { item, decision, stored } of plan.commits) {
      const { value, push: pushed } = decision.committed(stored);
      if (pushed) push(pushed);
      item.resolve(value);
    }
    for (const { item, outcome } of plan.settled) settle(electionId, item, outcome);
  }

  /** One turn of an election: decide the group, commit it in one store call, decide again on a conflict. */
  async function turn(electionId: string, group: Pending[]): Promise<void> {
    let pending = group;
    let reload = false;
    let conflicts = 0;
    for (let attempt = 0; attempt < MAX_ATTEMPTS && pending.length > 0; attempt++) {
      const { current, cached } = await read(electionId, reload);
      const plan = planGroup(electionId, current, cached, pending, now());
      if (plan.recheck) {
        reload = true;
        continue;
      }
      const result = plan.request ? await commit(plan.request) : ({ status: 'committed' } as const);
      if (result.status === 'committed') return committed(electionId, plan);
      if (result.status === 'duplicate') {
        // That one was accepted before (a resend): answer it, and decide the others again without it.
        const item = plan.owners[result.index]!;
        answerSeen(item, result.seen);
        pending = pending.filter((p) => p !== item);
        continue;
      }
      known.delete(electionId);
      // A cached copy that went stale is the common case: read again at once. A fresh read that still
      // lost means another process is racing on this election: wait a little first.
      if (!cached) await afterConflict(++conflicts);
      reload = true;
    }
    const tooFast = new StoreUnavailableError('the election is changing too fast to commit this safely; retry (it is safe to resend)');
    for (const p of pending) p.reject(tooFast);
  }

  /** Queues `group` for its election's turn; a failure (the store is down) fails all of it, storing nothing. */
  function schedule(electionId: string, group: Pending[]): void {
    void serialize(electionId, async () => {
      // From here on the group takes no more: bulletins arriving now form the next one.
      if (open.get(electionId) === group) open.delete(electionId);
      try {
        await turn(electionId, group);
      } catch (error) {
        known.delete(electionId);
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

export type ElectionWriter = ReturnType<typeof createElectionWriter>;

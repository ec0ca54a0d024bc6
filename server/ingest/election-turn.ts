import type { StoredElection } from '../../shared/tally/election-state.ts';
import { StoreUnavailableError } from '../errors/app-error.ts';
import type { CommitRequest, CommitResult, SeenBulletin, Store } from '../store/store.ts';
import { planGroup, type Change, type GroupPlan, type Outcome, type Push } from './change-plan.ts';

/** How often a group is decided again (another process committed first, or an id was seen) before 503. */
const MAX_ATTEMPTS = 8;

/** A change waiting for its election's turn, with its caller's promise. */
export interface Pending {
  change: Change<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** What one turn works with: the writer's copies, its one commit call, the store's id lookup, the publisher. */
export interface TurnDeps {
  /** The election as last committed here (`reload`: read from the store however); `cached`: not just read. */
  read(electionId: string, reload: boolean): Promise<{ current: StoredElection | null; cached: boolean }>;
  /** Keeps the writer's copy of what was committed; null drops it (it may be stale). */
  remember(electionId: string, stored: StoredElection | null): void;
  commit(request: CommitRequest): Promise<CommitResult>;
  findBulletin: Store['findBulletin'];
  /** Told of the election after each commit (the nights holding it update their line). */
  committed?(stored: StoredElection): void;
  /** Queues a push: sent in commit order on the next turn of the event loop. */
  push(push: Push): void;
  now(): Date;
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

function answerSeen(pending: Pending, seen: SeenBulletin): void {
  try {
    pending.resolve(pending.change.bulletin!.seen(seen));
  } catch (error) {
    pending.reject(error);
  }
}

/** Answers a change the commit does not decide. A refused bulletin is a duplicate if its id was accepted before. */
function settle(deps: TurnDeps, electionId: string, pending: Pending, outcome: Outcome<unknown>): void {
  const identity = pending.change.bulletin;
  if (outcome.kind === 'value') return pending.resolve(outcome.value);
  if (outcome.kind === 'error') return pending.reject(outcome.error);
  if (outcome.kind === 'seen') return answerSeen(pending, outcome.seen);
  if (!identity) return pending.reject(outcome.error);
  // Looked up without holding the election's turn (the next group need not wait for it): a resent
  // bulletin that was accepted earlier is a duplicate, not an error (its figures are "backwards" by now).
  deps.findBulletin(electionId, identity.id).then((seen) => (seen ? answerSeen(pending, seen) : pending.reject(outcome.error)), pending.reject);
}

/** Publishes and answers what a group's commit stored, in version order; then the rest of the group. */
function committed(deps: TurnDeps, electionId: string, plan: Extract<GroupPlan<Pending>, { recheck: false }>): void {
  const last = plan.commits.at(-1);
  if (last) {
    deps.remember(electionId, last.stored);
    deps.committed?.(last.stored);
  }
  for (const { item, decision, stored } of plan.commits) {
    const { value, push } = decision.committed(stored);
    if (push) deps.push(push);
    item.resolve(value);
  }
  for (const { item, outcome } of plan.settled) settle(deps, electionId, item, outcome);
}

/**
 * One turn of an election: decide the group on the election as last known, commit it in one store
 * call, and on a conflict read again and decide again; every change of the group is answered once.
 */
export async function runTurn(deps: TurnDeps, electionId: string, group: Pending[]): Promise<void> {
  let pending = group;
  let reload = false;
  let conflicts = 0;
  for (let attempt = 0; attempt < MAX_ATTEMPTS && pending.length > 0; attempt++) {
    const { current, cached } = await deps.read(electionId, reload);
    const plan = planGroup(electionId, current, cached, pending, deps.now());
    if (plan.recheck) {
      reload = true;
      continue;
    }
    const result = plan.request ? await deps.commit(plan.request) : ({ status: 'committed' } as const);
    if (result.status === 'committed') return committed(deps, electionId, plan);
    if (result.status === 'duplicate') {
      // That one was accepted before (a resend): answer it, and decide the others again without it.
      const item = plan.owners[result.index]!;
      answerSeen(item, result.seen);
      pending = pending.filter((p) => p !== item);
      continue;
    }
    deps.remember(electionId, null);
    // A cached copy that went stale is the common case: read again at once. A fresh read that still
    // lost means another process is racing on this election: wait a little first.
    if (!cached) await afterConflict(++conflicts);
    reload = true;
  }
  const tooFast = new StoreUnavailableError('the election is changing too fast to commit this safely; retry (it is safe to resend)');
  for (const p of pending) p.reject(tooFast);
}

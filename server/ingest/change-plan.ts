import type { ElectionDefinition } from '../../shared/schemas/election.schema.ts';
import type { Delta, Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import type { ElectionState, StoredElection } from '../../shared/tally/election-state.ts';
import type { AppError } from '../errors/app-error.ts';
import type { CommitEntry, CommitRequest, HistoryEntry, SeenBulletin } from '../store/store.ts';

/** What subscribers are sent once a change is stored. */
export type Push = { delta: Delta } | { snapshot: Snapshot };

/** What a change decides on the election as last known. */
export type Decision<T> =
  /**
   * Nothing to store: answer with `value`. `confirm`: the answer says something about the latest state
   * (a desk call that changes nothing), so a cached copy is not enough: decided again on a fresh read.
   */
  | { kind: 'answer'; value: T; confirm?: boolean }
  /** Refused against the latest state; a refusal that rested on a cached copy is decided again on a fresh read. */
  | { kind: 'refuse'; error: AppError }
  | {
      kind: 'commit';
      /** The state after the change. */
      state: ElectionState;
      /** Appended to the history at `state.version`. */
      entry?: HistoryEntry;
      /** The definition, when it changes (always on creation). */
      definition?: ElectionDefinition;
      /** Clears the history and the bulletin ids first (going live). */
      reset?: boolean;
      /** The answer once stored, and what subscribers are sent. */
      committed(stored: StoredElection): { value: T; push?: Push };
    };

/** A bulletin's identity: its id (given or `auto-<hash>`) and the hash of its body. */
export interface BulletinIdentity<T> {
  id: string;
  hash: string;
  /** The answer when this id was already accepted (a duplicate, or 409 for another body); may throw. */
  seen(seen: SeenBulletin): T;
}

/** One change to an election, as the services hand it to the writer. */
export interface Change<T> {
  /**
   * Decides the change on `current` (null: no such election), at `at`: pure, and may run several times
   * (on a fresh read, after another process committed first). A throw refuses this change alone.
   */
  decide(current: StoredElection | null, at: Date): Decision<T>;
  /**
   * Set for bulletins: they are committed in groups (group commit), and their id is checked against the
   * earlier ones of the group, by the commit itself, and before a refusal is answered.
   */
  bulletin?: BulletinIdentity<T>;
}

/** How a change of a group ends when its commit is not what decides it. */
export type Outcome<T> =
  | { kind: 'value'; value: T }
  | { kind: 'error'; error: unknown }
  | { kind: 'seen'; seen: SeenBulletin }
  /** Refused; a bulletin's id is still looked up first (a resend of one accepted earlier is a duplicate). */
  | { kind: 'refused'; error: AppError };

type CommitDecision = Extract<Decision<unknown>, { kind: 'commit' }>;

/** A change the group's commit stores: its decision, and the election after it. */
export interface Planned<C> {
  item: C;
  decision: CommitDecision;
  stored: StoredElection;
}

export type GroupPlan<C> =
  /** A decision rested on a cached copy and went against its change: decide the group again on a fresh read. */
  | { recheck: true }
  | {
      recheck: false;
      /** What the commit stores, in version order; empty when nothing is to be stored. */
      commits: Array<Planned<C>>;
      /** The request of the one store call (null when nothing is to be stored), and whose each entry is. */
      request: CommitRequest | null;
      owners: C[];
      /** The changes answered without the commit. */
      settled: Array<{ item: C; outcome: Outcome<unknown> }>;
    };

function decideSafely<T>(change: Change<T>, current: StoredElection | null, at: Date): Decision<T> | { kind: 'throw'; error: unknown } {
  try {
    return change.decide(current, at);
  } catch (error) {
    return { kind: 'throw', error };
  }
}

/** The one store request of the planned commits: the last state, every entry, each bulletin's id. */
function commitRequest<C extends { change: Change<unknown> }>(electionId: string, current: StoredElection | null, commits: Array<Planned<C>>): { request: CommitRequest; owners: C[] } {
  const entries: CommitEntry[] = [];
  const owners: C[] = [];
  for (const { item, decision } of commits) {
    if (!decision.entry) continue;
    const identity = item.change.bulletin;
    entries.push(identity ? { entry: decision.entry, bulletin: { id: identity.id, hash: identity.hash } } : { entry: decision.entry });
    owners.push(item);
  }
  const definition = commits.findLast((c) => c.decision.definition)?.decision.definition;
  const request: CommitRequest = { electionId, expected: current ? current.state : null, state: commits.at(-1)!.stored.state, entries };
  if (definition) request.definition = definition;
  if (commits.some((c) => c.decision.reset)) request.reset = true;
  return { request, owners };
}

/**
 * Decides a group of changes, in order, each on the election the one before left (pure). `cached`:
 * `current` is the writer's copy, not a fresh read. A bulletin whose id an earlier one of the group
 * already takes is answered as seen without deciding.
 */
export function planGroup<C extends { change: Change<unknown> }>(electionId: string, current: StoredElection | null, cached: boolean, group: readonly C[], at: Date): GroupPlan<C> {
  let stored = current;
  const commits: Array<Planned<C>> = [];
  const settled: Array<{ item: C; outcome: Outcome<unknown> }> = [];
  const ids = new Map<string, SeenBulletin>();
  for (const item of group) {
    const identity = item.change.bulletin;
    const earlier = identity && ids.get(identity.id);
    if (earlier) {
      settled.push({ item, outcome: { kind: 'seen', seen: earlier } });
      continue;
    }
    const decision = decideSafely(item.change, stored, at);
    if (decision.kind === 'throw') {
      settled.push({ item, outcome: { kind: 'error', error: decision.error } });
      continue;
    }
    const confirm = decision.kind === 'refuse' || (decision.kind === 'answer' && decision.confirm === true);
    if (confirm && cached) return { recheck: true };
    if (decision.kind !== 'commit') {
      settled.push({ item, outcome: decision.kind === 'refuse' ? { kind: 'refused', error: decision.error } : { kind: 'value', value: decision.value } });
      continue;
    }
    const next: StoredElection = { electionId, definition: decision.definition ?? stored!.definition, state: decision.state };
    commits.push({ item, decision, stored: next });
    if (identity) ids.set(identity.id, { version: decision.state.version, hash: identity.hash });
    stored = next;
  }
  const { request, owners } = commits.length > 0 ? commitRequest(electionId, current, commits) : { request: null, owners: [] };
  return { recheck: false, commits, request, owners, settled };
}

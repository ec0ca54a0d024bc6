import { ErrorCode, type ErrorBody } from '../../shared/codes/error-codes.ts';
import type { SubscribeAck } from '../../shared/events.ts';
import type { Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import { fullJitterDelay, type BackoffOptions } from './backoff.ts';
import { sameStatus, type ConnectionStatus } from './connection-status.ts';
import { createElectionFeed, type ElectionFeed, type FeedNext, type FeedUpdate } from './election-feed.ts';
import type { Link, TallySocket } from './link.ts';

export interface SubscriptionHandlers {
  /** Every change of the local snapshot, in order: the first, each delta, each resync or redefinition. */
  onUpdate?(update: FeedUpdate): void;
  /** The link to the server, for this election: live only once subscribed and in sync. */
  onStatus?(status: ConnectionStatus): void;
  /** The server refused the subscription (`not_found`...). The client keeps trying, more slowly. */
  onError?(error: ErrorBody): void;
  /**
   * How many watch this election, summed over every server (an integer, never who): first from each
   * snapshot the server sends, then from `audience` events (every few seconds at most).
   */
  onAudience?(audience: number): void;
}

export interface Subscription {
  readonly electionId: string;
  /** What is held now (null before the first answer). */
  readonly snapshot: Snapshot | null;
  readonly status: ConnectionStatus;
  /** Stops the updates; closes the connection too when `subscribe()` opened it. Idempotent. */
  unsubscribe(): void;
}

export interface SubscriptionOptions {
  backoff: BackoffOptions;
  /** How long a subscribe may go unanswered before it is sent again (ms). */
  ackTimeoutMs: number;
  /** `false`: ask for every delta as it is committed. */
  conflated?: boolean | undefined;
  now: () => number;
  random?: (() => number) | undefined;
}

interface Entry {
  feed: ElectionFeed;
  handlers: SubscriptionHandlers;
  status: ConnectionStatus;
  /** The subscribe in flight: acks of older ones are ignored. */
  seq: number;
  /** Consecutive retries (refusals, timeouts, gaps that did not close), for the backoff. */
  retries: number;
  retryTimer: ReturnType<typeof setTimeout> | null;
  /** When this election fell out of sync (link lost); cleared once it is live again. */
  downSince: number | null;
}

/** What every election's subscription shares. */
interface Room {
  socket: TallySocket;
  link: Pick<Link, 'closed' | 'downStatus'>;
  options: SubscriptionOptions;
  entries: Map<string, Entry>;
}

/** Codes after which subscribing again cannot help. */
const FATAL = new Set<ErrorCode>([ErrorCode.ValidationFailed]);

function statusOf({ socket, link, options }: Room, entry: Entry): ConnectionStatus {
  const down = link.downStatus();
  if (down) return down;
  if (socket.connected && !entry.feed.pending && entry.feed.snapshot) {
    entry.downSince = null;
    return entry.status.state === 'live' ? entry.status : { state: 'live', since: options.now() };
  }
  // Connected again but not caught up yet: still reconnecting, as far as a reader can tell.
  if (entry.downSince !== null) return { state: 'reconnecting', since: entry.downSince, attempt: 0, retryAt: null, reason: 'catching up' };
  return entry.status.state === 'connecting' ? entry.status : { state: 'connecting', since: options.now() };
}

function refresh(room: Room, entry: Entry): void {
  const next = statusOf(room, entry);
  if (sameStatus(next, entry.status)) return;
  entry.status = next;
  entry.handlers.onStatus?.(next);
}

function retryLater(room: Room, entry: Entry): void {
  if (entry.retryTimer || room.link.closed) return;
  const delay = fullJitterDelay(entry.retries++, room.options.backoff, room.options.random);
  entry.retryTimer = setTimeout(() => {
    entry.retryTimer = null;
    send(room, entry);
  }, delay);
}

function follow(room: Room, entry: Entry, next: FeedNext): void {
  // A first gap is caught up at once; one that persists backs off.
  if (next === 'resync') (entry.retries === 0 ? send(room, entry) : retryLater(room, entry));
  refresh(room, entry);
}

function answer(room: Room, entry: Entry, seq: number, error: Error | null, ack: SubscribeAck | undefined): void {
  if (seq !== entry.seq || !room.entries.has(entry.feed.electionId)) return;
  if (error || !ack) {
    entry.feed.abandon();
    if (room.socket.connected) retryLater(room, entry);
  } else if (!ack.ok) {
    entry.feed.abandon();
    entry.handlers.onError?.(ack.error);
    if (!FATAL.has(ack.error.code)) retryLater(room, entry);
  } else {
    const next = entry.feed.acknowledge(ack);
    if (next === 'ok') entry.retries = 0;
    follow(room, entry, next);
    return;
  }
  refresh(room, entry);
}

function send(room: Room, entry: Entry): void {
  const { socket, options } = room;
  if (!socket.connected || room.link.closed) return;
  const seq = ++entry.seq;
  const request = options.conflated === false ? { ...entry.feed.request(), conflated: false } : entry.feed.request();
  refresh(room, entry);
  socket.timeout(options.ackTimeoutMs).emit('subscribe', request, (error: Error | null, ack?: SubscribeAck) => answer(room, entry, seq, error, ack));
}

function remove(room: Room, entry: Entry): void {
  if (!room.entries.delete(entry.feed.electionId)) return;
  if (entry.retryTimer) clearTimeout(entry.retryTimer);
  if (room.socket.connected) room.socket.emit('unsubscribe', { electionId: entry.feed.electionId });
}

function newEntry(room: Room, electionId: string, handlers: SubscriptionHandlers): Entry {
  const feed = createElectionFeed(electionId, (update) => {
    handlers.onUpdate?.(update);
    // A snapshot straight from the server carries the audience as of its last count; deltas do not.
    if (update.kind === 'snapshot' && update.snapshot.audience !== undefined) handlers.onAudience?.(update.snapshot.audience);
  });
  return { feed, handlers, status: { state: 'connecting', since: room.options.now() }, seq: 0, retries: 0, retryTimer: null, downSince: null };
}

/**
 * The elections followed on one socket, each kept in sync on its own: deltas in version order,
 * catch-up after a gap or a reconnect, a fresh snapshot when catch-up is not possible, retries with
 * backoff when the server refuses or does not answer, and a status per election.
 */
export function createSubscriptions(socket: TallySocket, link: Room['link'], options: SubscriptionOptions) {
  const room: Room = { socket, link, options, entries: new Map() };
  const each = (act: (entry: Entry) => void) => room.entries.forEach(act);
  socket.on('delta', (delta) => {
    const entry = room.entries.get(delta.electionId);
    if (entry) follow(room, entry, entry.feed.receiveDelta(delta));
  });
  socket.on('snapshot', (snapshot) => {
    const entry = room.entries.get(snapshot.electionId);
    if (entry) follow(room, entry, entry.feed.receiveSnapshot(snapshot));
  });
  socket.on('audience', (update) => room.entries.get(update.electionId)?.handlers.onAudience?.(update.audience));

  return {
    /** Follows one election; sends its subscribe at once when connected. One subscription per election. */
    add(electionId: string, handlers: SubscriptionHandlers): Subscription {
      if (room.entries.has(electionId)) throw new Error(`already subscribed to "${electionId}" on this client`);
      const entry = newEntry(room, electionId, handlers);
      room.entries.set(electionId, entry);
      send(room, entry);
      return {
        electionId,
        get snapshot() {
          return entry.feed.snapshot;
        },
        get status() {
          return entry.status;
        },
        unsubscribe: () => remove(room, entry),
      };
    },
    /** Every election afresh, its retries forgotten: after a (re)connection, or once the store is back. */
    resubscribe: () =>
      each((entry) => {
        entry.retries = 0;
        send(room, entry);
      }),
    /** The link dropped: no election is in sync any more. */
    lost: (since: number) =>
      each((entry) => {
        entry.feed.abandon();
        entry.downSince ??= since;
      }),
    refreshAll: () => each((entry) => refresh(room, entry)),
    removeAll: () => [...room.entries.values()].forEach((entry) => remove(room, entry)),
  };
}

export type Subscriptions = ReturnType<typeof createSubscriptions>;

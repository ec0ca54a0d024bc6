import { io, type Socket } from 'socket.io-client';
import { type ErrorBody, ErrorCode } from '../../shared/codes/error-codes.ts';
import type { ClientToServerEvents, ServerToClientEvents, SubscribeAck } from '../../shared/events.ts';
import type { Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import { DEFAULT_BACKOFF, fullJitterDelay, type BackoffOptions } from './backoff.ts';
import { sameStatus, type ConnectionStatus } from './connection-status.ts';
import { createElectionFeed, type ElectionFeed, type FeedNext, type FeedUpdate } from './election-feed.ts';

export type TallySocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TallyClientOptions {
  /** The server's origin; default: the page's own. */
  url?: string;
  /** Reconnect waits (full jitter). Default 0.5 s doubling up to 15 s. */
  backoff?: Partial<BackoffOptions>;
  /** Down for longer than this (ms) reads as `offline` rather than `reconnecting`. Default 15 s. */
  offlineAfterMs?: number;
  /** How long a subscribe may go unanswered before it is sent again (ms). Default 10 s. */
  ackTimeoutMs?: number;
  /** A viewer token for private elections, sent in the handshake (`auth.token`); a function is asked at each connect. */
  token?: string | (() => string | undefined);
  /**
   * `false`: every delta as it is committed (on-air graphics), instead of at most one per conflation
   * window carrying the combined change (the default: lighter, and the same final figures).
   */
  conflated?: boolean;
  /** Default WebSocket first, long-polling when WebSockets are blocked. */
  transports?: Array<'websocket' | 'polling'>;
  now?: () => number;
  random?: () => number;
}

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
  subscription: Subscription;
}

/** Codes after which subscribing again cannot help. */
const FATAL = new Set<ErrorCode>([ErrorCode.ValidationFailed]);

/**
 * A connection to a Tallyroom server that keeps each subscribed election in sync: deltas in version
 * order, catch-up after a gap or a reconnect, a fresh snapshot when catch-up is not possible. It
 * reconnects by itself with full-jitter backoff (socket.io's own reconnection is off, so every wait
 * is ours and spread over the whole window) and reports status per election.
 */
export function createTallyClient(options: TallyClientOptions = {}) {
  const now = options.now ?? (() => Date.now());
  const backoff: BackoffOptions = { ...DEFAULT_BACKOFF, ...options.backoff };
  const offlineAfterMs = options.offlineAfterMs ?? 15_000;
  const ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
  const token = options.token;
  const socketOptions = {
    reconnection: false,
    transports: options.transports ?? ['websocket', 'polling'],
    tryAllTransports: true,
    autoConnect: false,
    auth: (cb: (data: object) => void) => cb({ token: typeof token === 'function' ? token() : token }),
  };
  const socket: TallySocket = options.url ? io(options.url, socketOptions) : io(socketOptions);
  const entries = new Map<string, Entry>();
  let closed = false;
  let attempt = 0;
  let lostAt: number | null = null;
  let lostReason = '';
  let retryAt: number | null = null;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  let offlineTimer: ReturnType<typeof setTimeout> | null = null;
  /** When the server said it lost its store: figures may be stale until it is back. */
  let storeDownSince: number | null = null;
  const browserOffline = () => typeof navigator !== 'undefined' && navigator.onLine === false;

  function statusOf(entry: Entry): ConnectionStatus {
    if (lostAt !== null) {
      const state = browserOffline() || now() - lostAt >= offlineAfterMs ? 'offline' : 'reconnecting';
      return { state, since: lostAt, attempt, retryAt, reason: lostReason };
    }
    if (storeDownSince !== null) return { state: 'reconnecting', since: storeDownSince, attempt: 0, retryAt: null, reason: 'the server cannot reach its store' };
    if (socket.connected && !entry.feed.pending && entry.feed.snapshot) {
      entry.downSince = null;
      return entry.status.state === 'live' ? entry.status : { state: 'live', since: now() };
    }
    // Connected again but not caught up yet: still reconnecting, as far as a reader can tell.
    if (entry.downSince !== null) return { state: 'reconnecting', since: entry.downSince, attempt: 0, retryAt: null, reason: 'catching up' };
    return entry.status.state === 'connecting' ? entry.status : { state: 'connecting', since: now() };
  }

  function refresh(entry: Entry): void {
    const next = statusOf(entry);
    if (sameStatus(next, entry.status)) return;
    entry.status = next;
    entry.handlers.onStatus?.(next);
  }
  const refreshAll = () => entries.forEach(refresh);

  function retryLater(entry: Entry): void {
    if (entry.retryTimer || closed) return;
    const delay = fullJitterDelay(entry.retries++, backoff, options.random);
    entry.retryTimer = setTimeout(() => {
      entry.retryTimer = null;
      send(entry);
    }, delay);
  }

  function follow(entry: Entry, next: FeedNext): void {
    // A first gap is caught up at once; one that persists backs off.
    if (next === 'resync') (entry.retries === 0 ? send(entry) : retryLater(entry));
    refresh(entry);
  }

  function answer(entry: Entry, seq: number, error: Error | null, ack: SubscribeAck | undefined): void {
    if (seq !== entry.seq || !entries.has(entry.feed.electionId)) return;
    if (error || !ack) {
      entry.feed.abandon();
      if (socket.connected) retryLater(entry);
    } else if (!ack.ok) {
      entry.feed.abandon();
      entry.handlers.onError?.(ack.error);
      if (!FATAL.has(ack.error.code)) retryLater(entry);
    } else {
      const next = entry.feed.acknowledge(ack);
      if (next === 'ok') entry.retries = 0;
      follow(entry, next);
      return;
    }
    refresh(entry);
  }

  function send(entry: Entry): void {
    if (!socket.connected || closed) return;
    const seq = ++entry.seq;
    const request = options.conflated === false ? { ...entry.feed.request(), conflated: false } : entry.feed.request();
    refresh(entry);
    socket.timeout(ackTimeoutMs).emit('subscribe', request, (error: Error | null, ack?: SubscribeAck) => answer(entry, seq, error, ack));
  }

  function scheduleReconnect(): void {
    if (closed || reconnectTimer) return;
    const delay = fullJitterDelay(attempt++, backoff, options.random);
    retryAt = now() + delay;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      retryAt = null;
      if (!closed && !socket.connected) socket.connect();
    }, delay);
    offlineTimer ??= setTimeout(() => {
      offlineTimer = null;
      refreshAll();
    }, Math.max(0, (lostAt ?? now()) + offlineAfterMs - now()));
    refreshAll();
  }

  function lost(reason: string): void {
    lostAt ??= now();
    lostReason = reason;
    for (const entry of entries.values()) {
      entry.feed.abandon();
      entry.downSince ??= lostAt;
    }
    scheduleReconnect();
  }

  socket.on('status', ({ store }) => {
    if (store === 'unavailable') {
      storeDownSince ??= now();
      refreshAll();
      return;
    }
    if (storeDownSince === null) return;
    storeDownSince = null;
    // Back: catch up on what was accepted elsewhere meanwhile.
    for (const entry of entries.values()) {
      entry.retries = 0;
      send(entry);
    }
    refreshAll();
  });
  socket.on('connect', () => {
    attempt = 0;
    lostAt = null;
    // A new connection (maybe to another node) says again if its store is down.
    storeDownSince = null;
    retryAt = null;
    if (offlineTimer) clearTimeout(offlineTimer);
    offlineTimer = null;
    for (const entry of entries.values()) {
      entry.retries = 0;
      send(entry);
    }
  });
  socket.on('disconnect', (reason) => {
    if (!closed && reason !== 'io client disconnect') lost(reason);
  });
  socket.on('connect_error', (error) => {
    // A server may refuse with a reason (overloaded, draining): show it, and wait at least as asked.
    const data = (error as { data?: { retryAfterMs?: number } }).data;
    lost(error.message || 'connection refused');
    if (typeof data?.retryAfterMs === 'number' && reconnectTimer && retryAt !== null && retryAt - now() < data.retryAfterMs) {
      clearTimeout(reconnectTimer);
      reconnectTimer = null;
      attempt = Math.max(0, attempt - 1);
      retryAt = now() + data.retryAfterMs;
      reconnectTimer = setTimeout(() => {
        reconnectTimer = null;
        if (!closed && !socket.connected) socket.connect();
      }, data.retryAfterMs);
      refreshAll();
    }
  });
  socket.on('delta', (delta) => {
    const entry = entries.get(delta.electionId);
    if (entry) follow(entry, entry.feed.receiveDelta(delta));
  });
  socket.on('snapshot', (snapshot) => {
    const entry = entries.get(snapshot.electionId);
    if (entry) follow(entry, entry.feed.receiveSnapshot(snapshot));
  });
  socket.on('audience', (update) => entries.get(update.electionId)?.handlers.onAudience?.(update.audience));

  // Back online: try now rather than at the end of a long wait.
  const onOnline = () => {
    if (closed || socket.connected) return;
    if (reconnectTimer) clearTimeout(reconnectTimer);
    reconnectTimer = null;
    attempt = 0;
    socket.connect();
  };
  const hasWindow = typeof window !== 'undefined' && 'addEventListener' in window;
  if (hasWindow) {
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', refreshAll);
  }

  function remove(entry: Entry): void {
    if (!entries.delete(entry.feed.electionId)) return;
    if (entry.retryTimer) clearTimeout(entry.retryTimer);
    if (socket.connected) socket.emit('unsubscribe', { electionId: entry.feed.electionId });
  }

  const client = {
    socket,

    /** Follows one election. One subscription per election per client. */
    subscribe(electionId: string, handlers: SubscriptionHandlers = {}): Subscription {
      if (entries.has(electionId)) throw new Error(`already subscribed to "${electionId}" on this client`);
      const entry = {
        handlers,
        status: { state: 'connecting', since: now() },
        seq: 0,
        retries: 0,
        retryTimer: null,
        downSince: null,
      } as Omit<Entry, 'feed' | 'subscription'> as Entry;
      entry.feed = createElectionFeed(electionId, (update) => {
        handlers.onUpdate?.(update);
        // A snapshot straight from the server carries the audience as of its last count; deltas do not.
        if (update.kind === 'snapshot' && update.snapshot.audience !== undefined) handlers.onAudience?.(update.snapshot.audience);
      });
      entry.subscription = {
        electionId,
        get snapshot() {
          return entry.feed.snapshot;
        },
        get status() {
          return entry.status;
        },
        unsubscribe: () => remove(entry),
      };
      entries.set(electionId, entry);
      if (socket.connected) send(entry);
      else if (!socket.active && !reconnectTimer) socket.connect();
      return entry.subscription;
    },

    /** Closes the connection and stops every subscription. Idempotent. */
    close(): void {
      if (closed) return;
      closed = true;
      for (const entry of [...entries.values()]) remove(entry);
      for (const timer of [reconnectTimer, offlineTimer]) if (timer) clearTimeout(timer);
      if (hasWindow) {
        window.removeEventListener('online', onOnline);
        window.removeEventListener('offline', refreshAll);
      }
      socket.disconnect();
    },
  };
  return client;
}

export type TallyClient = ReturnType<typeof createTallyClient>;

/**
 * The one-call form: a connection of its own that follows one election, closed by `unsubscribe()`.
 *
 * ```ts
 * const sub = subscribe('iran-2017', { onUpdate: (u) => render(u.snapshot), onStatus: showStatus });
 * ```
 */
export function subscribe(electionId: string, handlers: SubscriptionHandlers = {}, options: TallyClientOptions = {}): Subscription {
  const client = createTallyClient(options);
  const inner = client.subscribe(electionId, handlers);
  return {
    electionId,
    get snapshot() {
      return inner.snapshot;
    },
    get status() {
      return inner.status;
    },
    unsubscribe: () => client.close(),
  };
}

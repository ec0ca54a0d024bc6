import { io } from 'socket.io-client';
import { DEFAULT_BACKOFF, type BackoffOptions } from './backoff.ts';
import { createLink, type TallySocket } from './link.ts';
import { createPolling } from './poller.ts';
import type { ConnectionStatus } from './connection-status.ts';
import { followNight, type NightFeed, type NightHandlers } from './night-feed.ts';
import { createSubscriptions, type Subscription, type SubscriptionHandlers } from './subscriptions.ts';

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
  /**
   * `socket`: socket.io only. `poll`: plain HTTP polls of the snapshot and `GET .../deltas?since=`
   * (cacheable by a CDN), no socket at all. `auto` (default): the socket, and polls from the moment
   * it has failed to connect `pollAfterFailures` times in a row without ever connecting (blocked).
   */
  transport?: 'auto' | 'socket' | 'poll';
  /** `auto`: failed connects, before any succeeded, that make the client fall back to polls. Default 2. */
  pollAfterFailures?: number;
  /** The wait between two polls of one election (ms, jittered ±20 %). Default 2 s. */
  pollMs?: number;
  now?: () => number;
  random?: () => number;
}

function openSocket(options: TallyClientOptions): TallySocket {
  const { token } = options;
  const socketOptions = {
    // Reconnecting is the link's job (./link.ts), with waits of its own.
    reconnection: false,
    transports: options.transports ?? ['websocket', 'polling'],
    tryAllTransports: true,
    autoConnect: false,
    auth: (cb: (data: object) => void) => cb({ token: typeof token === 'function' ? token() : token }),
  };
  return options.url ? io(options.url, socketOptions) : io(socketOptions);
}

/**
 * A connection to a Tallyroom server that keeps each subscribed election in sync: deltas in version
 * order, catch-up after a gap or a reconnect, a fresh snapshot when catch-up is not possible. The
 * connection and its back-off (`link.ts`) serve every election; each election's subscription
 * (`subscriptions.ts`) keeps its own order, retries and status.
 */
export function createTallyClient(options: TallyClientOptions = {}) {
  const now = options.now ?? (() => Date.now());
  const backoff: BackoffOptions = { ...DEFAULT_BACKOFF, ...options.backoff };
  const offlineAfterMs = options.offlineAfterMs ?? 15_000;
  const socket = openSocket(options);
  const link = createLink(socket, { backoff, now, random: options.random, offlineAfterMs }, {
    resubscribe: () => elections.resubscribe(),
    lost: (since) => {
      elections.lost(since);
      nightStatus();
    },
    changed: () => {
      elections.refreshAll();
      nightStatus();
    },
  });
  /** Each followed night's status listener: live while connected, else what the link says. */
  const nightListeners = new Set<(status: ConnectionStatus) => void>();
  function nightStatus(): void {
    const status: ConnectionStatus = link.downStatus() ?? (socket.connected ? { state: 'live', since: now() } : { state: 'connecting', since: now() });
    for (const listener of nightListeners) listener(status);
  }
  socket.on('connect', nightStatus);
  const elections = createSubscriptions(socket, link, { backoff, now, random: options.random, ackTimeoutMs: options.ackTimeoutMs ?? 10_000, conflated: options.conflated });
  const polling = createPolling({ url: options.url ?? '', pollMs: options.pollMs ?? 2000, backoff, offlineAfterMs, token: options.token, now, random: options.random });
  const transport = options.transport ?? 'auto';
  let polls = transport === 'poll';
  // What each caller holds: the socket's subscription, or the poll's once the client falls back.
  const followed = new Map<string, { handlers: SubscriptionHandlers; inner: Subscription }>();

  /** The socket cannot connect: every election moves to polls, and the socket stops trying. */
  function fallBack(): void {
    if (polls || link.closed) return;
    polls = true;
    link.close();
    socket.disconnect();
    for (const [electionId, entry] of followed) {
      entry.inner.unsubscribe();
      entry.inner = polling.add(electionId, entry.handlers);
    }
  }
  if (transport === 'auto') {
    // Only a socket that never connected falls back: once it has, a failure is an outage (a deploy, a
    // lost network) that the reconnects ride out, and polls would turn a reconnect storm into a herd.
    let failures = 0;
    let connectedOnce = false;
    socket.on('connect', () => (connectedOnce = true));
    socket.on('connect_error', () => {
      if (!connectedOnce && ++failures >= (options.pollAfterFailures ?? 2)) fallBack();
    });
  }

  return {
    socket,
    /** Whether the elections are followed by HTTP polls (asked for, or fallen back to). */
    get polling(): boolean {
      return polls;
    },

    /** Follows one election. One subscription per election per client. */
    subscribe(electionId: string, handlers: SubscriptionHandlers = {}): Subscription {
      if (followed.has(electionId)) throw new Error(`already subscribed to "${electionId}" on this client`);
      const entry = { handlers, inner: polls ? polling.add(electionId, handlers) : elections.add(electionId, handlers) };
      followed.set(electionId, entry);
      if (!polls && !socket.connected) link.start();
      return {
        electionId,
        get snapshot() {
          return entry.inner.snapshot;
        },
        get status() {
          return entry.inner.status;
        },
        unsubscribe() {
          followed.delete(electionId);
          entry.inner.unsubscribe();
        },
      };
    },

    /**
     * Follows a night (`night-feed.ts`) on this connection, through its reconnects; `onStatus` hears the
     * connection's state as an election's subscriber does.
     */
    followNight(nightId: string, handlers: NightHandlers & { onStatus?: (status: ConnectionStatus) => void } = {}): NightFeed {
      const feed = followNight(socket, nightId, handlers, { ackTimeoutMs: options.ackTimeoutMs ?? 10_000 });
      const onStatus = handlers.onStatus;
      if (onStatus) nightListeners.add(onStatus);
      if (!socket.connected) link.start();
      nightStatus();
      return {
        nightId,
        get night() {
          return feed.night;
        },
        get recoveries() {
          return feed.recoveries;
        },
        close() {
          if (onStatus) nightListeners.delete(onStatus);
          feed.close();
        },
      };
    },

    /** Closes the connection and stops every subscription. Idempotent. */
    close(): void {
      polling.close();
      followed.clear();
      if (!link.closed) {
        link.close();
        elections.removeAll();
      }
      socket.disconnect();
    },
  };
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

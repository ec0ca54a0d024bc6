import { io } from 'socket.io-client';
import { DEFAULT_BACKOFF, type BackoffOptions } from './backoff.ts';
import { createLink, type TallySocket } from './link.ts';
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
  const socket = openSocket(options);
  const link = createLink(socket, { backoff, now, random: options.random, offlineAfterMs: options.offlineAfterMs ?? 15_000 }, {
    resubscribe: () => elections.resubscribe(),
    lost: (since) => elections.lost(since),
    changed: () => elections.refreshAll(),
  });
  const elections = createSubscriptions(socket, link, { backoff, now, random: options.random, ackTimeoutMs: options.ackTimeoutMs ?? 10_000, conflated: options.conflated });

  return {
    socket,

    /** Follows one election. One subscription per election per client. */
    subscribe(electionId: string, handlers: SubscriptionHandlers = {}): Subscription {
      const subscription = elections.add(electionId, handlers);
      if (!socket.connected) link.start();
      return subscription;
    },

    /** Closes the connection and stops every subscription. Idempotent. */
    close(): void {
      if (link.closed) return;
      link.close();
      elections.removeAll();
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

import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerStatus, ServerToClientEvents } from '../../shared/events.ts';
import type { ConnectionStatus } from './connection-status.ts';
import { createReconnectTimer, type ReconnectTimer, type ReconnectTimerOptions } from './reconnect-timer.ts';

export type TallySocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface LinkOptions extends ReconnectTimerOptions {
  /** Down for longer than this (ms) reads as `offline` rather than `reconnecting`. */
  offlineAfterMs: number;
}

/** What the link tells the subscriptions riding on it. */
export interface LinkListener {
  /** Connected (again), or the server's store is back: subscribe to everything afresh to catch up. */
  resubscribe(): void;
  /** The link dropped (first at `since`): what is held stops being live. */
  lost(since: number): void;
  /** Something every subscription's status depends on changed. */
  changed(): void;
}

interface LinkState {
  socket: TallySocket;
  options: LinkOptions;
  listener: LinkListener;
  reconnect: ReconnectTimer;
  closed: boolean;
  /** When the link dropped; null while connected (or before the first connection). */
  lostAt: number | null;
  lostReason: string;
  /** When the server said it lost its store: figures may be stale until it is back. */
  storeDownSince: number | null;
  offlineTimer: ReturnType<typeof setTimeout> | null;
}

const browserOffline = () => typeof navigator !== 'undefined' && navigator.onLine === false;

/** Calls `online` when the browser comes back online and `offline` when it goes; returns the unhook. */
function watchBrowser(online: () => void, offline: () => void): () => void {
  if (typeof window === 'undefined' || !('addEventListener' in window)) return () => {};
  window.addEventListener('online', online);
  window.addEventListener('offline', offline);
  return () => {
    window.removeEventListener('online', online);
    window.removeEventListener('offline', offline);
  };
}

function clearOffline(link: LinkState): void {
  if (link.offlineTimer) clearTimeout(link.offlineTimer);
  link.offlineTimer = null;
}

function lose(link: LinkState, reason: string): void {
  const { now, offlineAfterMs } = link.options;
  const since = (link.lostAt ??= now());
  link.lostReason = reason;
  link.listener.lost(since);
  if (link.closed || !link.reconnect.schedule()) return;
  // Say `offline` once the link has been down long enough, even if nothing else happens meanwhile.
  link.offlineTimer ??= setTimeout(() => {
    link.offlineTimer = null;
    link.listener.changed();
  }, Math.max(0, since + offlineAfterMs - now()));
  link.listener.changed();
}

function connected(link: LinkState): void {
  link.reconnect.reset();
  link.lostAt = null;
  // A new connection (maybe to another node) says again if its store is down.
  link.storeDownSince = null;
  clearOffline(link);
  link.listener.resubscribe();
}

function storeStatus(link: LinkState, store: ServerStatus['store']): void {
  if (store === 'unavailable') {
    link.storeDownSince ??= link.options.now();
  } else {
    if (link.storeDownSince === null) return;
    link.storeDownSince = null;
    // Back: catch up on what was accepted elsewhere meanwhile.
    link.listener.resubscribe();
  }
  link.listener.changed();
}

function downStatus(link: LinkState): ConnectionStatus | null {
  const { now, offlineAfterMs } = link.options;
  if (link.lostAt !== null) {
    const state = browserOffline() || now() - link.lostAt >= offlineAfterMs ? 'offline' : 'reconnecting';
    return { state, since: link.lostAt, attempt: link.reconnect.attempt, retryAt: link.reconnect.retryAt, reason: link.lostReason };
  }
  if (link.storeDownSince !== null) return { state: 'reconnecting', since: link.storeDownSince, attempt: 0, retryAt: null, reason: 'the server cannot reach its store' };
  return null;
}

/**
 * The connection to the server and its back-off, for every subscription at once: it reconnects by
 * itself (socket.io's own reconnection is off, so every wait is ours and spread over the whole window)
 * and knows since when the link, or the server's store, is down.
 */
export function createLink(socket: TallySocket, options: LinkOptions, listener: LinkListener) {
  const reconnect = createReconnectTimer(() => {
    if (!link.closed && !socket.connected) socket.connect();
  }, options);
  const link: LinkState = { socket, options, listener, reconnect, closed: false, lostAt: null, lostReason: '', storeDownSince: null, offlineTimer: null };
  socket.on('connect', () => connected(link));
  socket.on('disconnect', (reason) => {
    if (!link.closed && reason !== 'io client disconnect') lose(link, reason);
  });
  socket.on('connect_error', (error) => {
    // A server may refuse with a reason (overloaded, draining): show it, and wait at least as asked.
    const retryAfterMs = (error as { data?: { retryAfterMs?: unknown } }).data?.retryAfterMs;
    lose(link, error.message || 'connection refused');
    if (typeof retryAfterMs === 'number' && reconnect.atLeast(retryAfterMs)) listener.changed();
  });
  socket.on('status', ({ store }) => storeStatus(link, store));
  // Back online: try now rather than at the end of a long wait.
  const unwatch = watchBrowser(() => {
    if (link.closed || socket.connected) return;
    reconnect.reset();
    socket.connect();
  }, () => listener.changed());

  return {
    get closed(): boolean {
      return link.closed;
    },
    /** The status every subscription shares while the link or the store is down; null while both are up. */
    downStatus: () => downStatus(link),
    /** Connects for a first subscription, unless it is connecting or waiting to already. */
    start(): void {
      if (!link.closed && !socket.active && !reconnect.waiting) socket.connect();
    },
    /** Stops reconnecting for good (the caller then disconnects the socket). */
    close(): void {
      link.closed = true;
      reconnect.stop();
      clearOffline(link);
      unwatch();
    },
  };
}

export type Link = ReturnType<typeof createLink>;

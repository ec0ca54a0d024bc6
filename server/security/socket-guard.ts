import type { Socket } from 'socket.io';
import { RateLimitedError } from '../errors/app-error.ts';
import type { RateLimiter } from './rate-limits.ts';

/** The viewer token a socket sent in its handshake (`auth: { token }`), if any. */
export function handshakeToken(socket: Pick<Socket, 'handshake'>): string | undefined {
  const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
  return typeof token === 'string' && token.length > 0 && token.length <= 4096 ? token : undefined;
}

/**
 * Limits the events one connection may send (a subscribe/unsubscribe flood). An event over the rate
 * is dropped and, if it asked for an ack, answered `rate_limited` with `retryAfterMs`.
 */
export function limitSocketEvents(socket: Socket, limiter: RateLimiter): void {
  socket.use((packet, next) => {
    limiter.take(socket.id).then((retryAfterMs) => {
      if (retryAfterMs === null) return next();
      const ack = packet.at(-1);
      if (typeof ack === 'function') {
        ack({ ok: false, error: new RateLimitedError(`too many socket events on this connection: retry in ${Math.ceil(retryAfterMs / 1000)} s`, retryAfterMs).toBody() });
      }
    }, next);
  });
}

/** Longest timer Node keeps (about 24.8 days); a later expiry is past any results night. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Disconnects a socket when the first viewer token it subscribed with expires, so a private election's
 * pushes stop with the permission. The client reconnects, presents the token again and is told
 * `token_expired`. Newsroom tokens and public elections (null) set no timer.
 */
export function expireWith(socket: Socket, expiresAt: number | null, now: number = Date.now()): void {
  if (expiresAt === null) return;
  const current = socket.data.viewerExpiry as { at: number; timer: NodeJS.Timeout } | undefined;
  if (current && current.at <= expiresAt) return;
  const delay = expiresAt - now;
  if (delay > MAX_TIMER_MS) return;
  if (current) clearTimeout(current.timer);
  const timer = setTimeout(() => socket.disconnect(true), Math.max(0, delay));
  timer.unref();
  socket.data.viewerExpiry = { at: expiresAt, timer };
  if (!current) socket.once('disconnect', () => clearTimeout((socket.data.viewerExpiry as { timer: NodeJS.Timeout }).timer));
}

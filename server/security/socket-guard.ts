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

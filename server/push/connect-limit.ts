import { ErrorCode } from '../../shared/codes/error-codes.ts';
import type { TallyServer } from './subscriptions.ts';

/** What a refused connection's `connect_error` carries in `data`; the SDK waits at least `retryAfterMs`. */
export interface ConnectRefusal {
  code: typeof ErrorCode.RateLimited;
  retryAfterMs: number;
}

/**
 * Accepts at most `perSecond` new socket connections per second on this node (a token bucket holding
 * one second's worth, so a burst of that size passes at once). Beyond it the handshake is refused with
 * `connect_error` `{ code: 'rate_limited', retryAfterMs }`: cheap for the server (no subscribe, no
 * store read) and a clear instruction to the client. The wait grows with the queue the refusals stand
 * for, spread by the SDK's own jitter, so a storm is metered rather than bounced straight back.
 */
export function limitConnections(io: TallyServer, perSecond: number, now: () => number = Date.now): void {
  if (perSecond <= 0) return;
  let tokens = perSecond;
  let refilledAt = now();
  let refusedRecently = 0;
  io.use((_socket, next) => {
    const t = now();
    const elapsed = t - refilledAt;
    tokens = Math.min(perSecond, tokens + (elapsed * perSecond) / 1000);
    if (elapsed > 1000) refusedRecently = 0;
    refilledAt = t;
    if (tokens >= 1) {
      tokens -= 1;
      next();
      return;
    }
    refusedRecently++;
    // Enough time for the refused so far to get in at the allowed rate, at least a second.
    const retryAfterMs = Math.max(1000, Math.ceil((refusedRecently / perSecond) * 1000));
    const error = new Error('too many connections; retry later') as Error & { data: ConnectRefusal };
    error.data = { code: ErrorCode.RateLimited, retryAfterMs };
    next(error);
  });
}

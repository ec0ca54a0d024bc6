import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { z } from 'zod';
import { RateLimitedError } from '../errors/app-error.ts';

/** A rate: `points` per `seconds`. */
export interface RateSpec {
  points: number;
  seconds: number;
}

/** `off`, or `N/Ds` / `N/Dm` (N events per D seconds or minutes; a bare D is seconds), e.g. `600/60s`. */
export const RateSpecSchema = z.string().transform((raw, ctx): RateSpec | null => {
  if (raw.trim().toLowerCase() === 'off') return null;
  const match = /^\s*(\d{1,7})\s*\/\s*(\d{1,5})\s*(s|m)?\s*$/.exec(raw);
  const points = Number(match?.[1]);
  const seconds = Number(match?.[2]) * (match?.[3] === 'm' ? 60 : 1);
  if (!match || points < 1 || seconds < 1) {
    ctx.addIssue({ code: 'custom', message: 'must be "off" or "<count>/<seconds>s", e.g. "600/60s"' });
    return z.NEVER;
  }
  return { points, seconds };
});

/**
 * A fixed-window counter per key, in this process's memory: with N nodes behind a balancer a client
 * may get up to N times the rate (documented). Null rate: never limits.
 */
export function createRateLimiter(rate: RateSpec | null) {
  const limiter = rate ? new RateLimiterMemory({ points: rate.points, duration: rate.seconds }) : null;
  return {
    /** Null when allowed; otherwise the milliseconds until the key may try again. */
    async take(key: string): Promise<number | null> {
      if (!limiter) return null;
      try {
        await limiter.consume(key);
        return null;
      } catch (result) {
        if (result instanceof RateLimiterRes) return Math.max(1, result.msBeforeNext);
        throw result;
      }
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;

/** Rejects with 429 `rate_limited` once `key` has used its rate; the message says what was limited. */
export async function withinRate(limiter: RateLimiter, what: string, key: string): Promise<void> {
  const retryAfterMs = await limiter.take(key);
  if (retryAfterMs !== null) throw new RateLimitedError(`too many requests ${what}: retry in ${Math.ceil(retryAfterMs / 1000)} s`, retryAfterMs);
}

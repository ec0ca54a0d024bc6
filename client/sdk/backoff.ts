/** How long to wait before reconnect attempt `n`: the shape of the waits, not a schedule. */
export interface BackoffOptions {
  /** The ceiling of the first wait, doubled at each attempt (ms). */
  baseMs: number;
  /** The largest ceiling (ms). */
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, capMs: 15_000 };

/**
 * "Full jitter" exponential backoff: a uniform wait between 0 and min(cap, base * 2^attempt).
 * When a server restarts, tens of thousands of readers lose it at the same instant; spreading their
 * returns over the whole window (not around one delay) keeps them from arriving together.
 */
export function fullJitterDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.max(0, attempt));
  return Math.floor(random() * ceiling);
}

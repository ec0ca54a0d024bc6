import { fullJitterDelay, type BackoffOptions } from './backoff.ts';

/** What the reconnect timer needs: the back-off's shape and the clock. */
export interface ReconnectTimerOptions {
  backoff: BackoffOptions;
  now: () => number;
  random?: (() => number) | undefined;
}

/**
 * The one timer that connects again after a loss: full-jitter waits that grow with each attempt, or
 * longer when a server asks. One wait at a time, so losses in a row do not pile up attempts.
 */
export function createReconnectTimer(connect: () => void, options: ReconnectTimerOptions) {
  let attempt = 0;
  let retryAt: number | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  function wait(delay: number): void {
    retryAt = options.now() + delay;
    timer = setTimeout(() => {
      timer = null;
      retryAt = null;
      connect();
    }, delay);
  }

  function clear(): void {
    if (timer) clearTimeout(timer);
    timer = null;
  }

  return {
    /** How many waits since the last connection. */
    get attempt(): number {
      return attempt;
    },
    /** When the wait under way ends (epoch ms); null when none is. */
    get retryAt(): number | null {
      return retryAt;
    },
    get waiting(): boolean {
      return timer !== null;
    },

    /** Starts the next wait, unless one is under way. Whether it started one. */
    schedule(): boolean {
      if (timer) return false;
      wait(fullJitterDelay(attempt++, options.backoff, options.random));
      return true;
    },

    /** A server asked for at least `ms`: a shorter wait under way gives way to that one, which is not an attempt of ours. */
    atLeast(ms: number): boolean {
      if (!timer || retryAt === null || retryAt - options.now() >= ms) return false;
      clear();
      attempt = Math.max(0, attempt - 1);
      wait(ms);
      return true;
    },

    /** Connected, or about to try at once: the next loss starts again from the first, shortest wait. */
    reset(): void {
      clear();
      attempt = 0;
      retryAt = null;
    },

    stop: clear,
  };
}

export type ReconnectTimer = ReturnType<typeof createReconnectTimer>;

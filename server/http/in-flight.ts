import type { ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';

/**
 * Counts the requests being answered, so a graceful shutdown can wait for in-flight commits before it
 * closes the sockets their deltas go to.
 */
export function createInFlight() {
  let active = 0;
  let waiters: Array<() => void> = [];
  const done = () => {
    active--;
    if (active === 0) for (const wake of waiters.splice(0)) wake();
  };
  /** Counts `res` as in flight until it is finished or closed. */
  const track = (res: ServerResponse) => {
    active++;
    let counted = true;
    const finish = () => {
      if (!counted) return;
      counted = false;
      done();
    };
    res.once('finish', finish);
    res.once('close', finish);
  };
  const middleware: RequestHandler = (_req, res, next) => {
    track(res);
    next();
  };
  return {
    middleware,
    track,
    get active(): number {
      return active;
    },
    /** Resolves when no request is in flight, or after `ms` (whichever first); true if all finished. */
    settled(ms: number): Promise<boolean> {
      if (active === 0) return Promise.resolve(true);
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve(false), ms);
        waiters.push(() => {
          clearTimeout(timer);
          resolve(true);
        });
      });
    },
  };
}

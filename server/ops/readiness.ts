import type { TallyServer } from '../push/subscriptions.ts';
import type { Store } from '../store/store.ts';

/** One thing the node needs before it takes traffic; `check` throws (or rejects) with the reason. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void> | void;
}

export interface ReadinessReport {
  ready: boolean;
  /** Each check: `ok`, or why not. */
  checks: Record<string, string>;
}

const CHECK_TIMEOUT_MS = 1500;

function withTimeout(run: () => Promise<void> | void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
    Promise.resolve()
      .then(run)
      .then(resolve, reject)
      .finally(() => clearTimeout(timer));
  });
}

function reason(error: unknown): string {
  const cause = (error as { cause?: unknown })?.cause;
  const text = error instanceof Error ? error.message : String(error);
  return cause instanceof Error ? `${text} (${cause.message})` : text;
}

/** Runs every check at once; ready when all pass. */
export async function checkReadiness(checks: readonly ReadinessCheck[]): Promise<ReadinessReport> {
  const results = await Promise.all(
    checks.map(async (c) => {
      try {
        await withTimeout(() => c.check());
        return [c.name, 'ok'] as const;
      } catch (error) {
        return [c.name, reason(error)] as const;
      }
    }),
  );
  return { ready: results.every(([, r]) => r === 'ok'), checks: Object.fromEntries(results) };
}

/** The store answers (a Redis PING; always true for the embedded store). */
export function storeCheck(store: Store): ReadinessCheck {
  return { name: 'store', check: () => store.ping() };
}

interface RedisLikeClient {
  status?: string;
  isReady?: boolean;
}

/**
 * A cluster adapter's subscriber connection is up, when there is one: without it this node would
 * miss every delta committed on the others. Knows the Redis adapter's `subClient` (ioredis `status`,
 * node-redis `isReady`); the in-memory adapter has nothing to check.
 */
export function adapterCheck(io: TallyServer): ReadinessCheck {
  return {
    name: 'adapter',
    check() {
      const sub = (io.of('/').adapter as unknown as { subClient?: RedisLikeClient }).subClient;
      if (!sub) return;
      const up = sub.status !== undefined ? sub.status === 'ready' : sub.isReady !== false;
      if (!up) throw new Error(`the adapter's Redis subscriber is ${sub.status ?? 'not ready'}`);
    },
  };
}

import type { Redis } from 'ioredis';
import { OutcomeUnknownError, StoreUnavailableError } from '../errors/app-error.ts';
import type { Durability } from './durability.ts';
import { commitToRedis } from './redis-commit.ts';
import type { CommitRequest, CommitResult } from './store.ts';

/** ioredis's refusal of a command while disconnected (no offline queue): it never left this process. */
function neverSent(error: unknown): boolean {
  return error instanceof Error && /Stream isn't writeable/.test(error.message);
}

/**
 * WAIT for `durability.minReplicas` replicas to hold everything this connection wrote (the commit, or
 * the rewritten id of a duplicate), at most `durability.waitMs`. One WAIT per commit call, so a group
 * commit's bulletins share it. Short: `outcome_unknown` (the primary has it; a failover may not).
 */
async function waitForReplicas(redis: Redis, durability: Durability): Promise<void> {
  let acked: number;
  try {
    acked = Number(await redis.call('WAIT', durability.minReplicas, durability.waitMs));
  } catch (error) {
    throw new OutcomeUnknownError('the commit reached the primary, but the wait for its replicas failed', { cause: error });
  }
  if (acked < durability.minReplicas) {
    throw new OutcomeUnknownError(`the commit reached the primary, but only ${acked} of ${durability.minReplicas} replicas confirmed it within ${durability.waitMs} ms`);
  }
}

/**
 * `Store.commit` on Redis, as durable as `durability` says before it resolves. Failures are told apart
 * by what they mean for the caller: refused before sending (`store_unavailable`: nothing was changed)
 * or sent without a confirmed answer (`outcome_unknown`: resend with the same id).
 */
export async function durableCommit(redis: Redis, prefix: string, durability: Durability, request: CommitRequest): Promise<CommitResult> {
  if (redis.status !== 'ready') throw new StoreUnavailableError('the store cannot commit right now; nothing was changed, retry shortly');
  let result: CommitResult;
  try {
    result = await commitToRedis(redis, prefix, request);
  } catch (error) {
    if (neverSent(error)) throw new StoreUnavailableError('the store cannot commit right now; nothing was changed, retry shortly', { cause: error });
    throw new OutcomeUnknownError('the commit was sent to the store but no answer came', { cause: error });
  }
  if (durability.mode === 'replicas' && result.status !== 'conflict') await waitForReplicas(redis, durability);
  return result;
}

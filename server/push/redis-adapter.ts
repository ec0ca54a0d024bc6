import { createShardedAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import { connectRedis, type RedisTarget } from '../store/redis-connection.ts';
import { keepSubscriptions } from './kept-subscriptions.ts';

/** The socket.io adapter that joins the nodes, and the two connections it owns. */
export interface ClusterAdapter {
  /** For `new Server(..., { adapter })`. */
  adapter: ReturnType<typeof createShardedAdapter>;
  pub: Redis;
  sub: Redis;
  /** Closes both connections. Idempotent. */
  close(): Promise<void>;
}

/**
 * socket.io's sharded Redis adapter (SPUBLISH/SSUBSCRIBE, Redis >= 7): one channel per room, so a node
 * only receives the elections its own clients watch. It needs its own two connections: a subscriber
 * connection can run nothing else, and the store's connection fails fast while Redis is down, where
 * the subscriber must keep retrying and resubscribe by itself (ioredis does) when Redis returns.
 */
export function createRedisAdapter(target: RedisTarget, { channelPrefix = 'tallyroom' }: { channelPrefix?: string } = {}): ClusterAdapter {
  const options = { connectionName: 'tallyroom-adapter', maxRetriesPerRequest: null };
  // The adapter delivers to this node's own sockets only after its publish succeeds (a failed publish
  // drops the local delivery too): so a publish made while the connection is re-opening (a failover)
  // waits in the offline queue instead of failing, and local readers get the delta late, never not at
  // all. Only commits made meanwhile can wait there: while Redis is down nothing is committed.
  const pub = connectRedis(target, options, { shardedSubscribers: true });
  const sub = connectRedis(target, options, { shardedSubscribers: true });
  // Errors show in /readyz (the adapter check) and in the metrics; without a listener ioredis logs each.
  pub.on('error', () => {});
  sub.on('error', () => {});
  // A room subscribed while the connection is down is subscribed again once it is back (not a crash).
  keepSubscriptions(sub, () => {});
  let closed = false;
  return {
    adapter: createShardedAdapter(pub, sub, { channelPrefix, subscriptionMode: 'dynamic' }),
    pub,
    sub,
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([pub, sub].map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}

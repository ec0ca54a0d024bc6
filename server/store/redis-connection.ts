import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';

/** Where Redis is: one server, or (`cluster: true`) any node of a Redis Cluster. */
export interface RedisTarget {
  url: string;
  cluster?: boolean;
}

/** The cluster's seed node, from a redis:// URL (password and TLS carried to every node). */
function clusterSeed(url: string): { seed: { host: string; port: number }; redisOptions: RedisOptions } {
  const u = new URL(url);
  const redisOptions: RedisOptions = {};
  if (u.username) redisOptions.username = decodeURIComponent(u.username);
  if (u.password) redisOptions.password = decodeURIComponent(u.password);
  if (u.protocol === 'rediss:') redisOptions.tls = {};
  return { seed: { host: u.hostname, port: Number(u.port || 6379) }, redisOptions };
}

/**
 * Opens a connection to Redis or to a Redis Cluster with the same options. A Cluster client has the
 * same command surface as a single one (every Tallyroom key of an election shares one hash tag, so
 * each script and MULTI stays in one slot); it is typed as `Redis` so callers need not care.
 */
export function connectRedis(target: RedisTarget, options: RedisOptions, cluster: Omit<ClusterOptions, 'redisOptions'> = {}): Redis {
  if (!target.cluster) return new Redis(target.url, options);
  const { seed, redisOptions } = clusterSeed(target.url);
  const { enableOfflineQueue, ...perNode } = options;
  // The offline queue is the cluster's to decide (it queues while the topology is being discovered).
  const client = new Cluster([seed], { ...cluster, enableOfflineQueue: enableOfflineQueue ?? true, redisOptions: { ...perNode, ...redisOptions } });
  // ioredis opens a node's connection on its first command, and the first commands sent to a node still
  // connecting can reach it out of order: consecutive deltas' SPUBLISHes were seen reordered on a fresh
  // client (test/integration/redis-cluster-connection.test.ts). So every node is connected up front, as
  // soon as the topology is known and whenever a node joins.
  const connect = (node: Redis) => void node.ping().catch(() => {});
  client.on('ready', () => client.nodes('all').forEach(connect));
  client.on('+node', connect);
  return client as unknown as Redis;
}

/**
 * Resolves true once `client` is ready and, for a Cluster, every node's own connection is too (commands
 * sent to a node still connecting may arrive out of order, see `connectRedis`); false after `timeoutMs`.
 */
export async function whenConnected(client: Redis, timeoutMs: number): Promise<boolean> {
  const nodes = () => ((client as unknown as { isCluster?: boolean }).isCluster ? (client as unknown as Cluster).nodes('all') : []);
  const connected = () => client.status === 'ready' && nodes().every((n) => n.status === 'ready');
  const deadline = Date.now() + timeoutMs;
  while (!connected()) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

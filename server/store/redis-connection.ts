import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';

/**
 * Where Redis is: one server, (`cluster: true`) any node of a Redis Cluster, or (`sentinels`) the
 * primary that these Sentinels name, whose credentials `url` gives.
 */
export interface RedisTarget {
  url: string;
  cluster?: boolean;
  sentinels?: { nodes: Array<{ host: string; port: number }>; name: string } | null;
}

/** A redis:// URL's host and what every connection carries (user, password, database, TLS). */
function urlParts(url: string): { seed: { host: string; port: number }; redisOptions: RedisOptions } {
  const u = new URL(url);
  const redisOptions: RedisOptions = {};
  if (u.username) redisOptions.username = decodeURIComponent(u.username);
  if (u.password) redisOptions.password = decodeURIComponent(u.password);
  if (u.protocol === 'rediss:') redisOptions.tls = {};
  const db = u.pathname.replace(/^\//, '');
  if (/^\d+$/.test(db)) redisOptions.db = Number(db);
  return { seed: { host: u.hostname, port: Number(u.port || 6379) }, redisOptions };
}

/**
 * Through Sentinel: ioredis asks a Sentinel for the primary, checks the role of what it reaches, and
 * (`failoverDetector`) listens for `+switch-master`, so a failover moves the connection at once, even
 * when the old primary hangs with its socket open instead of closing it.
 */
function sentinelClient(target: RedisTarget, options: RedisOptions): Redis {
  const { redisOptions } = urlParts(target.url);
  const { nodes, name } = target.sentinels!;
  return reviveOnEnd(new Redis({
    ...options,
    ...redisOptions,
    sentinels: nodes,
    name,
    role: 'master',
    failoverDetector: true,
    sentinelCommandTimeout: options.commandTimeout,
    enableTLSForSentinelMode: Boolean(redisOptions.tls),
  }));
}

/**
 * ioredis gives up for good ("end": every command then fails with "Connection is closed") when the
 * failover detector drops a connection while it is still asking a Sentinel where the primary is
 * (seen in test/integration/sentinel-failover.test.ts; reported as redis/ioredis#1683). A connection
 * Tallyroom did not close itself is opened again, so one unlucky failover cannot end ingest or pushes
 * for the rest of the night.
 */
export function reviveOnEnd(client: Redis): Redis {
  let closing = false;
  const quit = client.quit.bind(client);
  const disconnect = client.disconnect.bind(client);
  client.quit = ((...args: Parameters<Redis['quit']>) => ((closing = true), quit(...args))) as Redis['quit'];
  client.disconnect = (reconnect?: boolean) => ((closing ||= !reconnect), disconnect(reconnect));
  client.on('end', () => {
    if (!closing) setTimeout(() => void (closing || client.status !== 'end' || client.connect().catch(() => {})), 200);
  });
  return client;
}

/**
 * Opens a connection to Redis or to a Redis Cluster with the same options. A Cluster client has the
 * same command surface as a single one (every Tallyroom key of an election shares one hash tag, so
 * each script and MULTI stays in one slot); it is typed as `Redis` so callers need not care.
 */
export function connectRedis(target: RedisTarget, options: RedisOptions, cluster: Omit<ClusterOptions, 'redisOptions'> = {}): Redis {
  if (target.sentinels) return sentinelClient(target, options);
  if (!target.cluster) return new Redis(target.url, options);
  const { seed, redisOptions } = urlParts(target.url);
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

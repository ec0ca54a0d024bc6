import { createApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { createRedisAudienceBoard, type AudienceBoard } from './ops/audience-board.ts';
import { createRedisAdapter, type ClusterAdapter } from './push/redis-adapter.ts';
import { createMemoryStore } from './store/memory-store.ts';
import { whenConnected } from './store/redis-connection.ts';
import { openRedisStore } from './store/redis-store.ts';
import type { Store } from './store/store.ts';

/** Runs a start-up step; a configuration error ends the process with its message, not a stack trace. */
function orExit<T>(step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`tallyroom: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

const config = orExit(() => loadConfig());
const logger = createLogger(config);

/** The store, and on Redis the audience board beside it (every node sums its counts there). */
async function openStore(): Promise<{ store: Store; audienceBoard?: AudienceBoard }> {
  if (!config.redisUrl) {
    logger.warn('REDIS_URL is not set: using the embedded in-memory store. Nothing survives a restart; set REDIS_URL for real use.');
    return { store: createMemoryStore() };
  }
  const { store, ready } = await openRedisStore({
    url: config.redisUrl,
    cluster: config.redisCluster,
    sentinels: config.redisSentinels,
    prefix: config.redisPrefix,
    durability: config.durability,
    commandTimeoutMs: config.redisCommandTimeoutMs,
  });
  if (!ready) logger.error({ redis: config.redisUrl }, 'Redis does not answer yet; ingest answers 503 until it does');
  // Refuse to start on a Redis that cannot keep the promise; one that is not up yet is checked when it is
  // (commits are refused until then).
  const problem = ready ? await store.durabilityProblem() : null;
  if (problem) {
    console.error(`tallyroom: ${problem}`);
    process.exit(1);
  }
  return { store, audienceBoard: createRedisAudienceBoard(store.redis, config.redisPrefix) };
}

const { store, audienceBoard } = await openStore();
// Several nodes on one Redis share pushes through socket.io's sharded Redis adapter; the embedded
// store is one node by definition, so it needs none.
const cluster: ClusterAdapter | null = config.redisUrl ? createRedisAdapter({ url: config.redisUrl, cluster: config.redisCluster, sentinels: config.redisSentinels }, { channelPrefix: `${config.redisPrefix}io` }) : null;
// On a Redis Cluster, pushes wait for the adapter's publisher to hold a connection to every node, so
// the first deltas cannot overtake each other on a connection still opening (one Redis: one connection).
if (cluster && config.redisCluster && !(await whenConnected(cluster.pub, 5000))) logger.error({ redis: config.redisUrl }, 'the push adapter cannot reach every Redis node yet; pushes to other nodes may be late or out of order until it does');
const app = orExit(() => createApp({ config, store, logger, adapter: cluster?.adapter, audienceBoard }));

app.httpServer.listen(config.port, config.host, () => {
  const address = app.httpServer.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const where = store.kind === 'redis' ? `redis (prefix "${config.redisPrefix}")` : 'embedded memory';
  logger.info({ port, host: config.host, store: store.kind }, `Tallyroom listening on http://localhost:${port} (store: ${where})`);
  if (config.generatedToken) {
    logger.warn(`INGEST_TOKENS is not set: for this run only, post (and call the desk) with "Authorization: Bearer ${config.generatedToken}" (development only)`);
  }
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  await app.close();
  await cluster?.close();
  await store.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
// Rotation without a restart: edit TOKENS_FILE (it is also watched), or send SIGHUP to re-read it now.
process.on('SIGHUP', () => void app.reloadTokens());
process.on('SIGINT', () => void shutdown('SIGINT'));

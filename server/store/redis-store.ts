import type { Redis, RedisOptions } from 'ioredis';
import type { ElectionDefinition, ElectionSummary } from '../../shared/schemas/election.schema.ts';
import { electionSummary } from '../../shared/tally/summary.ts';
import type { ElectionState, StoredElection } from '../../shared/tally/election-state.ts';
import { StoreUnavailableError } from '../errors/app-error.ts';
import { electionKeys, indexKey } from './keys.ts';
import { checkRedisDurability, type Durability } from './durability.ts';
import { durableCommit } from './durable-commit.ts';
import { defineCommit, parseSeen } from './redis-commit.ts';
import { connectRedis, type RedisTarget } from './redis-connection.ts';
import type { NightStore } from './night-store.ts';
import { createRedisNightStore } from './redis-night-store.ts';
import type { HistoryEntry, Store, StoreConnection } from './store.ts';

export interface RedisStoreOptions {
  url: string;
  /** `url` names a node of a Redis Cluster (REDIS_CLUSTER). */
  cluster?: boolean;
  /** The primary is the one these Sentinels name (REDIS_SENTINELS); `url` gives credentials only. */
  sentinels?: RedisTarget['sentinels'];
  prefix: string;
  /** A command that takes longer fails with 503 instead of holding the request. */
  commandTimeoutMs?: number;
  /** What a commit must be before it resolves (DURABILITY); `memory` when absent. */
  durability?: Durability;
}

/** Turns any Redis failure into a 503 for the caller, keeping the cause for the log. */
async function guarded<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new StoreUnavailableError(`the store cannot ${what} right now; nothing was changed, retry shortly`, { cause: error });
  }
}

/**
 * The Redis store as its opener holds it: the connection too, for what else the opener builds on the
 * same Redis (the audience board). Everyone else sees the narrow `Store`.
 */
export type RedisStore = Store & {
  readonly redis: Redis;
  readonly connection: StoreConnection;
  /** Why this Redis cannot give the configured durability (null: it can), as of its last (re)connection. */
  durabilityProblem(): Promise<string | null>;
};

/** ioredis's events behind the store's connection events (a Cluster client emits the same). */
const CONNECTION_EVENTS = { up: 'ready', down: 'close', error: 'error' } as const;

/**
 * Opens the Redis store and waits (up to `readyTimeoutMs`) for the first connection. If Redis does not
 * answer in time the store is returned anyway: it keeps reconnecting, and answers 503 until it can.
 */
export async function openRedisStore(options: RedisStoreOptions & { readyTimeoutMs?: number }): Promise<{ store: RedisStore; ready: boolean }> {
  const store = createRedisStore(options);
  const ready = await new Promise<boolean>((resolve) => {
    if (store.redis.status === 'ready') return resolve(true);
    const timer = setTimeout(() => resolve(false), options.readyTimeoutMs ?? 5000);
    store.redis.once('ready', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
  return { store, ready };
}

/** How the store's connection behaves: it fails fast, never queues, and pipelines what one turn issues. */
function connectionOptions(options: RedisStoreOptions): RedisOptions {
  return {
    lazyConnect: false,
    // Fail fast while disconnected: ingest answers 503 at once instead of queueing behind an outage.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: options.commandTimeoutMs ?? 2000,
    connectionName: 'tallyroom',
    // Commands issued in one turn of the event loop (the commits of bulletins posted to different
    // elections at once) leave in one write: on loopback the syscalls, not Redis, were the cost.
    enableAutoPipelining: true,
  };
}

const MEMORY: Durability = { mode: 'memory', minReplicas: 0, waitMs: 0, check: false };

/**
 * Checks the settings at every (re)connection (a restarted or promoted Redis may have other ones);
 * until the check of the current connection passed, commits are refused (nothing is sent).
 */
function watchDurability(redis: Redis, durability: Durability) {
  let checked: Promise<string | null> = Promise.resolve('the store is not connected yet');
  const check = () => (checked = checkRedisDurability(redis, durability).catch((error: Error) => `the Redis settings could not be read: ${error.message}`));
  let current: string | null = durability.mode === 'memory' || !durability.check ? null : 'the Redis settings are not checked yet';
  if (current === null) return { problem: () => null, checked: () => Promise.resolve(null) };
  redis.on('ready', () => void check().then((problem) => (current = problem)));
  redis.on('close', () => (current = 'the store is not connected'));
  if (redis.status === 'ready') void check().then((problem) => (current = problem));
  return {
    problem: () => current,
    /** The latest check (waiting for the first connection's, up to the connection's own timeout). */
    async checked(): Promise<string | null> {
      if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
      return (current = await checked);
    },
  };
}

/** The store's connection events, from ioredis's. */
function connectionOf(redis: Redis): StoreConnection {
  return {
    get up() {
      return redis.status === 'ready';
    },
    on(event, listener) {
      redis.on(CONNECTION_EVENTS[event], listener);
    },
  };
}

/** An election's definition and state in one round trip (a transaction: never one without the other's version). */
async function loadFrom(redis: Redis, prefix: string, electionId: string): Promise<StoredElection | null> {
  const k = electionKeys(prefix, electionId);
  const replies = await redis.multi().hget(k.state, 'json').get(k.definition).exec();
  const [stateJson, definitionJson] = (replies ?? []).map(([err, value]) => {
    if (err) throw err;
    return value as string | null;
  });
  if (!stateJson || !definitionJson) return null;
  return { electionId, definition: JSON.parse(definitionJson) as ElectionDefinition, state: JSON.parse(stateJson) as ElectionState };
}

/** Every night method behind `guarded`: a Redis failure is a 503 for the caller. */
function guardedNights(nights: NightStore): NightStore {
  return {
    loadNight: (id) => guarded('read', () => nights.loadNight(id)),
    listNights: () => guarded('read', () => nights.listNights()),
    defineNight: (request) => guarded('commit', () => nights.defineNight(request)),
    nightsOf: (id) => guarded('read', () => nights.nightsOf(id)),
    recordLine: (ids, line, at) => guarded('commit', () => nights.recordLine(ids, line, at)),
    readNightChanges: (id, since) => guarded('read', () => nights.readNightChanges(id, since)),
  };
}

/** The Redis store: the product's source of truth. Keys are documented in `keys.ts`. */
export function createRedisStore(options: RedisStoreOptions): RedisStore {
  const { prefix } = options;
  const redis = connectRedis({ url: options.url, cluster: options.cluster, sentinels: options.sentinels }, connectionOptions(options));
  defineCommit(redis);
  const durability = options.durability ?? MEMORY;
  const settings = watchDurability(redis, durability);
  // Errors surface through the failing commands; without a listener ioredis would log each one.
  redis.on('error', () => {});
  const keys = (id: string) => electionKeys(prefix, id);
  let closed = false;

  const store: RedisStore = {
    kind: 'redis',
    redis,
    connection: connectionOf(redis),
    load: (electionId) => guarded('read', () => loadFrom(redis, prefix, electionId)),
    findBulletin: (electionId, bulletinId) =>
      guarded('read', async () => {
        const seen = await redis.hget(keys(electionId).ids, bulletinId);
        return seen ? parseSeen(seen) : null;
      }),
    async commit(request) {
      const problem = settings.problem();
      if (problem) throw new StoreUnavailableError(`${problem}; nothing was changed`);
      return durableCommit(redis, prefix, durability, request);
    },
    durabilityProblem: () => settings.checked(),
    readHistory: (electionId, afterVersion, limit) =>
      guarded('read', async () => {
        const entries = await redis.xrange(keys(electionId).history, `${afterVersion + 1}-0`, '+', 'COUNT', limit);
        return entries.map(([, fields]) => JSON.parse(fields[1] ?? 'null') as HistoryEntry);
      }),
    list: () =>
      guarded('read', async (): Promise<ElectionSummary[]> => {
        const ids = (await redis.smembers(indexKey(prefix))).sort();
        const rows = await Promise.all(ids.map((id) => store.load(id)));
        return rows.flatMap((row) => (row ? [electionSummary(row)] : []));
      }),
    nights: guardedNights(createRedisNightStore(redis, prefix)),
    readCas: (electionId) => guarded('read', () => redis.hget(keys(electionId).state, 'cas')),
    ping: () => guarded('answer', async () => void (await redis.ping())),
    async close() {
      if (closed) return;
      closed = true;
      await redis.quit().catch(() => redis.disconnect());
    },
  };
  return store;
}

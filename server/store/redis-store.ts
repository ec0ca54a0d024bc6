import type { Redis, RedisOptions } from 'ioredis';
import type { ElectionDefinition, ElectionSummary } from '../../shared/schemas/election.schema.ts';
import { electionSummary } from '../../shared/tally/summary.ts';
import type { ElectionState } from '../../shared/tally/election-state.ts';
import { StoreUnavailableError } from '../errors/app-error.ts';
import { jsonWithMember } from './json-once.ts';
import { electionKeys, indexKey } from './keys.ts';
import { connectRedis } from './redis-connection.ts';
import { casToken, type CommitRequest, type CommitResult, type HistoryEntry, type SeenBulletin, type Store, type StoreConnection } from './store.ts';

/**
 * Every commit in one script, so it is atomic and linearizable per election even with many server
 * processes: the duplicate check of every bulletin id, the version check (compare-and-set), the state,
 * the definition, and each history entry (at its own version) with its bulletin id. One change or a
 * group of bulletins alike; the maths stays in TypeScript (`shared/`), the script only guards and writes.
 */
const COMMIT_SCRIPT = `
-- KEYS: state, definition, history, ids
-- ARGV: expected cas ('' = must not exist), new cas, state json, definition json or '',
--       '1' to clear history and ids first, then per entry: version, entry json, bulletin id or '', body hash
local count = (#ARGV - 5) / 4
if ARGV[5] ~= '1' then
  for i = 0, count - 1 do
    local id = ARGV[8 + i * 4]
    if id ~= '' then
      local seen = redis.call('HGET', KEYS[4], id)
      if seen then return {'duplicate', tostring(i), seen} end
    end
  end
end
local current = redis.call('HGET', KEYS[1], 'cas') or ''
if current ~= ARGV[1] then return {'conflict'} end
redis.call('HSET', KEYS[1], 'cas', ARGV[2], 'json', ARGV[3])
if ARGV[5] == '1' then redis.call('DEL', KEYS[3], KEYS[4]) end
if ARGV[4] ~= '' then redis.call('SET', KEYS[2], ARGV[4]) end
for i = 0, count - 1 do
  local b = 6 + i * 4
  redis.call('XADD', KEYS[3], ARGV[b] .. '-0', 'e', ARGV[b + 1])
  if ARGV[b + 2] ~= '' then redis.call('HSET', KEYS[4], ARGV[b + 2], ARGV[b] .. ':' .. ARGV[b + 3]) end
end
return {'committed'}
`;

type CommitReply = [string, string?, string?];

interface RedisWithCommit extends Redis {
  tallyroomCommit(...args: (string | number)[]): Promise<CommitReply>;
}

export interface RedisStoreOptions {
  url: string;
  /** `url` names a node of a Redis Cluster (REDIS_CLUSTER). */
  cluster?: boolean;
  prefix: string;
  /** A command that takes longer fails with 503 instead of holding the request. */
  commandTimeoutMs?: number;
}

function parseSeen(value: string): SeenBulletin {
  const colon = value.indexOf(':');
  return { version: Number(value.slice(0, colon)), hash: value.slice(colon + 1) };
}

/** A history entry's JSON; a delta's is the one its HTTP answer writes too (`jsonOnce`), serialised once. */
function entryJson(entry: HistoryEntry): string {
  return entry.kind === 'definition' ? JSON.stringify(entry) : jsonWithMember(entry, 'delta');
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
export type RedisStore = Store & { readonly redis: Redis; readonly connection: StoreConnection };

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

/** The Redis store: the product's source of truth. Keys are documented in `keys.ts`. */
export function createRedisStore(options: RedisStoreOptions): RedisStore {
  const redisOptions: RedisOptions = {
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
  const redis = connectRedis({ url: options.url, cluster: options.cluster }, redisOptions) as RedisWithCommit;
  redis.defineCommand('tallyroomCommit', { numberOfKeys: 4, lua: COMMIT_SCRIPT });
  // Errors surface through the failing commands; without a listener ioredis would log each one.
  redis.on('error', () => {});
  const keys = (id: string) => electionKeys(options.prefix, id);
  let closed = false;

  const store: RedisStore = {
    kind: 'redis',
    redis,
    connection: {
      get up() {
        return redis.status === 'ready';
      },
      on(event, listener) {
        redis.on(CONNECTION_EVENTS[event], listener);
      },
    },

    load: (electionId) =>
      guarded('read', async () => {
        const k = keys(electionId);
        const replies = await redis.multi().hget(k.state, 'json').get(k.definition).exec();
        const [stateJson, definitionJson] = (replies ?? []).map(([err, value]) => {
          if (err) throw err;
          return value as string | null;
        });
        if (!stateJson || !definitionJson) return null;
        return {
          electionId,
          definition: JSON.parse(definitionJson) as ElectionDefinition,
          state: JSON.parse(stateJson) as ElectionState,
        };
      }),

    findBulletin: (electionId, bulletinId) =>
      guarded('read', async () => {
        const seen = await redis.hget(keys(electionId).ids, bulletinId);
        return seen ? parseSeen(seen) : null;
      }),

    commit: (request: CommitRequest) =>
      guarded('commit', async (): Promise<CommitResult> => {
        const k = keys(request.electionId);
        // Listed before it exists, never the reverse: `list` skips ids whose state is missing.
        if (request.expected === null) await redis.sadd(indexKey(options.prefix), request.electionId);
        const perEntry = request.entries.flatMap(({ entry, bulletin }) => [entry.version, entryJson(entry), bulletin?.id ?? '', bulletin?.hash ?? '']);
        const [status, index, seen] = await redis.tallyroomCommit(
          k.state, k.definition, k.history, k.ids,
          request.expected ? casToken(request.expected) : '',
          casToken(request.state),
          JSON.stringify(request.state),
          request.definition ? JSON.stringify(request.definition) : '',
          request.reset ? '1' : '',
          ...perEntry,
        );
        if (status === 'committed') return { status };
        if (status === 'duplicate') return { status, index: Number(index), seen: parseSeen(seen ?? '') };
        return { status: 'conflict' };
      }),

    readHistory: (electionId, afterVersion, limit) =>
      guarded('read', async () => {
        const entries = await redis.xrange(keys(electionId).history, `${afterVersion + 1}-0`, '+', 'COUNT', limit);
        return entries.map(([, fields]) => JSON.parse(fields[1] ?? 'null') as HistoryEntry);
      }),

    list: () =>
      guarded('read', async (): Promise<ElectionSummary[]> => {
        const ids = (await redis.smembers(indexKey(options.prefix))).sort();
        const rows = await Promise.all(ids.map((id) => store.load(id)));
        return rows.flatMap((row) => (row ? [electionSummary(row)] : []));
      }),

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

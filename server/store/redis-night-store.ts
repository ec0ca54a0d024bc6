import type { Redis } from 'ioredis';
import type { ContestLine, NightDefinition, NightListItem } from '../../shared/schemas/night.schema.ts';
import { electionNightsKey, nightIndexKey, nightKeys } from './keys.ts';
import type { NightStore, StoredNight } from './night-store.ts';
import { inBatches } from './batches.ts';

/**
 * A definition and its lines in one script: the version goes up, the epoch is replaced, the lines of
 * contests left out go, and each line given replaces the one held unless that one is of a later election
 * version (a commit that reached the register between the definer's read and this write wins).
 */
const DEFINE_SCRIPT = `
-- KEYS: definition, meta, lines, versions, changed
-- ARGV: definition json, epoch, at, list json, then per contest: election id, election version, line json
local version = redis.call('HINCRBY', KEYS[2], 'version', 1)
if redis.call('HEXISTS', KEYS[2], 'createdAt') == 0 then redis.call('HSET', KEYS[2], 'createdAt', ARGV[3]) end
redis.call('HSET', KEYS[2], 'epoch', ARGV[2], 'updatedAt', ARGV[3], 'list', ARGV[4])
redis.call('SET', KEYS[1], ARGV[1])
local keep = {}
for i = 5, #ARGV, 3 do keep[ARGV[i]] = true end
for _, id in ipairs(redis.call('HKEYS', KEYS[4])) do
  if not keep[id] then
    redis.call('HDEL', KEYS[3], id)
    redis.call('HDEL', KEYS[4], id)
    redis.call('ZREM', KEYS[5], id)
  end
end
for i = 5, #ARGV, 3 do
  local held = redis.call('HGET', KEYS[4], ARGV[i])
  if not held or tonumber(held) < tonumber(ARGV[i + 1]) then
    redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 2])
    redis.call('HSET', KEYS[4], ARGV[i], ARGV[i + 1])
  end
  redis.call('ZADD', KEYS[5], version, ARGV[i])
end
return version
`;

/** One line into one night's register, when the night holds the contest at an older version. */
const RECORD_SCRIPT = `
-- KEYS: lines, versions, changed, meta
-- ARGV: election id, election version, line json, at
local held = redis.call('HGET', KEYS[2], ARGV[1])
if not held or tonumber(held) >= tonumber(ARGV[2]) then return -1 end
local version = redis.call('HINCRBY', KEYS[4], 'version', 1)
redis.call('HSET', KEYS[4], 'updatedAt', ARGV[4])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[3], version, ARGV[1])
return version
`;

/** The register's epoch and version and the lines changed after a version, in one consistent read. */
const CHANGES_SCRIPT = `
-- KEYS: meta, changed, lines
-- ARGV: since version
local meta = redis.call('HMGET', KEYS[1], 'epoch', 'version', 'updatedAt')
if not meta[1] then return false end
local out = { meta[1], meta[2], meta[3] }
local ids = redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. ARGV[1], '+inf')
if #ids > 0 then
  local lines = redis.call('HMGET', KEYS[3], unpack(ids))
  for i = 1, #lines do out[#out + 1] = lines[i] end
end
return out
`;

interface RedisWithNights extends Redis {
  tallyroomNightDefine(...args: (string | number)[]): Promise<number>;
  tallyroomNightRecord(...args: (string | number)[]): Promise<number>;
  tallyroomNightChanges(...args: (string | number)[]): Promise<string[] | null>;
}

/** The `GET /api/nights` row of a definition, less what changes with every line. */
function listFields(definition: NightDefinition): Pick<NightListItem, 'name' | 'names' | 'contests'> {
  return { name: definition.name, ...(definition.names ? { names: definition.names } : {}), contests: definition.contests.length };
}

/** The nights side of the Redis store. Errors are the caller's to guard (`redis-store.ts`). */
export function createRedisNightStore(connection: Redis, prefix: string): NightStore {
  const redis = connection as RedisWithNights;
  redis.defineCommand('tallyroomNightDefine', { numberOfKeys: 5, lua: DEFINE_SCRIPT });
  redis.defineCommand('tallyroomNightRecord', { numberOfKeys: 4, lua: RECORD_SCRIPT });
  redis.defineCommand('tallyroomNightChanges', { numberOfKeys: 3, lua: CHANGES_SCRIPT });
  const keys = (id: string) => nightKeys(prefix, id);

  return {
    async loadNight(nightId) {
      const k = keys(nightId);
      const replies = (await redis.multi().get(k.definition).hgetall(k.meta).hgetall(k.lines).exec()) ?? [];
      const [definitionJson, meta, lines] = replies.map(([err, value]) => {
        if (err) throw err;
        return value;
      }) as [string | null, Record<string, string>, Record<string, string>];
      if (!definitionJson || !meta.epoch) return null;
      const parsed: Record<string, ContestLine> = {};
      for (const [id, json] of Object.entries(lines)) parsed[id] = JSON.parse(json) as ContestLine;
      return { nightId, definition: JSON.parse(definitionJson) as NightDefinition, epoch: meta.epoch, version: Number(meta.version), createdAt: meta.createdAt!, updatedAt: meta.updatedAt!, lines: parsed } satisfies StoredNight;
    },

    async listNights() {
      const ids = (await redis.smembers(nightIndexKey(prefix))).sort();
      const rows = await Promise.all(ids.map((id) => redis.hmget(keys(id).meta, 'list', 'version', 'updatedAt')));
      return rows.flatMap(([list, version, updatedAt], i): NightListItem[] => (list ? [{ nightId: ids[i]!, ...(JSON.parse(list) as ReturnType<typeof listFields>), version: Number(version), updatedAt: updatedAt! }] : []));
    },

    async defineNight({ nightId, definition, epoch, at, lines }) {
      const k = keys(nightId);
      const previous = await redis.get(k.definition);
      const before = previous ? (JSON.parse(previous) as NightDefinition).contests : [];
      // Held by the night before the register takes its lines: a commit from now on updates its line
      // here, and one committed earlier is in the lines the definer read (see the night service).
      await redis.sadd(nightIndexKey(prefix), nightId);
      await inBatches(definition.contests, (id) => redis.sadd(electionNightsKey(prefix, id), nightId));
      const perLine = lines.flatMap((l) => [l.electionId, l.version, JSON.stringify(l)]);
      const version = await redis.tallyroomNightDefine(k.definition, k.meta, k.lines, k.versions, k.changed, JSON.stringify(definition), epoch, at, JSON.stringify(listFields(definition)), ...perLine);
      const kept = new Set(definition.contests);
      await inBatches(before.filter((id) => !kept.has(id)), (id) => redis.srem(electionNightsKey(prefix, id), nightId));
      return Number(version);
    },

    nightsOf: (electionId) => redis.smembers(electionNightsKey(prefix, electionId)),

    async recordLine(nightIds, line, at) {
      const json = JSON.stringify(line);
      const versions = await Promise.all(nightIds.map((id) => {
        const k = keys(id);
        return redis.tallyroomNightRecord(k.lines, k.versions, k.changed, k.meta, line.electionId, line.version, json, at);
      }));
      return versions.map((v) => (Number(v) > 0 ? Number(v) : null));
    },

    async readNightChanges(nightId, sinceVersion) {
      const k = keys(nightId);
      const reply = await redis.tallyroomNightChanges(k.meta, k.changed, k.lines, sinceVersion);
      if (!reply) return null;
      const [epoch, version, updatedAt, ...lines] = reply;
      return { epoch: epoch!, version: Number(version), updatedAt: updatedAt!, lines: lines.map((json) => JSON.parse(json) as ContestLine) };
    },
  };
}

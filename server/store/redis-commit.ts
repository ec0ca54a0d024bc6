import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { jsonWithMember } from './json-once.ts';
import { electionKeys, indexKey } from './keys.ts';
import { casToken, type CommitRequest, type CommitResult, type HistoryEntry, type SeenBulletin } from './store.ts';

/**
 * Every commit in one script, so it is atomic and linearizable per election even with many server
 * processes: the duplicate check of every bulletin id, the version check (compare-and-set), the state,
 * the definition, and each history entry (at its own version) with its bulletin id. One change or a
 * group of bulletins alike; the maths stays in TypeScript (`shared/`), the script only guards and writes.
 * Each call carries a random commit token kept beside the version, so the same call arriving twice
 * (a resend after a reconnect) is recognised and answered `committed` without writing again.
 */
const COMMIT_SCRIPT = `
-- KEYS: state, definition, history, ids
-- ARGV: expected cas ('' = must not exist), new cas, state json, definition json or '',
--       '1' to clear history and ids first, commit token,
--       then per entry: version, entry json, bulletin id or '', body hash
local count = (#ARGV - 6) / 4
-- The same commit sent again (ioredis resends what was in flight when a connection dropped): it is
-- already applied, so it answers as it did, and applies nothing twice.
if redis.call('HGET', KEYS[1], 'commit') == ARGV[6] and redis.call('HGET', KEYS[1], 'cas') == ARGV[2] then
  return {'committed'}
end
if ARGV[5] ~= '1' then
  for i = 0, count - 1 do
    local id = ARGV[9 + i * 4]
    if id ~= '' then
      local seen = redis.call('HGET', KEYS[4], id)
      if seen then
        -- Written again, unchanged: a write, so the caller's WAIT (and fsync) covers the id it answers with.
        redis.call('HSET', KEYS[4], id, seen)
        return {'duplicate', tostring(i), seen}
      end
    end
  end
end
local current = redis.call('HGET', KEYS[1], 'cas') or ''
if current ~= ARGV[1] then return {'conflict'} end
redis.call('HSET', KEYS[1], 'cas', ARGV[2], 'json', ARGV[3], 'commit', ARGV[6])
if ARGV[5] == '1' then redis.call('DEL', KEYS[3], KEYS[4]) end
if ARGV[4] ~= '' then redis.call('SET', KEYS[2], ARGV[4]) end
for i = 0, count - 1 do
  local b = 7 + i * 4
  redis.call('XADD', KEYS[3], ARGV[b] .. '-0', 'e', ARGV[b + 1])
  if ARGV[b + 2] ~= '' then redis.call('HSET', KEYS[4], ARGV[b + 2], ARGV[b] .. ':' .. ARGV[b + 3]) end
end
return {'committed'}
`;

type CommitReply = [string, string?, string?];

interface RedisWithCommit extends Redis {
  tallyroomCommit(...args: (string | number)[]): Promise<CommitReply>;
}

/** Registers the commit script on a connection (ioredis sends it by digest, loading it when missing). */
export function defineCommit(redis: Redis): void {
  redis.defineCommand('tallyroomCommit', { numberOfKeys: 4, lua: COMMIT_SCRIPT });
}

/** `<version>:<body hash>`, as the ids hash keeps each accepted bulletin. */
export function parseSeen(value: string): SeenBulletin {
  const colon = value.indexOf(':');
  return { version: Number(value.slice(0, colon)), hash: value.slice(colon + 1) };
}

/** A history entry's JSON; a delta's is the one its HTTP answer writes too (`jsonOnce`), serialised once. */
function entryJson(entry: HistoryEntry): string {
  return entry.kind === 'definition' ? JSON.stringify(entry) : jsonWithMember(entry, 'delta');
}

/** `Store.commit` on Redis: one script call (after listing a new election). Failures are the caller's to guard. */
export async function commitToRedis(redis: Redis, prefix: string, request: CommitRequest): Promise<CommitResult> {
  const k = electionKeys(prefix, request.electionId);
  // Listed before it exists, never the reverse: `list` skips ids whose state is missing.
  if (request.expected === null) await redis.sadd(indexKey(prefix), request.electionId);
  const perEntry = request.entries.flatMap(({ entry, bulletin }) => [entry.version, entryJson(entry), bulletin?.id ?? '', bulletin?.hash ?? '']);
  const [status, index, seen] = await (redis as RedisWithCommit).tallyroomCommit(
    k.state, k.definition, k.history, k.ids,
    request.expected ? casToken(request.expected) : '',
    casToken(request.state),
    JSON.stringify(request.state),
    request.definition ? JSON.stringify(request.definition) : '',
    request.reset ? '1' : '',
    randomBytes(12).toString('base64url'),
    ...perEntry,
  );
  if (status === 'committed') return { status };
  if (status === 'duplicate') return { status, index: Number(index), seen: parseSeen(seen ?? '') };
  return { status: 'conflict' };
}

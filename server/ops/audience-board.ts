import type { Redis } from 'ioredis';
import { electionKeys } from '../store/keys.ts';

/**
 * Where the nodes' subscriber counts meet. Each node reports its own count per election with an expiry;
 * the audience is the sum of the counts not expired, so a node that dies stops counting within one
 * expiry, and no presence list is ever kept.
 */
export interface AudienceBoard {
  /** Records this node's counts (an election missing from `counts` is reported as none) and returns the totals of `counts`' elections. */
  exchange(nodeId: string, counts: ReadonlyMap<string, number>, ttlMs: number): Promise<Map<string, number>>;
  /** The audience of one election. */
  total(electionId: string): Promise<number>;
  /** Withdraws this node's counts (it is stopping). */
  withdraw(nodeId: string): Promise<void>;
}

/** Sums `"<count>:<expiry ms>"` fields that have not expired; lists the expired ones. */
function sumFields(fields: Record<string, string>, now: number): { total: number; expired: string[] } {
  let total = 0;
  const expired: string[] = [];
  for (const [node, value] of Object.entries(fields)) {
    const [count, expiresAt] = value.split(':').map(Number);
    if (!Number.isFinite(count) || !Number.isFinite(expiresAt) || expiresAt! <= now) expired.push(node);
    else total += count!;
  }
  return { total, expired };
}

/**
 * The board in Redis: one small hash per election, beside its other keys. Each transaction touches one
 * election's hash only: on a Redis Cluster elections live in different slots, and a MULTI across slots
 * is refused (CROSSSLOT), so the elections are written side by side, never in one transaction.
 */
export function createRedisAudienceBoard(redis: Redis, prefix: string): AudienceBoard {
  const key = (electionId: string) => electionKeys(prefix, electionId).audience;
  // Elections this node reported last time: a count that drops to zero must be withdrawn, not left to expire.
  const reported = new Map<string, Set<string>>();

  /** Writes this node's count for one election and returns its total, dropping expired fields. */
  async function report(electionId: string, nodeId: string, count: number, now: number, ttlMs: number): Promise<number> {
    const replies = (await redis.multi().hset(key(electionId), nodeId, `${count}:${now + ttlMs}`).pexpire(key(electionId), ttlMs * 2).hgetall(key(electionId)).exec()) ?? [];
    const [error, fields] = replies[2] ?? [new Error('no reply')];
    if (error) throw error;
    const { total, expired } = sumFields(fields as Record<string, string>, now);
    if (expired.length > 0) await redis.hdel(key(electionId), ...expired);
    return total;
  }

  return {
    async exchange(nodeId, counts, ttlMs) {
      const now = Date.now();
      const before = reported.get(nodeId) ?? new Set<string>();
      const gone = [...before].filter((electionId) => !counts.has(electionId));
      const [totals] = await Promise.all([
        Promise.all([...counts].map(async ([electionId, count]) => [electionId, await report(electionId, nodeId, count, now, ttlMs)] as const)),
        Promise.all(gone.map((electionId) => redis.hdel(key(electionId), nodeId))),
      ]);
      reported.set(nodeId, new Set(counts.keys()));
      return new Map(totals);
    },
    async total(electionId) {
      return sumFields(await redis.hgetall(key(electionId)), Date.now()).total;
    },
    async withdraw(nodeId) {
      const before = reported.get(nodeId);
      reported.delete(nodeId);
      if (!before || before.size === 0) return;
      await Promise.all([...before].map((electionId) => redis.hdel(key(electionId), nodeId)));
    },
  };
}

/** The board in process, for the embedded store (one node). */
export function createMemoryAudienceBoard(): AudienceBoard {
  const boards = new Map<string, Map<string, string>>();
  const fields = (electionId: string) => Object.fromEntries(boards.get(electionId) ?? []);
  return {
    async exchange(nodeId, counts, ttlMs) {
      const now = Date.now();
      for (const board of boards.values()) board.delete(nodeId);
      for (const [electionId, count] of counts) {
        const board = boards.get(electionId) ?? new Map<string, string>();
        board.set(nodeId, `${count}:${now + ttlMs}`);
        boards.set(electionId, board);
      }
      return new Map([...counts.keys()].map((id) => [id, sumFields(fields(id), now).total]));
    },
    async total(electionId) {
      return sumFields(fields(electionId), Date.now()).total;
    },
    async withdraw(nodeId) {
      for (const board of boards.values()) board.delete(nodeId);
    },
  };
}

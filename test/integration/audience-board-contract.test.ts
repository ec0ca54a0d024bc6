import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryAudienceBoard, createRedisAudienceBoard, type AudienceBoard } from '../../server/ops/audience-board.ts';
import { deleteKeys, randomPrefix, REDIS_URL } from '../helpers/redis.ts';
import { eventuallyAsync } from '../helpers/wait-for.ts';

/**
 * One contract, both audience boards: the embedded one (one node, in process) and Redis (every node)
 * must sum, expire and withdraw counts alike, so the audience a reader sees does not depend on the store.
 */
const prefix = randomPrefix();
const redis = new Redis(REDIS_URL);
const boards: Array<[string, () => AudienceBoard]> = [
  ['memory', () => createMemoryAudienceBoard()],
  ['redis', () => createRedisAudienceBoard(redis, prefix)],
];

afterAll(async () => {
  redis.disconnect();
  await deleteKeys(prefix);
});

const HOUR = 3_600_000;

describe.each(boards)('audience board contract: %s', (kind, open) => {
  let n = 0;
  /** An election id no other test of this board uses. */
  const fresh = () => `${kind}-e${++n}`;

  it('knows no audience for an election nobody reported', async () => {
    expect(await open().total(fresh())).toBe(0);
  });

  it('sums every node\'s count per election, and each exchange returns the totals of its elections', async () => {
    const board = open();
    const [e1, e2] = [fresh(), fresh()];
    expect(await board.exchange('node-a', new Map([[e1, 3], [e2, 1]]), HOUR)).toEqual(new Map([[e1, 3], [e2, 1]]));
    expect(await board.exchange('node-b', new Map([[e1, 4]]), HOUR)).toEqual(new Map([[e1, 7]]));
    expect(await board.total(e1)).toBe(7);
    expect(await board.total(e2)).toBe(1);
  });

  it('replaces a node\'s count with its latest, and drops an election the node no longer reports', async () => {
    const board = open();
    const [e1, e2] = [fresh(), fresh()];
    await board.exchange('node-a', new Map([[e1, 3], [e2, 5]]), HOUR);
    await board.exchange('node-b', new Map([[e1, 2]]), HOUR);
    expect(await board.exchange('node-a', new Map([[e1, 1]]), HOUR)).toEqual(new Map([[e1, 3]]));
    expect(await board.total(e2)).toBe(0);
    // A count that drops to zero withdraws it rather than leaving it to expire.
    await board.exchange('node-a', new Map(), HOUR);
    expect(await board.total(e1)).toBe(2);
  });

  it('withdraws a stopping node\'s counts at once, and only its own', async () => {
    const board = open();
    const [e1, e2] = [fresh(), fresh()];
    await board.exchange('node-a', new Map([[e1, 3], [e2, 5]]), HOUR);
    await board.exchange('node-b', new Map([[e1, 2]]), HOUR);
    await board.withdraw('node-a');
    expect(await board.total(e1)).toBe(2);
    expect(await board.total(e2)).toBe(0);
    await board.withdraw('node-a'); // twice is harmless
    await board.withdraw('never-reported');
    expect(await board.total(e1)).toBe(2);
  });

  it('forgets a node that stops reporting without withdrawing (it crashed) once its count expires', async () => {
    const board = open();
    const e1 = fresh();
    await board.exchange('crashed-node', new Map([[e1, 7]]), 1000);
    expect((await board.exchange('live-node', new Map([[e1, 2]]), HOUR)).get(e1)).toBe(9);
    // Negative control above: before its expiry the crashed node still counts.
    expect(await eventuallyAsync(async () => ((await board.total(e1)) === 2 ? true : undefined), 5000, 'the crashed count to expire')).toBe(true);
    expect((await board.exchange('live-node', new Map([[e1, 2]]), HOUR)).get(e1)).toBe(2);
  });
});

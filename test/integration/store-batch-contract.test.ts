import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../server/store/memory-store.ts';
import { openRedisStore } from '../../server/store/redis-store.ts';
import type { BatchedBulletin, Store } from '../../server/store/store.ts';
import { initialState, type ElectionState } from '../../shared/tally/election-state.ts';
import { iran2017 } from '../fixtures/seeds.ts';
import { deleteKeys, randomPrefix, REDIS_URL } from '../helpers/redis.ts';

/** `commitBatch` (group commit), the same for every store: all of a batch is stored, or none of it. */
const prefix = randomPrefix();
const stores: Array<[string, () => Promise<Store>]> = [
  ['memory', async () => createMemoryStore()],
  ['redis', async () => (await openRedisStore({ url: REDIS_URL, prefix })).store],
];

afterAll(async () => {
  await deleteKeys(prefix);
});

const at = '2026-11-23T12:00:00.000Z';
const state = (version: number): ElectionState => ({ ...initialState('e1', at), version });
const batched = (version: number, id: string): BatchedBulletin => ({
  state: state(version),
  entry: { kind: 'bulletin', version, at, by: 'desk', bulletin: { id, round: 1, ballotsCounted: version, approximate: false, votes: {}, final: false, correction: false }, warnings: [], delta: {} as never },
  dedupe: { bulletinId: id, hash: `h-${id}` },
});

describe.each(stores)('store batch contract: %s', (kind, open) => {
  let store: Store;
  let n = 0;
  const created = async () => {
    const id = `${kind}-batch-${++n}`;
    await store.commit({ electionId: id, expected: null, state: state(0), definition: iran2017 });
    return id;
  };

  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => {
    await store.close();
  });

  it('stores every bulletin of a batch at its own version, and the last state', async () => {
    const id = await created();
    const result = await store.commitBatch({ electionId: id, expected: state(0), bulletins: [batched(1, 'a'), batched(2, 'b'), batched(3, 'c')] });
    expect(result).toEqual({ status: 'committed' });
    expect((await store.load(id))!.state).toEqual(state(3));
    expect((await store.readHistory(id, 0, 10)).map((e) => e.version)).toEqual([1, 2, 3]);
    expect(await store.findBulletin(id, 'b')).toEqual({ version: 2, hash: 'h-b' });
  });

  it('refuses a batch holding an id already accepted, naming it, and stores nothing', async () => {
    const id = await created();
    await store.commitBatch({ electionId: id, expected: state(0), bulletins: [batched(1, 'a')] });
    const result = await store.commitBatch({ electionId: id, expected: state(1), bulletins: [batched(2, 'b'), batched(3, 'a')] });
    expect(result).toEqual({ status: 'duplicate', index: 1, seen: { version: 1, hash: 'h-a' } });
    expect((await store.load(id))!.state.version).toBe(1);
    expect(await store.findBulletin(id, 'b')).toBeNull();
    expect((await store.readHistory(id, 0, 10)).map((e) => e.version)).toEqual([1]);
  });

  it('refuses a batch computed on another version (compare-and-set), storing nothing', async () => {
    const id = await created();
    await store.commitBatch({ electionId: id, expected: state(0), bulletins: [batched(1, 'a')] });
    expect(await store.commitBatch({ electionId: id, expected: state(0), bulletins: [batched(1, 'b'), batched(2, 'c')] })).toEqual({ status: 'conflict' });
    expect(await store.findBulletin(id, 'b')).toBeNull();
    expect((await store.readHistory(id, 0, 10)).map((e) => e.version)).toEqual([1]);
  });
});

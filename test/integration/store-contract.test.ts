import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../server/store/memory-store.ts';
import { openRedisStore } from '../../server/store/redis-store.ts';
import { casToken, type CommitEntry, type HistoryEntry, type Store } from '../../server/store/store.ts';
import { initialState, type ElectionState } from '../../shared/tally/election-state.ts';
import { iran2017 } from '../fixtures/seeds.ts';
import { deleteKeys, randomPrefix, REDIS_URL } from '../helpers/redis.ts';

/**
 * One contract, every store: the embedded one and Redis must be indistinguishable to the server.
 */
const prefix = randomPrefix();
const stores: Array<[string, () => Promise<Store>]> = [
  ['memory', async () => createMemoryStore()],
  ['redis', async () => (await openRedisStore({ url: REDIS_URL, prefix })).store],
];

afterAll(async () => {
  await deleteKeys(prefix);
});

const at = '2026-11-23T12:00:00.000Z';
const state = (version: number, epoch = 'e1'): ElectionState => ({ ...initialState(epoch, at), version });
const entry = (version: number): HistoryEntry => ({ kind: 'definition', version, at, by: 'desk', definition: iran2017 });
/** A history entry of a commit, with a bulletin id when `bulletin` is given. */
const entryOf = (version: number, bulletin?: { id: string; hash: string }): CommitEntry => (bulletin ? { entry: entry(version), bulletin } : { entry: entry(version) });

describe.each(stores)('store contract: %s', (kind, open) => {
  let store: Store;
  let n = 0;
  const fresh = () => `${kind}-e${++n}`;

  beforeAll(async () => {
    store = await open();
    await store.ping();
  });
  afterAll(async () => {
    await store.close();
    await store.close(); // idempotent
  });

  it('knows nothing of an election never created', async () => {
    expect(await store.load('never-created')).toBeNull();
    expect(await store.findBulletin('never-created', 'x')).toBeNull();
    expect(await store.readHistory('never-created', 0, 10)).toEqual([]);
  });

  it('creates an election once: a second creation is a conflict', async () => {
    const id = fresh();
    expect(await store.commit({ electionId: id, expected: null, state: state(0), definition: iran2017, entries: [] })).toEqual({ status: 'committed' });
    expect(await store.load(id)).toEqual({ electionId: id, definition: iran2017, state: state(0) });
    expect(await store.commit({ electionId: id, expected: null, state: state(0, 'e2'), definition: iran2017, entries: [] })).toEqual({ status: 'conflict' });
    expect((await store.load(id))!.state.epoch).toBe('e1');
  });

  it('commits only from the current epoch and version (compare-and-set)', async () => {
    const id = fresh();
    await store.commit({ electionId: id, expected: null, state: state(0), definition: iran2017, entries: [] });
    expect(await store.commit({ electionId: id, expected: state(0), state: state(1), entries: [entryOf(1)] })).toEqual({ status: 'committed' });
    expect(await store.commit({ electionId: id, expected: state(0), state: state(1), entries: [entryOf(1)] })).toEqual({ status: 'conflict' });
    // Same version, another epoch: a store wiped and refilled is not the one the change was computed on.
    expect(await store.commit({ electionId: id, expected: state(1, 'other'), state: state(2), entries: [entryOf(2)] })).toEqual({ status: 'conflict' });
    expect((await store.load(id))!.state.version).toBe(1);
    expect(await store.readHistory(id, 0, 10)).toEqual([entry(1)]);
  });

  it('reads the compare-and-set token (epoch/version) the writer commits against, and it follows every commit', async () => {
    const id = fresh();
    expect(await store.readCas(id)).toBeNull();
    await store.commit({ electionId: id, expected: null, state: state(0), definition: iran2017, entries: [] });
    expect(await store.readCas(id)).toBe(casToken(state(0)));
    expect(await store.readCas(id)).toBe('e1/0');
    await store.commit({ electionId: id, expected: state(0), state: state(1), entries: [entryOf(1)] });
    expect(await store.readCas(id)).toBe(casToken((await store.load(id))!.state));
    expect(await store.readCas(id)).toBe('e1/1');
    // Going live: a new epoch, the version goes on.
    await store.commit({ electionId: id, expected: state(1), state: state(2, 'live'), entries: [entryOf(2)], reset: true });
    expect(await store.readCas(id)).toBe('live/2');
  });

  it('leaves the token, the state and the history as they were when a commit is refused', async () => {
    const id = fresh();
    await store.commit({ electionId: id, expected: null, state: state(0), definition: iran2017, entries: [] });
    await store.commit({ electionId: id, expected: state(0), state: state(1), entries: [entryOf(1, { id: 'b-1', hash: 'h1' })] });
    const refused = [
      store.commit({ electionId: id, expected: state(0), state: state(2), entries: [entryOf(2, { id: 'b-2', hash: 'h2' })] }), // stale version
      store.commit({ electionId: id, expected: state(1, 'e2'), state: state(2), entries: [entryOf(2)] }), // stale epoch
      store.commit({ electionId: id, expected: null, state: state(0, 'e3'), definition: iran2017, entries: [] }), // created twice
      store.commit({ electionId: id, expected: state(1), state: state(2), entries: [entryOf(2, { id: 'b-3', hash: 'h3' }), entryOf(3, { id: 'b-1', hash: 'h9' })] }), // duplicate
    ];
    expect((await Promise.all(refused)).map((r) => r.status)).toEqual(['conflict', 'conflict', 'conflict', 'duplicate']);
    expect(await store.readCas(id)).toBe('e1/1');
    expect((await store.load(id))!.state).toEqual(state(1));
    expect(await store.readHistory(id, 0, 10)).toEqual([entry(1)]);
    expect(await store.findBulletin(id, 'b-2')).toBeNull();
    expect(await store.findBulletin(id, 'b-3')).toBeNull();
    // Decided again on what the token says, the same change commits.
    expect(await store.commit({ electionId: id, expected: state(1), state: state(2), entries: [entryOf(2, { id: 'b-2', hash: 'h2' })] })).toEqual({ status: 'committed' });
    expect(await store.readCas(id)).toBe('e1/2');
  });

  it('refuses a change expected of an election that does not exist, creating nothing', async () => {
    const id = fresh();
    expect(await store.commit({ electionId: id, expected: state(0), state: state(1), definition: iran2017, entries: [entryOf(1)] })).toEqual({ status: 'conflict' });
    expect(await store.readCas(id)).toBeNull();
    expect(await store.load(id)).toBeNull();
    expect(await store.readHistory(id, 0, 10)).toEqual([]);
    expect((await store.list()).map((e) => e.electionId)).not.toContain(id);
  });

  it('lets exactly one of many racing commits win', async () => {
    const id = fresh();
    await store.commit({ electionId: id, expected: null, state: state(0), definition: iran2017, entries: [] });
    const results = await Promise.all(Array.from({ length: 20 }, () => store.commit({ electionId: id, expected: state(0), state: state(1), entries: [entryOf(1)] })));
    expect(results.filter((r) => r.status === 'committed')).toHaveLength(1);
    expect(await store.readHistory(id, 0, 10)).toHaveLength(1);
  });

  it('refuses a bulletin id twice, saying at which version and with which hash it was accepted', async () => {
    const id = fresh();
    await store.commit({ electionId: id, expected: null, state: state(0), definition: iran2017, entries: [] });
    await store.commit({ electionId: id, expected: state(0), state: state(1), entries: [entryOf(1, { id: 'b-1', hash: 'h1' })] });
    expect(await store.findBulletin(id, 'b-1')).toEqual({ version: 1, hash: 'h1' });
    // Even at the right version: the duplicate check comes first, and nothing is written.
    expect(await store.commit({ electionId: id, expected: state(1), state: state(2), entries: [entryOf(2, { id: 'b-1', hash: 'h2' })] })).toEqual({ status: 'duplicate', index: 0, seen: { version: 1, hash: 'h1' } });
    expect((await store.load(id))!.state.version).toBe(1);
  });

  it('reads history after a version, in order, bounded by the limit', async () => {
    const id = fresh();
    await store.commit({ electionId: id, expected: null, state: state(0), definition: iran2017, entries: [] });
    for (let v = 1; v <= 5; v++) await store.commit({ electionId: id, expected: state(v - 1), state: state(v), entries: [entryOf(v)] });
    expect((await store.readHistory(id, 2, 10)).map((e) => e.version)).toEqual([3, 4, 5]);
    expect((await store.readHistory(id, 0, 2)).map((e) => e.version)).toEqual([1, 2]);
    expect(await store.readHistory(id, 5, 10)).toEqual([]);
  });

  it('a reset commit (going live) clears the history and bulletin ids, then writes its own entry', async () => {
    const id = fresh();
    await store.commit({ electionId: id, expected: null, state: state(0), definition: iran2017, entries: [] });
    await store.commit({ electionId: id, expected: state(0), state: state(1), entries: [entryOf(1, { id: 'b-1', hash: 'h1' })] });
    await store.commit({ electionId: id, expected: state(1), state: state(2), entries: [entryOf(2)] });
    expect(await store.commit({ electionId: id, expected: state(2), state: state(3, 'live'), entries: [entryOf(3)], reset: true })).toEqual({ status: 'committed' });
    expect(await store.readHistory(id, 0, 10)).toEqual([entry(3)]);
    expect(await store.findBulletin(id, 'b-1')).toBeNull();
    expect(await store.commit({ electionId: id, expected: state(3, 'live'), state: state(4, 'live'), entries: [entryOf(4, { id: 'b-1', hash: 'h2' })] })).toEqual({ status: 'committed' });
    expect(await store.findBulletin(id, 'b-1')).toEqual({ version: 4, hash: 'h2' });
  });

  it('a reset commit checks no id against the ones it clears', async () => {
    const id = fresh();
    await store.commit({ electionId: id, expected: null, state: state(0), definition: iran2017, entries: [] });
    await store.commit({ electionId: id, expected: state(0), state: state(1), entries: [entryOf(1, { id: 'b-1', hash: 'h1' })] });
    expect(await store.commit({ electionId: id, expected: state(1), state: state(2, 'live'), entries: [entryOf(2, { id: 'b-1', hash: 'h2' })], reset: true })).toEqual({ status: 'committed' });
    expect(await store.findBulletin(id, 'b-1')).toEqual({ version: 2, hash: 'h2' });
  });

  it('replaces the definition only when a commit carries one', async () => {
    const id = fresh();
    await store.commit({ electionId: id, expected: null, state: state(0), definition: iran2017, entries: [] });
    await store.commit({ electionId: id, expected: state(0), state: state(1), entries: [] });
    expect((await store.load(id))!.definition).toEqual(iran2017);
    const renamed = { ...iran2017, name: 'Renamed' };
    await store.commit({ electionId: id, expected: state(1), state: state(2), definition: renamed, entries: [] });
    expect((await store.load(id))!.definition.name).toBe('Renamed');
  });

  it('lists elections sorted by id with name, version, time and mode', async () => {
    const ids = [fresh(), fresh()];
    // The first is a rehearsal: the home page marks it TEST from the list alone.
    for (const [i, id] of ids.entries()) await store.commit({ electionId: id, expected: null, state: state(0), definition: { ...iran2017, name: id, ...(i === 0 ? { mode: 'test' as const } : {}) }, entries: [] });
    const listed = (await store.list()).filter((e) => ids.includes(e.electionId));
    const modes = new Map([[ids[0], 'test'], [ids[1], 'live']]);
    expect(listed).toEqual([...ids].sort().map((id) => ({ electionId: id, name: id, version: 0, updatedAt: at, mode: modes.get(id) })));
  });

  it('hands out copies: changing what was read changes nothing stored', async () => {
    const id = fresh();
    await store.commit({ electionId: id, expected: null, state: state(0), definition: iran2017, entries: [] });
    const loaded = (await store.load(id))!;
    loaded.definition.candidates.pop();
    loaded.state.version = 99;
    expect(await store.load(id)).toEqual({ electionId: id, definition: iran2017, state: state(0) });
  });
});

/** Group commit: a commit of several bulletins stores all of them, or none. */
const batched = (version: number, id: string): CommitEntry => ({
  entry: { kind: 'bulletin', version, at, by: 'desk', bulletin: { id, round: 1, ballotsCounted: version, approximate: false, votes: {}, final: false, correction: false }, warnings: [], delta: {} as never },
  bulletin: { id, hash: `h-${id}` },
});
const batch = (electionId: string, from: number, entries: CommitEntry[]) => ({ electionId, expected: state(from), state: state(from + entries.length), entries });

describe.each(stores)('store contract, group commit: %s', (kind, open) => {
  let store: Store;
  let n = 0;
  const created = async () => {
    const id = `${kind}-batch-${++n}`;
    await store.commit({ electionId: id, expected: null, state: state(0), definition: iran2017, entries: [] });
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
    const result = await store.commit(batch(id, 0, [batched(1, 'a'), batched(2, 'b'), batched(3, 'c')]));
    expect(result).toEqual({ status: 'committed' });
    expect((await store.load(id))!.state).toEqual(state(3));
    expect((await store.readHistory(id, 0, 10)).map((e) => e.version)).toEqual([1, 2, 3]);
    expect(await store.findBulletin(id, 'b')).toEqual({ version: 2, hash: 'h-b' });
  });

  it('refuses a batch holding an id already accepted, naming it, and stores nothing', async () => {
    const id = await created();
    await store.commit(batch(id, 0, [batched(1, 'a')]));
    const result = await store.commit(batch(id, 1, [batched(2, 'b'), batched(3, 'a')]));
    expect(result).toEqual({ status: 'duplicate', index: 1, seen: { version: 1, hash: 'h-a' } });
    expect((await store.load(id))!.state.version).toBe(1);
    expect(await store.findBulletin(id, 'b')).toBeNull();
    expect((await store.readHistory(id, 0, 10)).map((e) => e.version)).toEqual([1]);
  });

  it('refuses a batch computed on another version (compare-and-set), storing nothing', async () => {
    const id = await created();
    await store.commit(batch(id, 0, [batched(1, 'a')]));
    expect(await store.commit(batch(id, 0, [batched(1, 'b'), batched(2, 'c')]))).toEqual({ status: 'conflict' });
    expect(await store.findBulletin(id, 'b')).toBeNull();
    expect((await store.readHistory(id, 0, 10)).map((e) => e.version)).toEqual([1]);
  });
});

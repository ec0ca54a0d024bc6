import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../server/store/memory-store.ts';
import type { NightStore } from '../../server/store/night-store.ts';
import { openRedisStore } from '../../server/store/redis-store.ts';
import type { Store } from '../../server/store/store.ts';
import { ContestStatus, type ContestLine, type NightDefinition } from '../../shared/schemas/night.schema.ts';
import { deleteKeys, randomPrefix, REDIS_URL } from '../helpers/redis.ts';

/** One nights contract, every store: the embedded one and Redis answer alike. */
const prefix = randomPrefix();
const stores: Array<[string, () => Promise<Store>]> = [
  ['memory', async () => createMemoryStore()],
  ['redis', async () => (await openRedisStore({ url: REDIS_URL, prefix })).store],
];

afterAll(async () => {
  await deleteKeys(prefix);
});

const at = '2026-12-04T20:00:00.000Z';
const line = (electionId: string, version: number): ContestLine => ({
  electionId,
  name: electionId,
  mode: 'live',
  seats: 1,
  status: version === 0 ? ContestStatus.NotStarted : ContestStatus.Counting,
  projectionStatus: null,
  round: null,
  winners: [],
  leading: [],
  leader: null,
  percentCounted: null,
  ballotsCounted: version * 100,
  ballotsCast: null,
  eligibleVoters: null,
  turnout: null,
  epoch: 'e1',
  version,
  updatedAt: at,
});
const definition = (name: string, contests: string[]): NightDefinition => ({ name, contests });

describe.each(stores)('night store contract: %s', (kind, open) => {
  let store: Store;
  let nights: NightStore;
  let n = 0;
  const fresh = () => `${kind}-n${++n}`;

  beforeAll(async () => {
    store = await open();
    nights = store.nights;
  });
  afterAll(() => store.close());

  it('knows nothing of a night never defined', async () => {
    expect(await nights.loadNight('never')).toBeNull();
    expect(await nights.readNightChanges('never', 0)).toBeNull();
    expect(await nights.nightsOf('never-an-election')).toEqual([]);
    expect(await nights.recordLine(['never'], line('x', 3), at)).toEqual([null]);
  });

  it('defines a night with its lines at version 1, and lists it', async () => {
    const id = fresh();
    expect(await nights.defineNight({ nightId: id, definition: definition('One', ['a', 'b']), epoch: 'n1', at, lines: [line('a', 0), line('b', 2)] })).toBe(1);
    expect(await nights.loadNight(id)).toEqual({ nightId: id, definition: definition('One', ['a', 'b']), epoch: 'n1', version: 1, createdAt: at, updatedAt: at, lines: { a: line('a', 0), b: line('b', 2) } });
    expect((await nights.listNights()).find((l) => l.nightId === id)).toEqual({ nightId: id, name: 'One', contests: 2, version: 1, updatedAt: at });
    expect(await nights.readNightChanges(id, 0)).toEqual({ epoch: 'n1', version: 1, updatedAt: at, lines: [line('a', 0), line('b', 2)] });
  });

  it('takes a newer line at the next version, refuses an older or equal one, and says which lines changed after a version', async () => {
    const id = fresh();
    await nights.defineNight({ nightId: id, definition: definition('Two', ['a', 'b', 'c']), epoch: 'n1', at, lines: [line('a', 0), line('b', 0), line('c', 0)] });
    const later = '2026-12-04T21:00:00.000Z';
    expect(await nights.recordLine([id], line('b', 1), later)).toEqual([2]);
    expect(await nights.recordLine([id], line('b', 1), later)).toEqual([null]);
    expect(await nights.recordLine([id], line('a', 3), later)).toEqual([3]);
    expect(await nights.recordLine([id], line('a', 2), later)).toEqual([null]);
    // A contest the night does not hold is not added.
    expect(await nights.recordLine([id], line('z', 9), later)).toEqual([null]);
    expect(await nights.readNightChanges(id, 1)).toEqual({ epoch: 'n1', version: 3, updatedAt: later, lines: [line('b', 1), line('a', 3)] });
    expect(await nights.readNightChanges(id, 2)).toMatchObject({ version: 3, lines: [line('a', 3)] });
    expect(await nights.readNightChanges(id, 3)).toMatchObject({ version: 3, lines: [] });
    expect((await nights.loadNight(id))!.lines).toEqual({ a: line('a', 3), b: line('b', 1), c: line('c', 0) });
  });

  it('keeps, per election, the nights holding it; a line goes into each', async () => {
    const [first, second] = [fresh(), fresh()];
    await nights.defineNight({ nightId: first, definition: definition('First', ['shared', 'own']), epoch: 'n1', at, lines: [line('shared', 0), line('own', 0)] });
    await nights.defineNight({ nightId: second, definition: definition('Second', ['shared']), epoch: 'n2', at, lines: [line('shared', 0)] });
    expect((await nights.nightsOf('shared')).sort()).toEqual([first, second].sort());
    expect(await nights.nightsOf('own')).toEqual([first]);
    expect(await nights.recordLine([first, second], line('shared', 1), at)).toEqual([2, 2]);
  });

  it('replaces a definition under a new epoch: lines kept unless the given one is newer, dropped contests gone from the night', async () => {
    const id = fresh();
    await nights.defineNight({ nightId: id, definition: definition('Before', ['a', 'b']), epoch: 'n1', at, lines: [line('a', 0), line('b', 0)] });
    await nights.recordLine([id], line('a', 5), at);
    // The definer read "a" at 4 before a commit put 5 in: the register keeps 5.
    const version = await nights.defineNight({ nightId: id, definition: definition('After', ['a', 'c']), epoch: 'n2', at, lines: [line('a', 4), line('c', 1)] });
    expect(version).toBe(3);
    const stored = await nights.loadNight(id);
    expect(stored).toMatchObject({ epoch: 'n2', version: 3, definition: definition('After', ['a', 'c']), lines: { a: line('a', 5), c: line('c', 1) } });
    expect(Object.keys(stored!.lines).sort()).toEqual(['a', 'c']);
    expect(await nights.nightsOf('b')).not.toContain(id);
    expect(await nights.nightsOf('c')).toContain(id);
    expect(await nights.recordLine([id], line('b', 1), at)).toEqual([null]);
    expect((await nights.readNightChanges(id, 2))!.lines.map((l) => l.electionId)).toEqual(['a', 'c']);
  });
});

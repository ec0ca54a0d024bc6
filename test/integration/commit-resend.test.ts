import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRedisStore, type RedisStore } from '../../server/store/redis-store.ts';
import type { CommitEntry, HistoryEntry } from '../../server/store/store.ts';
import { initialState, type ElectionState } from '../../shared/tally/election-state.ts';
import { iran2017 } from '../fixtures/seeds.ts';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.ts';
import { deleteKeys, randomPrefix, REDIS_URL } from '../helpers/redis.ts';

/**
 * ioredis resends the commands that were in flight when its connection dropped (autoResendUnfulfilledCommands).
 * A commit whose reply was lost has already run: its resend must answer as the first run did and write nothing.
 */
const prefix = randomPrefix();
let proxy: FaultProxy;
let store: RedisStore;

const at = '2026-12-04T05:00:00.000Z';
const state = (version: number): ElectionState => ({ ...initialState('e1', at), version });
const entry = (version: number): HistoryEntry => ({ kind: 'definition', version, at, by: 'desk', definition: iran2017 });
const entryOf = (version: number, bulletin?: { id: string; hash: string }): CommitEntry => ({ entry: entry(version), ...(bulletin ? { bulletin } : {}) });
/** Scripts the client sent through the proxy (by digest, or in full when Redis did not have it yet). */
const scriptsSent = () => (proxy.sent().match(/\r\n(evalsha|eval)\r\n/gi) ?? []).length;

beforeAll(async () => {
  proxy = await startFaultProxy(Number(new URL(REDIS_URL).port || 6379), new URL(REDIS_URL).hostname);
  store = (await openRedisStore({ url: proxy.url, prefix })).store;
});

afterAll(async () => {
  await store?.close();
  await proxy?.close();
  await deleteKeys(prefix);
});

describe('a commit whose reply is lost, resent by ioredis after it reconnects', () => {
  it('a group of bulletins: answered committed (not duplicate), each id and entry stored once', async () => {
    expect(await store.commit({ electionId: 'g', expected: null, state: state(0), definition: iran2017, entries: [] })).toEqual({ status: 'committed' });
    const before = scriptsSent();
    const lost = proxy.cutNextReply();
    const commit = store.commit({ electionId: 'g', expected: state(0), state: state(2), entries: [entryOf(1, { id: 'b-1', hash: 'h1' }), entryOf(2, { id: 'b-2', hash: 'h2' })] });
    await lost;
    // Without the commit token the resend would meet its own ids and answer `duplicate`.
    expect(await commit).toEqual({ status: 'committed' });
    expect(scriptsSent() - before).toBe(2);
    expect((await store.readHistory('g', 0, 10)).map((e) => e.version)).toEqual([1, 2]);
    expect(await store.findBulletin('g', 'b-2')).toEqual({ version: 2, hash: 'h2' });
    expect(await store.readCas('g')).toBe('e1/2');
  });

  it('a change without a bulletin (a definition): answered committed (not conflict), one entry', async () => {
    expect(await store.commit({ electionId: 'd', expected: null, state: state(0), definition: iran2017, entries: [] })).toEqual({ status: 'committed' });
    const before = scriptsSent();
    const lost = proxy.cutNextReply();
    const commit = store.commit({ electionId: 'd', expected: state(0), state: state(1), definition: iran2017, entries: [entryOf(1)] });
    await lost;
    // Without the token the resend would find the version moved on, and the writer would decide it again.
    expect(await commit).toEqual({ status: 'committed' });
    expect(scriptsSent() - before).toBe(2);
    expect((await store.readHistory('d', 0, 10)).map((e) => e.version)).toEqual([1]);
  });

  it('control: the same change sent again as a new commit (another token) is refused, not applied twice', async () => {
    expect(await store.commit({ electionId: 'd', expected: state(0), state: state(1), definition: iran2017, entries: [entryOf(1)] })).toEqual({ status: 'conflict' });
    expect(await store.commit({ electionId: 'g', expected: state(2), state: state(3), entries: [entryOf(3, { id: 'b-2', hash: 'h2' })] })).toMatchObject({ status: 'duplicate', seen: { version: 2 } });
    expect((await store.readHistory('g', 0, 10)).map((e) => e.version)).toEqual([1, 2]);
  });
});

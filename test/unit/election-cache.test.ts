import { describe, expect, it } from 'vitest';
import { createElectionCache } from '../../server/push/election-cache.ts';
import { createMemoryStore } from '../../server/store/memory-store.ts';
import type { Store } from '../../server/store/store.ts';
import { initialState } from '../../shared/tally/election-state.ts';

/** The embedded store, counting full loads. */
function countingStore(): { store: Store; loads: () => number } {
  const inner = createMemoryStore();
  let loads = 0;
  return {
    store: { ...inner, load: (id) => (loads++, inner.load(id)) },
    loads: () => loads,
  };
}

const definition = { name: 'n', rule: { kind: 'plurality' as const }, candidates: [{ id: 'a', name: 'A' }, { id: 'b', name: 'B' }] };

describe('the per-node election cache', () => {
  it('loads each election once per version, however many subscribe at once, and again when it changes', async () => {
    const { store, loads } = countingStore();
    const state = initialState('e1', '2026-11-30T00:00:00Z');
    await store.commit({ electionId: 'x', expected: null, state, definition, entries: [] });
    const cache = createElectionCache(store);

    const many = await Promise.all(Array.from({ length: 100 }, () => cache.get('x')));
    expect(loads()).toBe(1);
    expect(new Set(many.map((e) => e?.snapshot)).size).toBe(1);
    await cache.get('x');
    expect(loads()).toBe(1);

    const next = { ...state, version: 1 };
    await store.commit({ electionId: 'x', expected: state, state: next, entries: [] });
    expect((await cache.get('x'))?.snapshot.version).toBe(1);
    expect(loads()).toBe(2);
    expect(await cache.get('unknown')).toBeNull();
  });
});

describe('the HTTP reads\' trust window (peek)', () => {
  /** The embedded store, counting version reads. */
  async function setUp() {
    const inner = createMemoryStore();
    let casReads = 0;
    const store: Store = { ...inner, readCas: (id) => (casReads++, inner.readCas(id)) };
    const state = initialState('e1', '2026-11-30T00:00:00Z');
    await store.commit({ electionId: 'x', expected: null, state, definition, entries: [] });
    let clock = 1_000;
    const cache = createElectionCache(store, { trustMs: 250, now: () => clock });
    return { store, state, cache, casReads: () => casReads, advance: (ms: number) => (clock += ms) };
  }

  it('peek answers the last read for trustMs without IO, nothing before a read or after the window', async () => {
    const { cache, casReads, advance } = await setUp();
    expect(cache.peek('x')).toBeNull();
    await cache.get('x');
    expect(casReads()).toBe(1);
    advance(249);
    expect(cache.peek('x')?.snapshot.version).toBe(0);
    expect(casReads()).toBe(1);
    advance(1);
    expect(cache.peek('x')).toBeNull();
    // get always reads: it is what a request without a matching tag is answered from.
    await cache.get('x');
    await cache.get('x');
    expect(casReads()).toBe(3);
  });

  it('a commit elsewhere is seen by the next get at once; peek trusts the old version until the window ends or a touch', async () => {
    const { store, state, cache, advance } = await setUp();
    await cache.get('x');
    const next = { ...state, version: 1 };
    await store.commit({ electionId: 'x', expected: state, state: next, entries: [] });
    // Committed elsewhere: peek still trusts version 0 (the negative control of the touch)...
    expect(cache.peek('x')?.snapshot.version).toBe(0);
    cache.touch('x');
    // ...until this node touches it.
    expect(cache.peek('x')).toBeNull();
    expect((await cache.get('x'))?.snapshot.version).toBe(1);
    advance(100);
    expect(cache.peek('x')?.snapshot.version).toBe(1);
  });
});

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

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Delta } from '../../shared/schemas/snapshot.schema.ts';
import { createConflator } from '../../server/push/conflator.ts';
import { evaluate, newElection } from '../helpers/night.ts';
import type { StoredElection } from '../../shared/tally/election-state.ts';

const FIELD = { name: 'n', rule: { kind: 'plurality' as const }, candidates: [{ id: 'a', name: 'A' }, { id: 'b', name: 'B' }] };

/** `n` consecutive deltas of one election. */
function deltas(n: number): Delta[] {
  let stored: StoredElection = newElection(FIELD);
  const out: Delta[] = [];
  for (let i = 1; i <= n; i++) {
    const result = evaluate(stored, { id: `b${i}`, ballotsCounted: 100 * i, votes: { a: 60 * i, b: 40 * i } });
    if (!result.ok) throw new Error('refused');
    out.push(result.delta);
    stored = { ...stored, state: result.state };
  }
  return out;
}

describe('the conflator (fake clock)', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('sends the first change after a quiet period at once, then one combined push per window', () => {
    const sent: Delta[] = [];
    const conflator = createConflator(200, (d) => sent.push(d));
    const [d1, d2, d3, d4] = deltas(4) as [Delta, Delta, Delta, Delta];
    conflator.push(d1);
    expect(sent.map((d) => d.version)).toEqual([1]);
    conflator.push(d2);
    conflator.push(d3);
    expect(sent.length).toBe(1);
    vi.advanceTimersByTime(200);
    expect(sent.map((d) => [d.prevVersion, d.version])).toEqual([[0, 1], [1, 3]]);
    conflator.push(d4);
    expect(sent.length).toBe(2);
    vi.advanceTimersByTime(200);
    expect(sent.map((d) => [d.prevVersion, d.version])).toEqual([[0, 1], [1, 3], [3, 4]]);
    // A window that closes with nothing pending ends the busy period: the next change goes at once.
    vi.advanceTimersByTime(200);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('sends what cannot be combined first, keeping order; flush sends what is pending now', () => {
    const sent: Delta[] = [];
    const conflator = createConflator(200, (d) => sent.push(d));
    const [d1, d2, d3] = deltas(3) as [Delta, Delta, Delta];
    conflator.push(d1);
    conflator.push(d2);
    conflator.push({ ...d3, round: 2 });
    expect(sent.map((d) => d.version)).toEqual([1, 2]);
    conflator.flushAll();
    expect(sent.map((d) => d.version)).toEqual([1, 2, 3]);
    expect(vi.getTimerCount()).toBe(0);
  });
});

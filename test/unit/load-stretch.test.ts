import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConflator } from '../../server/push/conflator.ts';
import { createLoadStretch } from '../../server/push/load-stretch.ts';
import type { Delta } from '../../shared/schemas/snapshot.schema.ts';
import { evaluate, newElection } from '../helpers/night.ts';
import type { StoredElection } from '../../shared/tally/election-state.ts';

describe('the conflation window under load', () => {
  it('widens by half per busy sample up to the maximum, and narrows back to the base when calm', () => {
    const busy: number[] = [];
    const stretch = createLoadStretch({ baseMs: 200, maxMs: 1000, utilisation: () => busy.shift() ?? 0 });
    try {
      expect(stretch.windowMs()).toBe(200);
      busy.push(0.9, 0.9, 0.5, 0.9, 0.95, 0.99);
      const seen: number[] = [];
      for (let i = 0; i < 6; i++) {
        stretch.sample();
        seen.push(stretch.windowMs());
      }
      // 0.5 is neither busy nor calm: the window holds.
      expect(seen).toEqual([300, 450, 450, 675, 1000, 1000]);
      busy.push(0.1, 0.1, 0.1, 0.1, 0.1, 0.1);
      const back: number[] = [];
      for (let i = 0; i < 6; i++) {
        stretch.sample();
        back.push(Math.round(stretch.windowMs()));
      }
      expect(back).toEqual([667, 444, 296, 200, 200, 200]);
    } finally {
      stretch.close();
    }
  });

  it('reads the real event loop: a loop kept busy widens the window, an idle one narrows it back', async () => {
    const stretch = createLoadStretch({ baseMs: 100, maxMs: 1000, sampleMs: 40 });
    try {
      const until = Date.now() + 150;
      while (Date.now() < until) {
        // Busy: the event loop cannot turn.
      }
      // The first sample after the busy stretch widens; the calm ones after it narrow back.
      const seen = new Set<number>();
      const stop = Date.now() + 1000;
      while (Date.now() < stop && !(seen.size > 1 && stretch.windowMs() === 100)) {
        seen.add(stretch.windowMs());
        await new Promise((r) => setTimeout(r, 5));
      }
      expect(Math.max(...seen)).toBeGreaterThan(100);
      expect(stretch.windowMs()).toBe(100);
    } finally {
      stretch.close();
    }
  });

  it('keeps a fixed window when the maximum is the base', () => {
    const stretch = createLoadStretch({ baseMs: 200, maxMs: 200, utilisation: () => 1 });
    stretch.sample();
    expect(stretch.windowMs()).toBe(200);
    stretch.close();
  });
});

describe('a conflator with a window chosen as each opens (fake clock)', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('holds each window for the length current when it opened', () => {
    let stored: StoredElection = newElection({ name: 'n', rule: { kind: 'plurality' as const }, candidates: [{ id: 'a', name: 'A' }, { id: 'b', name: 'B' }] });
    const deltas: Delta[] = [];
    for (let i = 1; i <= 4; i++) {
      const r = evaluate(stored, { id: `b${i}`, ballotsCounted: 100 * i, votes: { a: 60 * i, b: 40 * i } });
      if (!r.ok) throw new Error('refused');
      deltas.push(r.delta);
      stored = { ...stored, state: r.state };
    }
    let windowMs = 200;
    const sent: number[] = [];
    const conflator = createConflator(() => windowMs, (d) => sent.push(d.version));
    conflator.push(deltas[0]!);
    windowMs = 500;
    conflator.push(deltas[1]!);
    vi.advanceTimersByTime(200);
    // The first window was opened at 200 ms: it closes then, sending v2 and opening a 500 ms window.
    expect(sent).toEqual([1, 2]);
    conflator.push(deltas[2]!);
    vi.advanceTimersByTime(499);
    expect(sent).toEqual([1, 2]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([1, 2, 3]);
    conflator.flushAll();
  });
});

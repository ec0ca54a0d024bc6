import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Delta, Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import { conflate } from '../../shared/tally/conflate.ts';
import { applyDelta } from '../../shared/tally/delta.ts';
import { buildSnapshot } from '../../shared/tally/snapshot.ts';
import { boundsArb, definitionArb, night, stepsArb } from '../helpers/generated-night.ts';

/** Applies deltas in order, failing loudly on one that does not follow. */
function applyAll(start: Snapshot, deltas: Delta[]): Snapshot {
  return deltas.reduce((snapshot, delta) => {
    const next = applyDelta(snapshot, delta);
    if (!next) throw new Error(`delta v${delta.version} does not follow v${snapshot.version}`);
    return next;
  }, start);
}

/** Cuts the deltas into windows of the given sizes (cycled) and conflates each window into one delta. */
function conflateWindows(deltas: Delta[], sizes: number[]): Delta[] {
  const out: Delta[] = [];
  for (let i = 0, w = 0; i < deltas.length; w++) {
    const window = deltas.slice(i, i + sizes[w % sizes.length]!);
    i += window.length;
    out.push(window.slice(1).reduce((acc, d) => conflate(acc, d)!, window[0]!));
  }
  return out;
}

describe('conflate (property)', () => {
  it('applying the conflated deltas gives exactly what applying every delta gives', () => {
    let combined = 0;
    fc.assert(
      fc.property(definitionArb, stepsArb, boundsArb, fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 }), (definition, steps, bounds, sizes) => {
        const played = [...night(definition, steps, bounds)];
        if (played.length === 0) return;
        const deltas = played.map(({ result }) => (result.ok ? result.delta : null)).filter((d): d is Delta => d !== null);
        const start = buildSnapshot(played[0]!.before);
        const conflated = conflateWindows(deltas, sizes);
        combined += deltas.length - conflated.length;
        expect(applyAll(start, conflated)).toEqual(applyAll(start, deltas));
      }),
      { numRuns: 300 },
    );
    // The windows must really combine deltas, or the property says nothing.
    expect(combined).toBeGreaterThan(100);
  });

  it('the changes of a conflated delta are the changes over the whole window', () => {
    fc.assert(
      fc.property(definitionArb, stepsArb, boundsArb, (definition, steps, bounds) => {
        const deltas = [...night(definition, steps, bounds)].flatMap(({ result }) => (result.ok ? [result.delta] : []));
        if (deltas.length < 2) return;
        const all = conflateWindows(deltas, [deltas.length])[0]!;
        const first = deltas[0]!;
        expect(all.prevVersion).toBe(first.prevVersion);
        expect(all.version).toBe(deltas.at(-1)!.version);
        expect(all.ballotsCountedChange).toBe(deltas.reduce((sum, d) => sum + d.ballotsCountedChange, 0));
        for (const c of all.candidates) {
          const startVotes = (first.candidates.find((x) => x.id === c.id)?.votes ?? 0) - (first.candidates.find((x) => x.id === c.id)?.votesChange ?? 0);
          expect(c.votesChange).toBe(c.votes - startVotes);
        }
        expect(all.leaderChanged).toBe(deltas.some((d) => d.leaderChanged));
      }),
      { numRuns: 200 },
    );
  });

  it('refuses what cannot be combined: a gap, another epoch, another round', () => {
    const deltas = [...night({ name: 'n', rule: { kind: 'plurality' }, candidates: [{ id: 'a', name: 'A' }, { id: 'b', name: 'B' }] }, [
      { adds: [10, 5], blanks: 0, omit: 9, approximate: false, final: false },
      { adds: [10, 5], blanks: 0, omit: 9, approximate: false, final: false },
      { adds: [10, 5], blanks: 0, omit: 9, approximate: false, final: false },
    ], {})].flatMap(({ result }) => (result.ok ? [result.delta] : []));
    const [a, b, c] = deltas as [Delta, Delta, Delta];
    expect(conflate(a, b)).not.toBeNull();
    expect(conflate(a, c)).toBeNull();
    expect(conflate(a, { ...b, epoch: 'other' })).toBeNull();
    expect(conflate(a, { ...b, round: 2 })).toBeNull();
  });
});

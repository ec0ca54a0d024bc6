import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BulletinInput } from '../../shared/schemas/bulletin.schema.ts';
import type { ElectionDefinition } from '../../shared/schemas/election.schema.ts';
import { CompactDeltaSchema } from '../../shared/schemas/compact-delta.schema.ts';
import { compactDelta, expandCompactDelta } from '../../shared/tally/compact-delta.ts';
import { applyDelta } from '../../shared/tally/delta.ts';
import { buildSnapshot } from '../../shared/tally/snapshot.ts';
import { boundsArb, definitionArb, night, stepsArb, type Bounds, type Step } from '../helpers/generated-night.ts';

describe('deltas (property)', () => {
  it('applying each delta to the previous snapshot gives exactly the next snapshot', () => {
    let checked = 0;
    fc.assert(
      fc.property(definitionArb, stepsArb, boundsArb, (definition, steps, bounds) => {
        for (const { before, result } of night(definition, steps, bounds)) {
          if (!result.ok) continue;
          const applied = applyDelta(buildSnapshot(before), result.delta);
          expect(applied).toEqual(buildSnapshot({ ...before, state: result.state }));
          checked++;
        }
      }),
      { numRuns: 300 },
    );
    // The generator must really produce accepted bulletins, or the property says nothing.
    expect(checked).toBeGreaterThan(300);
  });

  it('the compact form, expanded against the previous snapshot, is exactly the full delta', () => {
    let checked = 0;
    fc.assert(
      fc.property(definitionArb, stepsArb, boundsArb, (definition, steps, bounds) => {
        for (const { before, result } of night(definition, steps, bounds)) {
          if (!result.ok) continue;
          const snapshot = buildSnapshot(before);
          const compact = CompactDeltaSchema.parse(JSON.parse(JSON.stringify(compactDelta(result.delta))));
          expect(expandCompactDelta(snapshot, compact)).toEqual(result.delta);
          expect(expandCompactDelta({ ...snapshot, version: snapshot.version + 1 }, compact)).toBeNull();
          checked++;
        }
      }),
      { numRuns: 300 },
    );
    expect(checked).toBeGreaterThan(300);
  });

  it('a delta that does not follow the snapshot is refused, never guessed', () => {
    fc.assert(
      fc.property(definitionArb, stepsArb, boundsArb, (definition, steps, bounds) => {
        for (const { before, result } of night(definition, steps, bounds)) {
          if (!result.ok) continue;
          const snapshot = buildSnapshot(before);
          expect(applyDelta({ ...snapshot, version: snapshot.version + 1 }, result.delta)).toBeNull();
          expect(applyDelta({ ...snapshot, epoch: 'another' }, result.delta)).toBeNull();
        }
      }),
      { numRuns: 100 },
    );
  });

  it('a decided winner never changes under any consistent later bulletin', () => {
    let followedDecisions = 0;
    // Found by this property (seed -1545000358): under `of: cast` a bulletin left c1 out with one counted
    // ballot in nobody's figure; the projection took that ballot as settled, decided c0 by 400 to 0 with
    // 399 ballots to come, and the final count was a 400-400 tie.
    const leftOut: [ElectionDefinition, Step[], Bounds] = [
      { name: 'generated', rule: { kind: 'plurality', of: 'cast' }, candidates: [{ id: 'c0', name: 'Candidate 0' }, { id: 'c1', name: 'Candidate 1' }] },
      [
        { adds: [314, 0, 0, 0, 0], blanks: 0, omit: 0, approximate: false, final: true, statesInvalid: true },
        { adds: [86, 1, 0, 0, 0], blanks: 0, omit: 1, approximate: false, final: false, statesInvalid: false },
        { adds: [0, 399, 0, 0, 0], blanks: 0, omit: 0, approximate: false, final: true, statesInvalid: false },
      ],
      { castSlack: 0, eligibleSlack: undefined },
    ];
    fc.assert(
      fc.property(definitionArb, stepsArb, boundsArb, (definition, steps, bounds) => {
        let decided: string | undefined;
        for (const { result } of night(definition, steps, bounds)) {
          if (!result.ok) continue;
          const { projection } = result.delta;
          if (decided !== undefined) {
            expect(projection.winner).toBe(decided);
            followedDecisions++;
          }
          if (projection.status === 'decided') decided = projection.winner;
        }
      }),
      { numRuns: 500, examples: [leftOut] },
    );
    expect(followedDecisions).toBeGreaterThan(20);
  });
});

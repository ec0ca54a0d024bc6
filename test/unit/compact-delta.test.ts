import { describe, expect, it } from 'vitest';
import type { BulletinInput } from '../../shared/schemas/bulletin.schema.ts';
import type { ElectionDefinition } from '../../shared/schemas/election.schema.ts';
import { compactDelta, expandCompactDelta, expandWireDelta, isCompactDelta, wireDelta } from '../../shared/tally/compact-delta.ts';
import { buildSnapshot } from '../../shared/tally/snapshot.ts';
import { iran2017, iran2024, round1Final2024, seed000, seed001, seed002 } from '../fixtures/seeds.ts';
import { evaluate, newElection } from '../helpers/night.ts';
import { provinces, syntheticNight, unitBulletin } from '../fixtures/units.ts';

/** Plays real nights (a runoff, a correction) and checks each compact delta against its full one. */
function check(definition: ElectionDefinition, bulletins: BulletinInput[]): number {
  let stored = newElection(definition);
  let checked = 0;
  for (const bulletin of bulletins) {
    const result = evaluate(stored, bulletin);
    if (!result.ok) throw new Error(`fixture refused: ${JSON.stringify(result.problems)}`);
    const compact = compactDelta(result.delta);
    expect(isCompactDelta(compact)).toBe(true);
    expect(isCompactDelta(result.delta)).toBe(false);
    expect(expandCompactDelta(buildSnapshot(stored), compact)).toEqual(result.delta);
    // What the push path sends, made full again as every subscriber does.
    expect(expandWireDelta(buildSnapshot(stored), wireDelta(result.delta))).toEqual(result.delta);
    stored = { ...stored, state: result.state };
    checked++;
  }
  return checked;
}

describe('compact deltas', () => {
  it('go on the wire only when they say everything: a desk call, a desk status or an unknown field goes in full', () => {
    const stored = newElection(iran2017);
    const result = evaluate(stored, seed000);
    if (!result.ok) throw new Error('fixture refused');
    expect(isCompactDelta(wireDelta(result.delta))).toBe(true);
    const call = { version: 2, receivedAt: result.delta.at, by: 'anchor', call: { action: 'winner' as const, winner: 'rouhani', round: 1 } };
    expect(wireDelta({ ...result.delta, call })).toEqual({ ...result.delta, call });
    const uncalled = { ...result.delta, projection: { ...result.delta.projection, status: 'uncalled' as const } };
    expect(wireDelta(uncalled)).toBe(uncalled);
    const later = { ...result.delta, recountOrdered: true } as typeof result.delta;
    expect(wireDelta(later)).toBe(later);
  });

  it('expand exactly over the 2017 night, and a correction of the final count', () => {
    expect(check(iran2017, [seed000, seed002, { ...seed002, id: 'corrected', source: 'IRNA', correction: true }])).toBe(3);
  });

  it('expand exactly into a runoff and after a correction', () => {
    const runoff: BulletinInput = { ...seed001, round: 2 };
    const corrected: BulletinInput = { ...round1Final2024, id: 'r1-corrected', correction: true, ballotsCounted: round1Final2024.ballotsCounted - 1 };
    expect(check(iran2024, [round1Final2024, runoff])).toBe(2);
    expect(check(iran2024, [round1Final2024, corrected])).toBe(2);
  });

  it('expand exactly over a night reported by units: each carries only the units that changed', () => {
    // Partial then final figures per province, a correction, then a model night of 30 units with baselines.
    const partial = (unit: string, counted: number, votes: Record<string, number>, extra: Partial<BulletinInput> = {}): BulletinInput => ({ reportingUnit: unit, ballotsCounted: counted, votes, approximate: false, ...extra });
    expect(check(provinces, [
      partial('north', 400, { a: 200, b: 150, c: 50 }),
      partial('south', 900, { a: 300, b: 500, c: 100 }),
      partial('north', 1000, { a: 480, b: 400, c: 120 }, { final: true }),
      partial('south', 880, { a: 300, b: 480, c: 100 }, { correction: true }),
      partial('west', 500, { a: 100, b: 300, c: 100 }, { final: true }),
    ])).toBe(5);
    const { file, definition } = syntheticNight(7, 30);
    expect(check(definition, file.units.map((row) => unitBulletin(row)))).toBe(30);

    let stored = newElection(provinces);
    const first = evaluate(stored, partial('north', 400, { a: 200, b: 150, c: 50 }));
    if (!first.ok) throw new Error('refused');
    stored = { ...stored, state: first.state };
    const second = evaluate(stored, partial('south', 900, { a: 300, b: 500, c: 100 }));
    if (!second.ok) throw new Error('refused');
    const wire = wireDelta(second.delta);
    expect(isCompactDelta(wire)).toBe(true);
    expect((wire as { units?: Array<{ id: string }> }).units?.map((u) => u.id)).toEqual(['south']);
    expect(JSON.stringify(wire).length).toBeLessThan(JSON.stringify(second.delta).length / 2);
  });

  it('carry only the candidates whose votes changed, and no names', () => {
    let stored = newElection(iran2017);
    const first = evaluate(stored, seed000);
    if (!first.ok) throw new Error('refused');
    stored = { ...stored, state: first.state };
    const votes = { ...seed000.votes, rouhani: (seed000.votes.rouhani ?? 0) + 1_000 };
    const second = evaluate(stored, { ...seed000, id: 'one-more', ballotsCounted: seed000.ballotsCounted + 1_000, votes });
    if (!second.ok) throw new Error('refused');
    const compact = compactDelta(second.delta);
    expect(compact.votes).toEqual({ rouhani: votes.rouhani });
    expect(JSON.stringify(compact)).not.toContain('Hassan Rouhani');
    expect(expandCompactDelta(buildSnapshot(stored), compact)).toEqual(second.delta);
  });
});

import { describe, expect, it } from 'vitest';
import { applyNightChange } from '../../shared/nights/apply-night-change.ts';
import { contestLine } from '../../shared/nights/contest-line.ts';
import { buildNightSnapshot, placeInNight } from '../../shared/nights/night-snapshot.ts';
import type { ContestLine, NightChange, NightDefinition } from '../../shared/schemas/night.schema.ts';
import { iran2017, iran2024, round1Final2024, seed000, seed002 } from '../fixtures/seeds.ts';
import { newElection, play } from '../helpers/night.ts';

const AT = '2026-12-04T21:00:00.000Z';
const definition: NightDefinition = { name: 'Two races', contests: ['iran-2017', 'iran-2024'], regions: { all: { name: 'Iran', contests: ['iran-2017'] } } };
const line2017 = (stored: ReturnType<typeof play>): ContestLine => contestLine({ ...stored, electionId: 'iran-2017' });
const line2024 = (stored: ReturnType<typeof play>): ContestLine => contestLine({ ...stored, electionId: 'iran-2024' });

/** The night's register at `version` with these lines. */
function night(version: number, lines: ContestLine[]) {
  return buildNightSnapshot({ nightId: 'two', definition, epoch: 'n1', version, updatedAt: AT, lines: Object.fromEntries(lines.map((l) => [l.electionId, l])) });
}
const change = (prevVersion: number, version: number, lines: ContestLine[], epoch = 'n1'): NightChange => ({ nightId: 'two', epoch, prevVersion, version, updatedAt: AT, contests: lines.map(placeInNight(definition)) });

describe('applying a night change (Iran 2017 seeds 000 and 002, Iran 2024 round 1)', () => {
  const empty2017 = line2017(newElection(iran2017));
  const empty2024 = line2024(newElection(iran2024));
  const counting = line2017(play(iran2017, seed000));
  const decided = line2017(play(iran2017, seed000, seed002));
  const runoff = line2024(play(iran2024, round1Final2024));

  it('gives exactly the night the server holds at the change\'s version, summary included', () => {
    const held = night(2, [empty2017, empty2024]);
    const applied = applyNightChange(held, change(2, 4, [counting, runoff]));
    expect(applied).toEqual({ kind: 'applied', snapshot: night(4, [counting, runoff]) });
  });

  it('applies a change that overlaps what is held (from another node), keeping the later line', () => {
    const held = night(5, [decided, empty2024]);
    // From version 3, with the 2017 line as it was then: the held, later one stays.
    const applied = applyNightChange(held, change(3, 6, [counting, runoff]));
    expect(applied).toEqual({ kind: 'applied', snapshot: night(6, [decided, runoff]) });
  });

  it('ignores a change it already holds, and asks to catch up on a gap or another epoch', () => {
    const held = night(4, [counting, runoff]);
    expect(applyNightChange(held, change(2, 4, [counting]))).toEqual({ kind: 'stale' });
    expect(applyNightChange(held, change(5, 6, [decided]))).toEqual({ kind: 'gap' });
    expect(applyNightChange(held, change(4, 5, [decided], 'n2'))).toEqual({ kind: 'gap' });
    // The negative control: the same change from the version held applies.
    expect(applyNightChange(held, change(4, 5, [decided]))).toMatchObject({ kind: 'applied', snapshot: { version: 5, summary: { contests: { decided: 1 } } } });
  });
});

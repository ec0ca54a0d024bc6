import { describe, expect, it } from 'vitest';
import { benchDefinition, createBulletinSeries, roundLikeBriefing, type FieldSize } from '../../bench/lib/bulletins.ts';
import { ElectionDefinitionSchema } from '../../shared/schemas/election.schema.ts';
import { evaluate, newElection } from '../helpers/night.ts';

describe('roundLikeBriefing', () => {
  it('keeps five significant figures, as briefings read them out', () => {
    expect(roundLikeBriefing(14_619_123)).toBe(14_619_000);
    expect(roundLikeBriefing(297_276)).toBe(297_280);
    expect(roundLikeBriefing(99_999)).toBe(99_999);
    expect(roundLikeBriefing(25_180_407)).toBe(25_180_000);
  });
});

describe('benchmark elections and bulletins', () => {
  for (const size of [4, 8] as const satisfies FieldSize[]) {
    it(`defines a valid ${size}-candidate election`, () => {
      const definition = ElectionDefinitionSchema.parse(benchDefinition(size));
      expect(definition.candidates).toHaveLength(size);
    });

    it(`posts ${size}-candidate bulletins the server accepts one after another, without a warning`, () => {
      let stored = newElection(ElectionDefinitionSchema.parse(benchDefinition(size)));
      const series = createBulletinSeries(size, { steps: 120, idPrefix: `e${size}` });
      for (let i = 0; i < 150; i++) {
        const bulletin = series.next(`source ${i}`);
        expect(Object.keys(bulletin.votes)).toHaveLength(size);
        const result = evaluate(stored, bulletin);
        if (!result.ok) throw new Error(`bulletin ${i} refused: ${JSON.stringify(result.problems)}`);
        // Past the planned steps the figures stay put, which the server accepts with a note.
        if (i < 120) expect(result.warnings).toEqual([]);
        else expect(result.warnings).toEqual([expect.stringContaining('no figure changed')]);
        stored = { ...stored, state: result.state };
      }
      expect(series.made).toBe(150);
      expect(stored.state.version).toBe(150);
    });
  }

  it('never lowers a figure and never counts more votes than ballots, however long the series', () => {
    const series = createBulletinSeries(8, { steps: 4000, idPrefix: 'long' });
    const problems: string[] = [];
    let previous = series.next('s');
    for (let i = 2; i <= 5000; i++) {
      const next = series.next('s');
      if (next.ballotsCounted < previous.ballotsCounted) problems.push(`${i}: count went down`);
      for (const [id, votes] of Object.entries(next.votes)) if (votes < previous.votes[id]!) problems.push(`${i}: ${id} went down`);
      if (Object.values(next.votes).reduce((a, b) => a + b, 0) > next.ballotsCounted) problems.push(`${i}: more votes than ballots counted`);
      if (next.ballotsCounted > next.ballotsCast!) problems.push(`${i}: more counted than cast`);
      previous = next;
    }
    expect(problems).toEqual([]);
    expect(previous.ballotsCounted).toBe(39_800_000);
  });

  it('gives each bulletin its own id and the source it is handed', () => {
    const series = createBulletinSeries(4, { steps: 3, idPrefix: 'desk' });
    expect([series.next('a'), series.next('b')].map((b) => [b.id, b.source])).toEqual([
      ['desk-1', 'a'],
      ['desk-2', 'b'],
    ]);
  });
});

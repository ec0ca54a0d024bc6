import { describe, expect, it } from 'vitest';
import type { Candidate } from '../../shared/schemas/election.schema.ts';
import { hurdles, leaderNeeds, remainingBasis } from '../../shared/tally/hurdle.ts';
import { tallyRound } from '../../shared/tally/round-results.ts';
import { iran2017, seed000 } from '../fixtures/seeds.ts';
import { evaluate, newElection } from '../helpers/night.ts';

const abc: Candidate[] = ['a', 'b', 'c'].map((id) => ({ id, name: id.toUpperCase() }));

describe('the hurdle on seed 000', () => {
  it('at 25 million counted of 40 million cast, Raisi needs about 65 % of the rest against the 40-41 % he has', () => {
    const result = evaluate(newElection(iran2017), seed000);
    if (!result.ok) throw new Error('refused');
    const { projection, candidates } = result.delta;
    const raisi = projection.hurdles?.find((h) => h.id === 'raisi');
    // (4,494,000 + 15,000,000) / (2 x 15,000,000) = 64.98 %.
    expect(raisi?.needed).toBeCloseTo(64.98, 2);
    expect(raisi?.eliminated).toBe(false);
    expect(candidates.find((c) => c.id === 'raisi')!.share).toBeCloseTo(40.21, 2);
    expect(projection.remainingBasis).toBe('cast');
    // Third candidates measure against Rouhani too: 15.8 million could still, barely, close a 14.3 million gap.
    expect(projection.hurdles?.map((h) => h.id)).toEqual(['raisi', 'mirsalim', 'hashemi-taba']);
    expect(projection.hurdles?.find((h) => h.id === 'mirsalim')?.needed).toBeGreaterThan(95);
    // Rouhani passes 50 % with (0.5 x 40.18 million - 14.619 million) / 15 million = 36.5 % of the rest.
    expect(projection.leaderNeeds).toBeCloseTo(36.47, 1);
  });
});

describe('hurdles at the edges', () => {
  const tally = (votes: Record<string, number>) => tallyRound(abc, votes);
  it('nothing remaining: no share is asked, and anyone behind is eliminated', () => {
    expect(hurdles(tally({ a: 60, b: 40, c: 0 }), { point: 0, maxVotes: 0 })).toEqual([
      { id: 'b', needed: null, eliminated: true },
      { id: 'c', needed: null, eliminated: true },
    ]);
  });
  it('a tie with nothing remaining is not an elimination', () => {
    expect(hurdles(tally({ a: 50, b: 50, c: 0 }), { point: 0, maxVotes: 0 })[0]).toEqual({ id: 'b', needed: null, eliminated: false });
  });
  it('a hurdle above 100 % is stated as it is, and eliminated once the upper bound cannot close the gap', () => {
    const [b] = hurdles(tally({ a: 70, b: 20, c: 0 }), { point: 10, maxVotes: 10 });
    expect(b).toEqual({ id: 'b', needed: 300, eliminated: true });
  });
  it('approximate figures: above 100 % at the point, yet not eliminated while the tolerance could close it', () => {
    const [b] = hurdles(tally({ a: 70, b: 58, c: 0 }), { point: 10, maxVotes: 13 });
    expect(b!.needed).toBe(110);
    expect(b!.eliminated).toBe(false);
  });
  it('third candidates each measure against the top one; a level candidate needs half', () => {
    expect(hurdles(tally({ a: 40, b: 40, c: 10 }), { point: 100, maxVotes: 100 })).toEqual([
      { id: 'b', needed: 50, eliminated: false },
      { id: 'c', needed: 65, eliminated: false },
    ]);
  });
  it('after a leader change, hurdles follow the new top candidate', () => {
    expect(hurdles(tally({ a: 30, b: 45, c: 0 }), { point: 50, maxVotes: 50 }).map((h) => h.id)).toEqual(['a', 'c']);
  });
  it('the leader needs nothing once the threshold is safe, and more than all when out of reach', () => {
    expect(leaderNeeds(tally({ a: 80, b: 10, c: 0 }), 10, 50)).toBe(0);
    // (0.5 x 105 - 40) / 5 = 250 %: the threshold is out of reach for the top candidate.
    expect(leaderNeeds(tally({ a: 40, b: 35, c: 25 }), 5, 50)).toBe(250);
    expect(leaderNeeds(tally({ a: 10, b: 8, c: 0 }), 0, 50)).toBeNull();
  });
  it('names the basis of the remaining ballots', () => {
    expect(remainingBasis(100, 200, false)).toBe('cast');
    expect(remainingBasis(100, null, true)).toBe('units');
    expect(remainingBasis(null, 200, false)).toBe('eligible');
    expect(remainingBasis(null, null, false)).toBeNull();
  });
});

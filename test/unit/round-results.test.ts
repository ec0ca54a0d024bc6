import { describe, expect, it } from 'vitest';
import { passesThreshold, tallyRound } from '../../shared/tally/round-results.ts';
import { roundTwoOf } from '../../shared/tally/rules/index.ts';
import { iran2017, iran2024, round1Final2024, seed000 } from '../fixtures/seeds.ts';
import { play } from '../helpers/night.ts';

describe('tallyRound', () => {
  it('sorts by votes and computes shares of the candidates total (seed 000)', () => {
    const tally = tallyRound(iran2017.candidates, seed000.votes);
    expect(tally.total).toBe(25_180_407);
    expect(tally.candidates.map((c) => c.id)).toEqual(['rouhani', 'raisi', 'mirsalim', 'hashemi-taba']);
    expect(tally.candidates[0]).toMatchObject({ name: 'Hassan Rouhani', votes: 14_619_000, share: 58.057, color: '#7b2cbf' });
    expect(tally.leader).toBe('rouhani');
    expect(tally.margin).toBe(4_494_000);
  });

  it('keeps the definition order between equals and names no leader on a tie', () => {
    const tally = tallyRound(iran2017.candidates, { raisi: 10, rouhani: 10, mirsalim: 3 });
    expect(tally.candidates.map((c) => c.id)).toEqual(['rouhani', 'raisi', 'mirsalim', 'hashemi-taba']);
    expect(tally.leader).toBeNull();
    expect(tally.margin).toBe(0);
  });

  it('names no leader before anything is counted', () => {
    const tally = tallyRound(iran2017.candidates, {});
    expect(tally.leader).toBeNull();
    expect(tally.candidates.every((c) => c.share === 0)).toBe(true);
  });
});

describe('passesThreshold', () => {
  it('means strictly more than the threshold', () => {
    expect(passesThreshold(50, 100, 50)).toBe(false);
    expect(passesThreshold(51, 100, 50)).toBe(true);
    expect(passesThreshold(0, 0, 50)).toBe(false);
  });
});

describe('roundTwoOf (majority)', () => {
  it('is the top two once round 1 is final without a majority (2024)', () => {
    expect(roundTwoOf(iran2024, play(iran2024, round1Final2024).state)).toEqual({ field: ['pezeshkian', 'jalili'], seats: 1 });
  });
  it('is null while round 1 is still counting', () => {
    expect(roundTwoOf(iran2024, play(iran2024, { ...round1Final2024, final: false }).state)).toBeNull();
  });
  it('is null under a plurality rule', () => {
    const plurality = { ...iran2024, rule: { kind: 'plurality' as const } };
    expect(roundTwoOf(plurality, play(plurality, round1Final2024).state)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import type { Candidate, Rule } from '../../shared/schemas/election.schema.ts';
import { maxVotesToCome, projectRound, remainingBallots, type ProjectionInput } from '../../shared/tally/projection.ts';
import { tallyRound } from '../../shared/tally/round-results.ts';
import { iran2017, seed000 } from '../fixtures/seeds.ts';

const abcd: Candidate[] = ['a', 'b', 'c', 'd'].map((id) => ({ id, name: id.toUpperCase() }));
const majority: Rule = { kind: 'majority', threshold: 50 };
const plurality: Rule = { kind: 'plurality' };

function input(rule: Rule, votes: Record<string, number>, figures: Partial<ProjectionInput> = {}): ProjectionInput {
  const tally = tallyRound(abcd, votes);
  return {
    rule,
    round: 1,
    tally,
    votesIn: tally.valid,
    ballotsCounted: Object.values(votes).reduce((a, b) => a + b, 0),
    ballotsCast: null,
    eligibleVoters: null,
    approximate: false,
    final: false,
    ...figures,
  };
}

describe('projectRound on the seeds', () => {
  it('seed 000: Rouhani leads, nothing is decided with 15.8 million ballots possibly uncounted', () => {
    const tally = tallyRound(iran2017.candidates, seed000.votes);
    const p = projectRound({
      rule: iran2017.rule,
      round: 1,
      tally,
      votesIn: tally.valid,
      ballotsCounted: 25_000_000,
      ballotsCast: 40_000_000,
      eligibleVoters: 56_410_234,
      approximate: true,
      final: false,
    });
    // "Over 40 million" cast, widened by 2 % because it is rounded, minus 25 million counted.
    expect(p).toEqual({ status: 'leading', remaining: 15_800_000 });
  });
});

describe('projectRound, plurality', () => {
  it('is decided when the margin exceeds every uncounted ballot', () => {
    expect(projectRound(input(plurality, { a: 60, b: 25 }, { ballotsCounted: 90, ballotsCast: 100 }))).toEqual({ status: 'decided', winner: 'a', remaining: 10 });
  });
  it('is leading when the margin equals the uncounted ballots (a tie is still possible)', () => {
    expect(projectRound(input(plurality, { a: 20, b: 10 }, { ballotsCounted: 90, ballotsCast: 100 }))).toEqual({ status: 'leading', remaining: 10 });
  });
  it('does not decide on a rounding: approximate figures widen the uncounted ballots', () => {
    const figures = { ballotsCounted: 1_000_000, ballotsCast: 1_010_000 };
    const votes = { a: 507_500, b: 492_500 };
    expect(projectRound(input(plurality, votes, figures)).status).toBe('decided');
    expect(projectRound(input(plurality, votes, { ...figures, approximate: true }))).toEqual({ status: 'leading', remaining: 30_200 });
  });
  it('uses eligible voters as the bound when no cast figure is known', () => {
    expect(projectRound(input(plurality, { a: 60, b: 25 }, { ballotsCounted: 90, eligibleVoters: 200 }))).toEqual({ status: 'leading', remaining: 110 });
  });
  it('can only say who leads without any bound', () => {
    expect(projectRound(input(plurality, { a: 60, b: 25 }))).toEqual({ status: 'leading' });
  });
  it('is too-early with nothing counted and too-close on a tie', () => {
    expect(projectRound(input(plurality, {}, { ballotsCast: 100 })).status).toBe('too-early');
    expect(projectRound(input(plurality, { a: 30, b: 30 }, { ballotsCast: 100 })).status).toBe('too-close');
  });
});

describe('projectRound, majority', () => {
  it('is decided when the leader passes the threshold even if every uncounted ballot goes elsewhere', () => {
    expect(projectRound(input(majority, { a: 60, b: 25, c: 5 }, { ballotsCast: 100 }))).toEqual({ status: 'decided', winner: 'a', remaining: 10 });
  });
  it('is only leading when the lead is safe but the majority is not', () => {
    expect(projectRound(input(majority, { a: 45, b: 30, c: 15 }, { ballotsCast: 100 }))).toEqual({ status: 'leading', remaining: 10 });
  });
  it('is runoff-decided, with the pair, when nobody can reach the threshold and third place cannot catch second', () => {
    expect(projectRound(input(majority, { a: 40, b: 35, c: 15 }, { ballotsCast: 95 }))).toEqual({ status: 'runoff-decided', runoff: ['a', 'b'], remaining: 5 });
  });
  it('is runoff-decided without a pair while second place is still open', () => {
    expect(projectRound(input(majority, { a: 40, b: 27, c: 25 }, { ballotsCast: 95 }))).toEqual({ status: 'runoff-decided', remaining: 3 });
  });
  it('treats the runoff (round 2) as won by the most votes', () => {
    const p = projectRound(input(majority, { a: 60, b: 35 }, { round: 2, ballotsCast: 100 }));
    expect(p).toEqual({ status: 'decided', winner: 'a', remaining: 5 });
  });
});

describe('projectRound, final', () => {
  it('names the winner above the threshold', () => {
    expect(projectRound(input(majority, { a: 51, b: 49 }, { final: true }))).toEqual({ status: 'final', winner: 'a' });
  });
  it('names the runoff pair when nobody passes it', () => {
    expect(projectRound(input(majority, { a: 50, b: 30, c: 20 }, { final: true }))).toEqual({ status: 'final', runoff: ['a', 'b'] });
  });
  it('names nobody on a tie or an empty count', () => {
    expect(projectRound(input(plurality, { a: 5, b: 5 }, { final: true }))).toEqual({ status: 'final' });
    expect(projectRound(input(plurality, {}, { final: true }))).toEqual({ status: 'final' });
  });
});

describe('maxVotesToCome', () => {
  it('counts from the candidates total, since counted ballots may include blank ones', () => {
    // 90 counted but only 80 votes reported: a later bulletin may still attribute 20 more votes,
    // which would tie the race although only 10 ballots are uncounted.
    const figures = input(plurality, { a: 50, b: 30 }, { ballotsCounted: 90, ballotsCast: 100 });
    expect(remainingBallots(figures)).toBe(10);
    expect(maxVotesToCome(figures)).toBe(20);
    expect(projectRound(figures).status).toBe('leading');
  });
});

describe('remainingBallots', () => {
  it('is zero once final, and never negative', () => {
    expect(remainingBallots(input(plurality, { a: 1 }, { final: true, ballotsCast: 100 }))).toBe(0);
    expect(remainingBallots(input(plurality, { a: 120 }, { ballotsCast: 100 }))).toBe(0);
  });
});

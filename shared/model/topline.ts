import type { Estimate } from '../schemas/model.schema.ts';
import { toEstimates } from './estimate.ts';

/**
 * The bound of the topline range, in percentage points: each candidate's share of the ballots still
 * to count is taken to lie within ±20 points of its share so far. Wider than the gap between early and
 * final shares on the seed nights (seed 000 to 002: Raisi 40.2 % to 38.3 %), and stated, not estimated.
 */
export const TOPLINE_SPLIT_BOUND = 20;

/** What the topline needs of a round's tally: each candidate's votes and the candidates' total. */
export interface ToplineCount {
  candidates: ReadonlyArray<{ id: string; votes: number }>;
  total: number;
}

/**
 * Topline-only estimates: the point is the count so far (the remaining ballots split like the counted
 * ones); the range is every final share reachable if between none and all of `maxVotes` remain and the
 * candidate takes its share so far ±`TOPLINE_SPLIT_BOUND` points of them. No model, no probability.
 */
export function toplineEstimates(tally: ToplineCount, ballotsCounted: number, remainingPoint: number, maxVotes: number): Estimate[] {
  const { total } = tally;
  if (total <= 0) return [];
  const perBallot = ballotsCounted > 0 ? total / ballotsCounted : 1;
  const bound = TOPLINE_SPLIT_BOUND / 100;
  return toEstimates(
    tally.candidates.map((c) => {
      const s = c.votes / total;
      // The final share moves monotonically from s towards the remaining split: extremes at 0 or all remaining.
      const atMost = (split: number) => (c.votes + maxVotes * split) / (total + maxVotes);
      return {
        id: c.id,
        votes: c.votes + remainingPoint * perBallot * s,
        low: Math.min(s, atMost(Math.max(0, s - bound))),
        high: Math.max(s, atMost(Math.min(1, s + bound))),
      };
    }),
  );
}

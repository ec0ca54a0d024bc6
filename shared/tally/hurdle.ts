import type { Hurdle, RemainingBasis } from '../schemas/model.schema.ts';
import type { RoundTally } from './round-results.ts';

/** Rounds a percentage to 3 decimals, like every published share. */
const pct3 = (x: number): number => Math.round(x * 100_000) / 1000;

/** What the arithmetic knows about what is left to count. */
export interface Remaining {
  /** Ballots still to count at the figures as given (expected minus counted), for hurdles. */
  point: number;
  /** An upper bound of the candidate votes still to come (rounding tolerance included), for `eliminated`. */
  maxVotes: number;
}

/**
 * Where the expected total comes from: an announced cast figure, the units' expectations, or eligible
 * voters (an upper bound only: turnout is unknown). Null when nothing bounds the count.
 */
export function remainingBasis(ballotsCast: number | null, eligibleVoters: number | null, byUnits: boolean): RemainingBasis | null {
  if (ballotsCast !== null) return byUnits ? 'units' : 'cast';
  return eligibleVoters !== null ? 'eligible' : null;
}

/**
 * The share of the remaining ballots each trailing candidate needs to overtake the top candidate.
 * Gap g, remaining R: with x R for the candidate and the rest (1 - x) R for the top one, it overtakes
 * when v + x R > top + (1 - x) R, so x > (g + R) / 2R. That is the least it needs: any ballot going to
 * a third candidate raises it. `eliminated` compares the gap with the upper bound of votes to come.
 */
export function hurdles(tally: RoundTally, remaining: Remaining): Hurdle[] {
  const [top, ...rest] = tally.candidates;
  if (!top) return [];
  return rest.map((c) => {
    const gap = top.votes - c.votes;
    const needed = remaining.point > 0 ? pct3(Math.max(0, (gap + remaining.point) / (2 * remaining.point))) : null;
    // A gap equal to what remains could still end in a tie: not eliminated, as `decided` needs more.
    return { id: c.id, needed, eliminated: gap > remaining.maxVotes };
  });
}

/**
 * Under a majority rule: the share of the remaining ballots the top candidate needs so that its final
 * share passes `threshold` percent: (t (T + R) - v) / R, clamped at 0 (already certain to pass).
 * Null when nothing remains.
 */
export function leaderNeeds(tally: RoundTally, remainingPoint: number, threshold: number): number | null {
  const top = tally.candidates[0];
  if (!top || remainingPoint <= 0) return null;
  const needed = ((threshold / 100) * (tally.total + remainingPoint) - top.votes) / remainingPoint;
  return pct3(Math.max(0, needed));
}

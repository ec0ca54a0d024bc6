import type { Rule } from '../../schemas/election.schema.ts';
import type { Projection } from '../../schemas/snapshot.schema.ts';
import type { ProjectionInput } from '../projection.ts';
import type { RoundTally } from '../round-results.ts';

/** What a rule sees of one round when it projects it. */
export interface RoundCount {
  /** Seats at stake in this round: the definition's, or those round 1 left open. */
  seats: number;
  /**
   * The most any one candidate can still gain (votes of the rule's basis), with the rounding tolerance;
   * 0 once final, null when nothing bounds the count. Under a single vote it is also the most all of
   * them together can gain; under a block vote each may gain it at once.
   */
  toCome: number | null;
  /** The largest the basis can become with `toCome` (`basisAtMost`); null with it. */
  basisAtMost: number | null;
  /** The single-seat projection's input, for the kinds that keep it (majority, plurality of one). */
  input: ProjectionInput;
  tally: RoundTally;
  final: boolean;
}

/** The field and the seats of a round 2, once round 1 leaves any open. */
export interface RoundTwo {
  field: string[];
  seats: number;
}

/**
 * One kind of contest: how many votes a ballot carries, whether and how round 1 leads to a round 2,
 * and what the arithmetic says about a round. Every kind lives in its own module beside this one.
 */
export interface RuleKind<R extends Rule = Rule> {
  /** Votes one ballot may carry: 1, or one per seat under a block vote. */
  votesPerBallot(rule: R, seats: number): number;
  /** Round 2's field and seats once round 1's count (final) leaves seats open; null when it does not, or never can. */
  roundTwo(rule: R, seats: number, round1: RoundTally): RoundTwo | null;
  /** Why a round-2 bulletin is refused when `roundTwo` is null, in words. */
  noRoundTwo: string;
  /** The arithmetic projection of one round. */
  project(rule: R, count: RoundCount): Projection;
}

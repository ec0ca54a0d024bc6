import type { Rule, ShareBasis } from '../schemas/election.schema.ts';
import type { RoundState } from './election-state.ts';
import { percent } from './figures.ts';

/** What a rule's shares and thresholds are of: `valid` unless it says `cast`. */
export function shareBasis(rule: Pick<Rule, 'of'>): ShareBasis {
  return rule.of ?? 'valid';
}

const sumVotes = (votes: Readonly<Record<string, number>>): number => Object.values(votes).reduce((a, b) => a + b, 0);

type Figures = Pick<RoundState, 'ballotsCounted' | 'votes' | 'invalid' | 'units'>;

/**
 * The base of a round's shares and thresholds, or null for the candidates' total (a single vote of
 * valid votes, as before). A `cast` rule counts every ballot; a block vote (a ballot naming up to one
 * candidate per seat) counts ballots, not votes: every ballot under `cast`, those not stated invalid
 * under `valid`. Rounded figures can put the votes above the ballots (seed 000): the base never drops
 * below them, so single-vote shares never add up to more than 100 % and no share exceeds it.
 */
export function shareBase(definition: { rule: Pick<Rule, 'of'> }, round: Figures, votesPerBallot: number): number | null {
  const cast = shareBasis(definition.rule) === 'cast';
  if (votesPerBallot === 1) return cast ? Math.max(round.ballotsCounted, sumVotes(round.votes)) : null;
  const ballots = cast ? round.ballotsCounted : round.ballotsCounted - roundInvalid(round, votesPerBallot);
  return Math.max(ballots, ...Object.values(round.votes), 0);
}

/** One unit's or one national round's invalid ballots: as stated, else what the count leaves over (single vote only). */
function invalidOf(stated: number | null | undefined, ballotsCounted: number, votes: Readonly<Record<string, number>>, votesPerBallot: number): number {
  // Under a block vote ballots carry several votes: nothing is left over to read as invalid.
  return stated ?? (votesPerBallot === 1 ? Math.max(0, ballotsCounted - sumVotes(votes)) : 0);
}

/**
 * Blank and spoiled ballots of a round: the bulletin's `invalid` when it stated one, else (single
 * vote) `ballotsCounted − sum(votes)`, never below 0; a round reported by units adds up its units'.
 */
export function roundInvalid(round: Figures, votesPerBallot = 1): number {
  if (!round.units) return invalidOf(round.invalid, round.ballotsCounted, round.votes, votesPerBallot);
  return Object.values(round.units).reduce((sum, u) => sum + invalidOf(u.invalid, u.ballotsCounted, u.votes, votesPerBallot), 0);
}

/** The invalid ballots' share of the ballots counted, in percent; null before anything is counted. */
export function invalidShare(invalid: number, ballotsCounted: number): number | null {
  return percent(invalid, ballotsCounted);
}

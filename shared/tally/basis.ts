import type { Rule, ShareBasis } from '../schemas/election.schema.ts';
import type { RoundState } from './election-state.ts';
import { percent } from './figures.ts';

/** What a rule's shares and thresholds are of: `valid` unless it says `cast`. */
export function shareBasis(rule: Pick<Rule, 'of'>): ShareBasis {
  return rule.of ?? 'valid';
}

const sumVotes = (votes: Readonly<Record<string, number>>): number => Object.values(votes).reduce((a, b) => a + b, 0);

/**
 * The ballots a `cast` rule measures shares against, or null under `valid` (the candidates' total is
 * the base). `tallyRound` never lets it drop below the candidates' total.
 */
export function castBase(rule: Pick<Rule, 'of'>, round: Pick<RoundState, 'ballotsCounted'>): number | null {
  return shareBasis(rule) === 'cast' ? round.ballotsCounted : null;
}

/** One unit's or one national round's invalid ballots: as stated, else what the count leaves over. */
function invalidOf(stated: number | null | undefined, ballotsCounted: number, votes: Readonly<Record<string, number>>): number {
  return stated ?? Math.max(0, ballotsCounted - sumVotes(votes));
}

/**
 * Blank and spoiled ballots of a round: the bulletin's `invalid` when it stated one, else
 * `ballotsCounted − sum(votes)` (never below 0); a round reported by units adds up its units'.
 */
export function roundInvalid(round: Pick<RoundState, 'ballotsCounted' | 'votes' | 'invalid' | 'units'>): number {
  if (!round.units) return invalidOf(round.invalid, round.ballotsCounted, round.votes);
  return Object.values(round.units).reduce((sum, u) => sum + invalidOf(u.invalid, u.ballotsCounted, u.votes), 0);
}

/** The invalid ballots' share of the ballots counted, in percent; null before anything is counted. */
export function invalidShare(invalid: number, ballotsCounted: number): number | null {
  return percent(invalid, ballotsCounted);
}

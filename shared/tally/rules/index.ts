import type { Candidate, ElectionDefinition, Rule } from '../../schemas/election.schema.ts';
import { findRound, type ElectionState } from '../election-state.ts';
import { shareBase } from '../basis.ts';
import { tallyRound } from '../round-results.ts';
import { list } from './list.ts';
import { majority } from './majority.ts';
import { plurality } from './plurality.ts';
import { quota } from './quota.ts';
import { referendum } from './referendum.ts';
import type { RoundTwo, RuleKind } from './rule-kind.ts';

export type { RoundCount, RoundTwo, RuleKind } from './rule-kind.ts';

const kinds: { [K in Rule['kind']]: RuleKind<Extract<Rule, { kind: K }>> } = { majority, plurality, quota, list, referendum };

/** The module of a rule's kind: every rule-specific answer comes from it. */
export function ruleKind<R extends Rule>(rule: R): RuleKind<R> {
  return kinds[rule.kind] as unknown as RuleKind<R>;
}

/** Seats the definition fills (default 1). */
export const seatsOf = (definition: Pick<ElectionDefinition, 'seats'>): number => definition.seats ?? 1;

/** Votes one ballot may carry under the definition's rule (a block vote carries one per seat). */
export const votesPerBallot = (definition: Pick<ElectionDefinition, 'rule' | 'seats'>): number => ruleKind(definition.rule).votesPerBallot(definition.rule, seatsOf(definition));

/**
 * Round 2's field and seats once round 1 is final and leaves seats open: the runoff pair under a
 * majority rule, twice the open seats under a quota rule; null otherwise.
 */
export function roundTwoOf(definition: ElectionDefinition, state: ElectionState): RoundTwo | null {
  const first = findRound(state, 1);
  if (!first?.final) return null;
  const tally = tallyRound(definition.candidates, first.votes, shareBase(definition, first, votesPerBallot(definition)));
  return ruleKind(definition.rule).roundTwo(definition.rule, seatsOf(definition), tally);
}

/** The candidates who stand in `round`: everyone in round 1, round 2's field in round 2. */
export function roundCandidates(definition: ElectionDefinition, state: ElectionState, round: number): Candidate[] {
  if (round === 1) return definition.candidates;
  const field = roundTwoOf(definition, state)?.field;
  if (!field) return [];
  return definition.candidates.filter((c) => field.includes(c.id));
}

/** Seats at stake in `round`: the definition's in round 1, those round 1 left open in round 2. */
export function seatsInRound(definition: ElectionDefinition, state: ElectionState, round: number): number {
  return round === 1 ? seatsOf(definition) : (roundTwoOf(definition, state)?.seats ?? seatsOf(definition));
}

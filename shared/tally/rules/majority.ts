import type { Rule } from '../../schemas/election.schema.ts';
import { projectRound } from '../projection.ts';
import { passesThreshold } from '../round-results.ts';
import type { RuleKind } from './rule-kind.ts';

type Majority = Extract<Rule, { kind: 'majority' }>;

/** One seat; more than `threshold` % of the basis wins round 1, else the top two meet in round 2. */
export const majority: RuleKind<Majority> = {
  votesPerBallot: () => 1,
  roundTwo(rule, _seats, round1) {
    const [top, second] = round1.candidates;
    if (!top || !second || top.votes === 0) return null;
    if (passesThreshold(top.votes, round1.total, rule.threshold)) return null;
    return { field: [top.id, second.id], seats: 1 };
  },
  noRoundTwo: 'round 2 (the runoff) opens once round 1 is final without a candidate above the threshold',
  project: (_rule, count) => projectRound(count.input),
};

import type { Rule } from '../../schemas/election.schema.ts';
import { projectRound } from '../projection.ts';
import type { RuleKind } from './rule-kind.ts';
import { projectTopN } from './top-n.ts';

type Plurality = Extract<Rule, { kind: 'plurality' }>;

/** The most votes win, in one round: one seat as before, or the top N under a block vote (a city council). */
export const plurality: RuleKind<Plurality> = {
  votesPerBallot: (_rule, seats) => seats,
  roundTwo: () => null,
  noRoundTwo: 'this election has a single round (plurality rule)',
  project: (_rule, count) => (count.seats === 1 ? projectRound(count.input) : projectTopN(count)),
};

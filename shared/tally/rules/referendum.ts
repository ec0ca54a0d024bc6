import { ProjectionStatus } from '../../codes/projection-status.ts';
import type { Rule } from '../../schemas/election.schema.ts';
import type { Outcome, Projection } from '../../schemas/snapshot.schema.ts';
import { expectedBallots } from '../projection.ts';
import { APPROXIMATE_TOLERANCE } from '../figures.ts';
import type { RoundCount, RuleKind } from './rule-kind.ts';

type Referendum = Extract<Rule, { kind: 'referendum' }>;

/** Whether the quorum is met: `true`, `false`, or null while the count cannot tell. */
function quorumMet(rule: Referendum, count: RoundCount): boolean | null {
  const { input } = count;
  if (rule.quorum === undefined) return true;
  const eligible = input.eligibleVoters;
  if (eligible === null) return null;
  const needed = rule.quorum * eligible;
  if (input.final) return (input.ballotsCast ?? input.ballotsCounted) * 100 >= needed;
  // Counted ballots were all cast: reaching the quorum with them settles it.
  if (input.ballotsCounted * 100 >= needed) return true;
  const expected = expectedBallots(input);
  if (expected === null) return null;
  const most = Math.ceil(expected * (input.approximate ? 1 + APPROXIMATE_TOLERANCE : 1));
  return most * 100 < needed ? false : null;
}

/**
 * A question put to the voters: `yes` above `threshold` % of the basis passes, unless the turnout
 * quorum is missed (then the vote is void, whatever its figures). Decided once the arithmetic leaves
 * one outcome: `yes` sure (or sure not) to pass with the quorum sure, or the quorum out of reach.
 */
export const referendum: RuleKind<Referendum> = {
  votesPerBallot: () => 1,
  roundTwo: () => null,
  noRoundTwo: 'a referendum has a single round',
  project(rule, count): Projection {
    const { tally, toCome, basisAtMost: most } = count;
    const yes = tally.candidates.find((c) => c.id === 'yes')?.votes ?? 0;
    const quorum = quorumMet(rule, count);
    const passes = (votes: number, total: number) => total > 0 && votes * 100 > rule.threshold * total;
    if (count.final) {
      const outcome: Outcome = quorum === false ? 'void' : passes(yes, tally.total) ? 'passed' : 'rejected';
      return { status: ProjectionStatus.Final, outcome };
    }
    if (quorum === false) return { status: ProjectionStatus.Decided, outcome: 'void' };
    if (tally.valid === 0) return { status: ProjectionStatus.TooEarly };
    if (toCome === null || most === null || quorum === null) return { status: ProjectionStatus.Leading };
    if (passes(yes, most)) return { status: ProjectionStatus.Decided, outcome: 'passed' };
    if (!passes(yes + toCome, most)) return { status: ProjectionStatus.Decided, outcome: 'rejected' };
    return { status: ProjectionStatus.Leading };
  },
};

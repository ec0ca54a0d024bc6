import { ProjectionStatus } from '../../codes/projection-status.ts';
import type { Rule } from '../../schemas/election.schema.ts';
import type { Projection } from '../../schemas/snapshot.schema.ts';
import type { RoundTally } from '../round-results.ts';
import type { RoundCount, RoundTwo, RuleKind } from './rule-kind.ts';
import { holdsPlace, projectTopN, topSeats } from './top-n.ts';

type Quota = Extract<Rule, { kind: 'quota' }>;

/** At or above `threshold` % of `total` (integer arithmetic: exactly 20 % of 1,000 is 200 and passes). */
const reaches = (votes: number, total: number, threshold: number) => total > 0 && votes * 100 >= threshold * total;

/**
 * Round 1 of a final count: everyone at or above the quota, best first, up to the seats (a tie across
 * the last seat is left to the law, in `tied`); the seats left go to round 2 among the best-placed others,
 * twice as many as the seats left (all of those tied at the field's edge stand).
 */
export function quotaRoundOne(rule: Quota, seats: number, tally: RoundTally): { winners: string[]; tied: string[]; field: string[]; open: number } {
  const qualified = tally.candidates.filter((c) => reaches(c.votes, tally.total, rule.threshold));
  const { winners, tied } = topSeats(qualified, seats);
  const open = tied.length > 0 ? 0 : seats - winners.length;
  const others = tally.candidates.filter((c) => !winners.includes(c.id));
  const size = 2 * open;
  const edge = others[size - 1]?.votes;
  const field = open === 0 ? [] : others.filter((c, i) => i < size || c.votes === edge).map((c) => c.id);
  return { winners, tied, field, open };
}

/** Round 1 while counting: elected once certain of the quota and of a place; a round 2 once too few can reach the quota. */
function countingRoundOne(rule: Quota, count: RoundCount): Projection {
  const { tally, seats, toCome, basisAtMost: most } = count;
  if (tally.valid === 0) return { status: ProjectionStatus.TooEarly, winners: [] };
  if (toCome === null || most === null) return { status: ProjectionStatus.Leading, winners: [] };
  // The basis grows by at most what is still to come: worst case for a candidate, it all goes elsewhere.
  const winners = tally.candidates.flatMap((c, i) => (reaches(c.votes, most, rule.threshold) && holdsPlace(tally.candidates, i, seats, toCome) ? [c.id] : []));
  if (winners.length === seats) return { status: ProjectionStatus.Decided, winners };
  const couldReach = tally.candidates.filter((c) => reaches(c.votes + toCome, most, rule.threshold)).length;
  return { status: couldReach < seats ? ProjectionStatus.RunoffDecided : ProjectionStatus.Leading, winners };
}

/**
 * Iran's Majlis: at least `threshold` % (20) elects in round 1, up to the seats; the seats left go to
 * round 2 among twice as many of the best-placed others, where the most votes win (a block vote).
 */
export const quota: RuleKind<Quota> = {
  votesPerBallot: (_rule, seats) => seats,
  roundTwo(rule, seats, round1): RoundTwo | null {
    const { field, open } = quotaRoundOne(rule, seats, round1);
    return open > 0 && field.length > 0 ? { field, seats: open } : null;
  },
  noRoundTwo: 'round 2 opens once round 1 is final with seats the quota left open',
  project(rule, count) {
    if (count.input.round === 2) return projectTopN(count);
    if (!count.final) return countingRoundOne(rule, count);
    const { winners, tied, field } = quotaRoundOne(rule, count.seats, count.tally);
    return { status: ProjectionStatus.Final, winners, ...(tied.length > 0 ? { tied } : {}), ...(field.length > 0 ? { runoff: field } : {}) };
  },
};

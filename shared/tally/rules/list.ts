import { ProjectionStatus } from '../../codes/projection-status.ts';
import type { Rule } from '../../schemas/election.schema.ts';
import type { Projection } from '../../schemas/snapshot.schema.ts';
import type { RoundTally } from '../round-results.ts';
import { apportionWithAgreements, type Apportionment } from './apportion.ts';
import { listSeatRanges } from './list-bounds.ts';
import type { RoundCount, RuleKind } from './rule-kind.ts';

type List = Extract<Rule, { kind: 'list' }>;

/** The lists at or above the threshold (of the rule's basis), with their votes. */
export function passingLists(rule: List, tally: RoundTally): Record<string, number> {
  const threshold = rule.threshold ?? 0;
  return Object.fromEntries(tally.candidates.filter((c) => c.votes * 100 >= threshold * tally.total && tally.total > 0).map((c) => [c.id, c.votes]));
}

/** Every list's seats at the figures as counted (0 under the threshold); ties for the last seats left open. */
export function listSeats(rule: List, seats: number, tally: RoundTally): Apportionment {
  const result = apportionWithAgreements(passingLists(rule, tally), seats, rule.method, rule.agreements ?? []);
  const all = Object.fromEntries(tally.candidates.map((c) => [c.id, result.seats[c.id] ?? 0]));
  return { ...result, seats: all };
}

/** Seat ranges while counting, where a bound exists: highest averages without agreements. */
function ranges(rule: List, count: RoundCount, current: Record<string, number>): Projection['seatRanges'] | undefined {
  if (count.toCome === null || count.basisAtMost === null || rule.method === 'largest-remainder' || (rule.agreements?.length ?? 0) > 0) return undefined;
  const votes = Object.fromEntries(count.tally.candidates.map((c) => [c.id, c.votes]));
  return listSeatRanges({ votes, seats: count.seats, method: rule.method, threshold: rule.threshold ?? 0, basisAtMost: count.basisAtMost, toCome: count.toCome }, current);
}

/**
 * Party lists: seats by D'Hondt, Sainte-Laguë or the largest remainder among the lists past the
 * threshold. `seats` are at the figures as counted; `seatRanges` what no later bulletin can change;
 * `winners` the lists sure of a seat (every list with a seat, once final).
 */
export const list: RuleKind<List> = {
  votesPerBallot: () => 1,
  roundTwo: () => null,
  noRoundTwo: 'a list contest has a single round',
  project(rule, count) {
    const { seats, tied, open } = listSeats(rule, count.seats, count.tally);
    const tie = tied.length > 0 && open > 0 ? { tied } : {};
    if (count.final) return { status: ProjectionStatus.Final, seats, winners: Object.keys(seats).filter((id) => seats[id]! > 0), ...tie };
    if (count.tally.valid === 0) return { status: ProjectionStatus.TooEarly, seats, winners: [] };
    const seatRanges = ranges(rule, count, seats);
    if (!seatRanges) return { status: ProjectionStatus.Leading, seats, winners: [], ...tie };
    const winners = Object.keys(seatRanges).filter((id) => seatRanges[id]!.low > 0);
    const settled = Object.values(seatRanges).every((r) => r.low === r.high);
    return { status: settled ? ProjectionStatus.Decided : ProjectionStatus.Leading, seats, seatRanges, winners, ...tie };
  },
};

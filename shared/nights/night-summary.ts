import { percent } from '../tally/figures.ts';
import { ContestStatus, type ContestLine, type NightSummary, type PartySeats } from '../schemas/night.schema.ts';

/** Seats needed for control of `total` seats when the night names no figure: more than half. */
export function defaultMajority(total: number): number {
  return Math.floor(total / 2) + 1;
}

/** A contest line, with the party that held the seat before when the night says (a `NightContest`). */
type SummaryLine = ContestLine & { previous?: string | null };

function partyTable(lines: readonly SummaryLine[]): PartySeats[] {
  const parties = new Map<string | null, PartySeats>();
  const add = (party: string | null, color: string | undefined, seats: number, kind: 'won' | 'leading' | 'gains' | 'losses') => {
    const row = parties.get(party) ?? { party, color: null, won: 0, leading: 0, gains: 0, losses: 0 };
    row.color ??= color ?? null;
    row[kind] += seats;
    parties.set(party, row);
  };
  for (const line of lines) {
    for (const h of line.winners) add(h.party, h.color, h.seats, 'won');
    for (const h of line.leading) add(h.party, h.color, h.seats, 'leading');
    // A gain is a single seat decided for another party than the one that held it.
    const winner = line.seats === 1 && line.status === ContestStatus.Decided ? line.winners[0] : undefined;
    if (winner && line.previous && winner.party !== line.previous) {
      add(winner.party, winner.color, 1, 'gains');
      add(line.previous, undefined, 1, 'losses');
    }
  }
  // Null (no party) sorts after named parties with the same seats: a list reads party first.
  const name = (p: string | null) => p ?? '\uffff';
  return [...parties.values()].filter((p) => p.won + p.leading + p.losses > 0).sort((a, b) => b.won - a.won || b.leading - a.leading || (name(a.party) < name(b.party) ? -1 : 1));
}

/** Seats a line's winners hold, never more than it fills. */
function wonSeats(line: ContestLine): number {
  return Math.min(line.seats, line.winners.reduce((sum, h) => sum + h.seats, 0));
}

/**
 * The national summary of a night's contest lines: seats won and leading per party (winners, list
 * seats and desk calls as each line gives them), gains and losses against the party that held each
 * single seat before (when the lines say), the majority line, contests by status, and turnout
 * over the contests that know both ballots cast and eligible voters. Pure: the server publishes it and
 * a client holding the lines computes the same.
 */
export function nightSummary(lines: readonly SummaryLine[], majority?: number | null): NightSummary {
  const count = (status: ContestLine['status']) => lines.filter((l) => l.status === status).length;
  const seatsOf = (status: ContestLine['status']) => lines.filter((l) => l.status === status).reduce((sum, l) => sum + l.seats, 0);
  const total = lines.reduce((sum, l) => sum + l.seats, 0);
  const parties = partyTable(lines);
  const needed = majority ?? defaultMajority(total);
  const reached = parties.find((p) => p.party !== null && p.won >= needed);
  let ballotsCast = 0;
  let eligibleVoters = 0;
  let reporting = 0;
  for (const line of lines) {
    if (line.ballotsCast === null || line.eligibleVoters === null) continue;
    ballotsCast += line.ballotsCast;
    eligibleVoters += line.eligibleVoters;
    reporting += 1;
  }
  return {
    seats: {
      total,
      won: lines.reduce((sum, l) => sum + wonSeats(l), 0),
      leading: lines.filter((l) => l.status === ContestStatus.Counting).reduce((sum, l) => sum + l.seats - wonSeats(l), 0),
      notStarted: seatsOf(ContestStatus.NotStarted),
    },
    majority: { needed, given: majority !== undefined && majority !== null, reachedBy: reached?.party ?? null },
    parties,
    contests: { total: lines.length, decided: count(ContestStatus.Decided), counting: count(ContestStatus.Counting), notStarted: count(ContestStatus.NotStarted) },
    turnout: { ballotsCast, eligibleVoters, percent: percent(ballotsCast, eligibleVoters), contests: reporting },
  };
}

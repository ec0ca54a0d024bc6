import { ProjectionStatus } from '../codes/projection-status.ts';
import type { ElectionDefinition } from '../schemas/election.schema.ts';
import { ContestStatus, type ContestLine, type SeatHolder } from '../schemas/night.schema.ts';
import type { CandidateResult, RoundSnapshot } from '../schemas/snapshot.schema.ts';
import { deskOf, withDeskCall } from '../tally/desk-overlay.ts';
import type { StoredElection } from '../tally/election-state.ts';
import { modeOf } from '../tally/mode.ts';
import { buildRoundSnapshot } from '../tally/snapshot.ts';

/**
 * The statuses under which a projection's winners are the contest's: arithmetic (`decided`), the desk's
 * call, the final count, certification. `projected` (the model's range) stays "leading": a night's seat
 * count adds only what is known.
 */
const KNOWN: ReadonlySet<string> = new Set([ProjectionStatus.Decided, ProjectionStatus.Called, ProjectionStatus.Final, ProjectionStatus.Certified]);

/** Seats the contest fills: the definition's `seats` (multi-seat and list rules), else 1. */
export function contestSeats(definition: ElectionDefinition): number {
  return definition.seats ?? 1;
}

/** A list's seats count for the list's party, else the list itself (its name); a candidate's for its party. */
function holder(definition: ElectionDefinition, id: string, seats: number, result?: CandidateResult): SeatHolder {
  const candidate = definition.candidates.find((c) => c.id === id);
  const color = candidate?.color ?? result?.color;
  const name = candidate?.name ?? result?.name ?? id;
  const party = candidate?.party ?? result?.party ?? (definition.rule.kind === 'list' ? name : null);
  return { id, name, party, ...(color ? { color } : {}), seats };
}

interface Seats {
  won: SeatHolder[];
  leading: SeatHolder[];
  decided: boolean;
}

/**
 * A list contest: each list's seats at the figures as counted (`seats`); won are those no later
 * bulletin can take away (`seatRanges.low` while counting, every seat once the count is known), the
 * rest are leading.
 */
function listSeats(definition: ElectionDefinition, round: RoundSnapshot, total: number): Seats {
  const p = round.projection;
  const known = KNOWN.has(p.status);
  const won: SeatHolder[] = [];
  const leading: SeatHolder[] = [];
  for (const [id, n] of Object.entries(p.seats ?? {})) {
    const certain = known ? n : Math.min(n, p.seatRanges?.[id]?.low ?? 0);
    if (certain > 0) won.push(holder(definition, id, certain));
    if (n - certain > 0) leading.push(holder(definition, id, n - certain));
  }
  return { won, leading, decided: known || won.reduce((a, h) => a + h.seats, 0) >= total };
}

/**
 * Several seats: everyone elected in any round (`winners`, certain whatever the status), and the open
 * seats held by the top candidates not elected yet; decided once every seat is filled.
 */
function multiSeats(definition: ElectionDefinition, rounds: readonly RoundSnapshot[], total: number): Seats {
  const elected = [...new Set(rounds.flatMap((r) => r.projection.winners ?? []))];
  const won = elected.map((id) => holder(definition, id, 1));
  const latest = rounds.at(-1)!;
  const tied = new Set(latest.projection.tied ?? []);
  const open = Math.max(0, total - won.length);
  const leading = latest.candidates.filter((c) => c.votes > 0 && !elected.includes(c.id) && !tied.has(c.id)).slice(0, open).map((c) => holder(definition, c.id, 1, c));
  return { won, leading, decided: won.length >= total };
}

/** One seat: the winner once the status makes it known, else whoever leads (nobody while the top two tie). */
function singleSeat(definition: ElectionDefinition, round: RoundSnapshot): Seats {
  const winner = KNOWN.has(round.projection.status) ? round.projection.winner : undefined;
  if (winner) return { won: [holder(definition, winner, 1)], leading: [], decided: true };
  return { won: [], leading: round.leader ? [holder(definition, round.leader, 1, round.candidates[0])] : [], decided: false };
}

/** The line of a contest without figures. */
function emptyLine(stored: StoredElection): ContestLine {
  const { definition, state } = stored;
  return {
    electionId: stored.electionId,
    name: definition.name,
    ...(definition.names ? { names: definition.names } : {}),
    mode: modeOf(definition),
    seats: contestSeats(definition),
    status: ContestStatus.NotStarted,
    projectionStatus: null,
    round: null,
    winners: [],
    leading: [],
    leader: null,
    percentCounted: null,
    ballotsCounted: 0,
    ballotsCast: null,
    eligibleVoters: definition.eligibleVoters ?? null,
    turnout: null,
    epoch: state.epoch,
    version: state.version,
    updatedAt: state.updatedAt,
  };
}

/**
 * A contest as a night lists it, from its latest round (desk calls applied, as pages show them). A
 * contest is decided when its latest round names winners under a known status; a round 1 that ends in
 * a runoff leaves it counting until round 2 decides it.
 */
export function contestLine(stored: StoredElection): ContestLine {
  const base = emptyLine(stored);
  const latest = stored.state.rounds.at(-1);
  if (!latest) return base;
  const rounds = stored.state.rounds.map((r) => withDeskCall(buildRoundSnapshot(stored, r), deskOf(stored.state, r.round)));
  const round = rounds.at(-1)!;
  const seats = stored.definition.rule.kind === 'list' ? listSeats(stored.definition, round, base.seats) : base.seats > 1 ? multiSeats(stored.definition, rounds, base.seats) : singleSeat(stored.definition, round);
  const top = round.candidates[0];
  const cast = round.ballotsCast ?? (round.final ? round.ballotsCounted : null);
  return {
    ...base,
    status: seats.decided ? ContestStatus.Decided : ContestStatus.Counting,
    projectionStatus: round.projection.status,
    round: round.round,
    winners: seats.won,
    leading: seats.decided ? [] : seats.leading,
    leader: top && top.votes > 0 ? { id: top.id, name: top.name, party: top.party ?? null, votes: top.votes, share: top.share } : null,
    percentCounted: round.percentCounted,
    ballotsCounted: round.ballotsCounted,
    ballotsCast: cast,
    eligibleVoters: round.eligibleVoters,
    turnout: round.turnout,
  };
}

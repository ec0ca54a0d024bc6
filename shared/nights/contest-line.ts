import { ProjectionStatus } from '../codes/projection-status.ts';
import type { ElectionDefinition } from '../schemas/election.schema.ts';
import { ContestStatus, type ContestLine, type SeatHolder } from '../schemas/night.schema.ts';
import type { CandidateResult, Projection, RoundSnapshot } from '../schemas/snapshot.schema.ts';
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

/**
 * What a multi-seat rule adds to a projection: `winners` (a seat each) and list `seats` by list id (and
 * `seats` to fill, on the definition). Read when present, so the night counts them as the rules give
 * them; a single-seat race has none and fills one seat with `winner`.
 */
type MultiSeatProjection = Projection & { winners?: unknown; seats?: unknown };

/** Seats the contest fills: the definition's `seats` when it gives a whole number, else 1. */
export function contestSeats(definition: ElectionDefinition): number {
  const seats = (definition as { seats?: unknown }).seats;
  return typeof seats === 'number' && Number.isInteger(seats) && seats > 0 ? seats : 1;
}

function holder(definition: ElectionDefinition, id: string, seats: number, result?: CandidateResult): SeatHolder {
  const candidate = definition.candidates.find((c) => c.id === id);
  const color = candidate?.color ?? result?.color;
  return { id, name: candidate?.name ?? result?.name ?? id, party: candidate?.party ?? result?.party ?? null, ...(color ? { color } : {}), seats };
}

/** Seat holders a projection names: list seats, else winners (a seat each), else its one winner. */
function namedHolders(definition: ElectionDefinition, projection: Projection): SeatHolder[] | null {
  const { winners, seats: listSeats } = projection as MultiSeatProjection;
  if (listSeats && typeof listSeats === 'object') {
    const entries = Object.entries(listSeats as Record<string, unknown>).filter((e): e is [string, number] => typeof e[1] === 'number' && e[1] > 0);
    if (entries.length > 0) return entries.map(([id, n]) => holder(definition, id, n));
  }
  if (Array.isArray(winners) && winners.length > 0) return winners.filter((w): w is string => typeof w === 'string').map((id) => holder(definition, id, 1));
  return projection.winner ? [holder(definition, projection.winner, 1)] : null;
}

/** Who holds the seats on the count so far: what the projection names, else the top candidates with votes, a seat each. */
function leadingHolders(definition: ElectionDefinition, round: RoundSnapshot, seats: number): SeatHolder[] {
  const named = namedHolders(definition, round.projection);
  if (named) return named;
  // A tie at the top of a single-seat race has no leader: nobody is shown holding the seat.
  if (seats === 1) return round.leader ? [holder(definition, round.leader, 1, round.candidates[0])] : [];
  return round.candidates.filter((c) => c.votes > 0).slice(0, seats).map((c) => holder(definition, c.id, 1, c));
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
  const round = withDeskCall(buildRoundSnapshot(stored, latest), deskOf(stored.state, latest.round));
  const named = KNOWN.has(round.projection.status) ? namedHolders(stored.definition, round.projection) : null;
  const top = round.candidates[0];
  const cast = round.ballotsCast ?? (round.final ? round.ballotsCounted : null);
  return {
    ...base,
    status: named ? ContestStatus.Decided : ContestStatus.Counting,
    projectionStatus: round.projection.status,
    round: round.round,
    winners: named ?? [],
    leading: named ? [] : leadingHolders(stored.definition, round, base.seats),
    leader: top && top.votes > 0 ? { id: top.id, name: top.name, party: top.party ?? null, votes: top.votes, share: top.share } : null,
    percentCounted: round.percentCounted,
    ballotsCounted: round.ballotsCounted,
    ballotsCast: cast,
    eligibleVoters: round.eligibleVoters,
    turnout: round.turnout,
  };
}

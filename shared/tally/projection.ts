import { ProjectionStatus } from '../codes/projection-status.ts';
import type { Rule } from '../schemas/election.schema.ts';
import type { Projection } from '../schemas/snapshot.schema.ts';
import type { Settled } from './election-state.ts';
import { APPROXIMATE_TOLERANCE } from './figures.ts';
import { passesThreshold, type RoundTally } from './round-results.ts';

/** What the arithmetic projection needs to know about one round. */
export interface ProjectionInput {
  rule: Rule;
  round: number;
  tally: RoundTally;
  /**
   * What the votes still to come add to: the candidates' total under a single vote, whatever the
   * basis (a counted ballot in no candidate's figure may yet be a candidate's: a bulletin may leave a
   * candidate out), the ballots under a block vote.
   */
  votesIn: number;
  ballotsCounted: number;
  ballotsCast: number | null;
  eligibleVoters: number | null;
  approximate: boolean;
  final: boolean;
  /** An outcome an earlier bulletin of the round established, if any. */
  settled?: Settled | null;
}

/** The expected total of ballots: announced cast ballots, else eligible voters (nobody votes twice). */
export function expectedBallots(input: ProjectionInput): number | null {
  return input.ballotsCast ?? input.eligibleVoters;
}

/**
 * An upper bound of the ballots still uncounted, as pages show it. Rounded ("approximate") figures
 * widen it by the tolerance. Null when nothing bounds it.
 */
export function remainingBallots(input: ProjectionInput): number | null {
  if (input.final) return 0;
  const expected = expectedBallots(input);
  if (expected === null) return null;
  const widen = input.approximate ? 1 + APPROXIMATE_TOLERANCE : 1;
  return Math.max(0, Math.ceil(expected * widen) - input.ballotsCounted);
}

/**
 * An upper bound of the candidate votes still to come: what decisions rest on. It is measured from the
 * candidates' total (`votesIn`), not from ballots counted, because officials report the two separately
 * (seed 000's candidates add up to more than its "25 million counted") and counted ballots outside every
 * candidate's figure may be blank, or a left-out candidate's. Approximate figures may overstate the
 * expected total by the tolerance, and the final votes may overstate the final count by it again.
 */
export function maxVotesToCome(input: ProjectionInput): number | null {
  if (input.final) return 0;
  const expected = expectedBallots(input);
  if (expected === null) return null;
  const widen = input.approximate ? (1 + APPROXIMATE_TOLERANCE) ** 2 : 1;
  return Math.max(0, Math.ceil(expected * widen) - input.votesIn);
}

/**
 * The largest the round's basis (shares' and thresholds' denominator) can become once `toCome` more
 * votes are in: worst case for a leader's threshold, and the basis of its best case too (the votes it
 * gains are ballots of the basis). Under `cast` it is the expected ballots, not counted ballots plus
 * votes to come, which would count the ballots in no candidate's figure twice.
 */
export function basisAtMost(input: ProjectionInput, toCome: number): number {
  return Math.max(input.tally.total, input.votesIn + toCome);
}

/** Majority threshold for this round, or null: a runoff (round 2) is won by the most votes. */
function majorityThreshold(input: ProjectionInput): number | null {
  return input.rule.kind === 'majority' && input.round === 1 ? input.rule.threshold : null;
}

function finalProjection(input: ProjectionInput, threshold: number | null): Projection {
  const [top, second] = input.tally.candidates;
  if (!top || top.votes === 0) return { status: ProjectionStatus.Final };
  if (threshold !== null && !passesThreshold(top.votes, input.tally.total, threshold)) {
    return second ? { status: ProjectionStatus.Final, runoff: [top.id, second.id] } : { status: ProjectionStatus.Final };
  }
  // A tie at the top of a final count has no winner by arithmetic; the pages say so.
  if (input.tally.leader === null) return { status: ProjectionStatus.Final };
  return { status: ProjectionStatus.Final, winner: top.id };
}

/**
 * The earlier settlement, if its premises still hold: no higher expected total than it rested on, and
 * for a decided race the same leader. A runoff pair is kept only while it is still the top two.
 */
function keptSettlement(input: ProjectionInput): Projection | null {
  const { settled, tally } = input;
  const expected = expectedBallots(input);
  if (!settled || expected === null || expected > settled.expected) return null;
  if (settled.status === ProjectionStatus.Decided) {
    return tally.leader === settled.winner ? { status: ProjectionStatus.Decided, winner: settled.winner } : null;
  }
  const topTwo = new Set(tally.candidates.slice(0, 2).map((c) => c.id));
  const pairKept = settled.runoff?.every((id) => topTwo.has(id)) ?? false;
  return pairKept ? { status: ProjectionStatus.RunoffDecided, runoff: settled.runoff! } : { status: ProjectionStatus.RunoffDecided };
}

/** What a projection settles for the rest of the round (see `Settled`), or null. */
export function settlementOf(projection: Projection, expected: number | null, version: number, previous: Settled | null): Settled | null {
  if (projection.status !== ProjectionStatus.Decided && projection.status !== ProjectionStatus.RunoffDecided) return null;
  // Multi-seat, list and referendum outcomes are worked out afresh from each bulletin's bounds.
  if (projection.winners || projection.seats || projection.outcome) return null;
  if (expected === null) return null;
  const same = previous && previous.status === projection.status && previous.winner === projection.winner && previous.runoff?.join() === projection.runoff?.join();
  if (same) return previous;
  const settled: Settled = { status: projection.status, expected, since: version };
  if (projection.winner) settled.winner = projection.winner;
  if (projection.runoff) settled.runoff = projection.runoff;
  return settled;
}

/**
 * The arithmetic projection of one round: who is certain to win, or whether a runoff is certain,
 * if every vote still to come went the least favourable way. It never guesses: without a bound on the
 * uncounted ballots it can only say who leads.
 */
export function projectRound(input: ProjectionInput): Projection {
  const threshold = majorityThreshold(input);
  if (input.final) return finalProjection(input, threshold);

  const { tally } = input;
  const remaining = remainingBallots(input);
  const withRemaining = (p: Projection): Projection => (remaining === null ? p : { ...p, remaining });
  if (tally.valid === 0) return withRemaining({ status: ProjectionStatus.TooEarly });
  const open: Projection = { status: tally.leader === null ? ProjectionStatus.TooClose : ProjectionStatus.Leading };
  const toCome = maxVotesToCome(input);
  if (toCome === null) return open;
  const arithmetic = decide(input, toCome, threshold);
  return withRemaining(arithmetic ?? keptSettlement(input) ?? open);
}

/** The arithmetic outcome given a bound on the votes still to come, or null while it is open. */
function decide(input: ProjectionInput, toCome: number, threshold: number | null): Projection | null {
  const { tally } = input;
  const [top, second, third] = tally.candidates;
  if (!top) return null;
  // A tie at the top has a margin of 0, so it never "holds".
  const leadHolds = tally.margin > toCome;
  if (threshold === null) return leadHolds ? { status: ProjectionStatus.Decided, winner: top.id } : null;
  const most = basisAtMost(input, toCome);
  // Worst case for the leader: every vote still to come goes to someone else.
  if (leadHolds && passesThreshold(top.votes, most, threshold)) {
    return { status: ProjectionStatus.Decided, winner: top.id };
  }
  // Best case for the leader: every vote still to come goes to them. If even that misses the
  // threshold, nobody can pass it (everyone else has fewer votes).
  if (!passesThreshold(top.votes + toCome, most, threshold)) {
    const pairFixed = second !== undefined && (third === undefined || second.votes - third.votes > toCome);
    return pairFixed ? { status: ProjectionStatus.RunoffDecided, runoff: [top.id, second.id] } : { status: ProjectionStatus.RunoffDecided };
  }
  return null;
}

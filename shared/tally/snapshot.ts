import type { RoundSnapshot, Snapshot } from '../schemas/snapshot.schema.ts';
import type { RoundState, StoredElection } from './election-state.ts';
import { invalidShare, roundInvalid, shareBase } from './basis.ts';
import { deskOf, withDeskCall } from './desk-overlay.ts';
import { percent, percentCounted } from './figures.ts';
import { ruleProjection } from './round-projection.ts';
import { tallyRound } from './round-results.ts';
import { roundCandidates, votesPerBallot } from './rules/index.ts';
import { unitSnapshots } from './units.ts';

/**
 * Turnout is ballots cast over eligible voters. While counting, only an announced `ballotsCast` gives
 * it; counted ballots are not turnout until the count is final.
 */
function turnout(round: RoundState, eligible: number | null): number | null {
  const cast = round.ballotsCast ?? (round.final ? round.ballotsCounted : null);
  if (cast === null || eligible === null) return null;
  return percent(cast, eligible);
}

/** What a round's snapshot was built from, besides the round itself (see `buildRoundSnapshot`). */
interface Built {
  definition: StoredElection['definition'];
  state: StoredElection['state'];
  desk: StoredElection['state']['desk'];
  settled: RoundState['settled'];
  snapshot: RoundSnapshot;
}

const built = new WeakMap<RoundState, Built>();

/**
 * One round as the pages show it: sorted candidates, shares, progress, projection. Remembered per round
 * object while the definition, the state, its desk and the round's `settled` are the very objects it was
 * built from: a bulletin's evaluation builds the round it supersedes once more to diff against, and the
 * model made that a fifth of the cost of each bulletin. The result is shared: never change it.
 */
export function buildRoundSnapshot(stored: StoredElection, round: RoundState): RoundSnapshot {
  const settled = round.settled ?? null;
  const hit = built.get(round);
  if (hit && hit.definition === stored.definition && hit.state === stored.state && hit.desk === stored.state.desk && hit.settled === settled) return hit.snapshot;
  const snapshot = computeRoundSnapshot(stored, round);
  built.set(round, { definition: stored.definition, state: stored.state, desk: stored.state.desk, settled, snapshot });
  return snapshot;
}

function computeRoundSnapshot(stored: StoredElection, round: RoundState): RoundSnapshot {
  const { definition, state } = stored;
  const perBallot = votesPerBallot(definition);
  const tally = tallyRound(roundCandidates(definition, state, round.round), round.votes, shareBase(definition, round, perBallot));
  const invalid = roundInvalid(round, perBallot);
  const eligibleVoters = round.eligibleVoters ?? definition.eligibleVoters ?? null;
  const input = {
    rule: definition.rule,
    round: round.round,
    tally,
    votesIn: perBallot === 1 ? tally.valid : tally.total,
    ballotsCounted: round.ballotsCounted,
    ballotsCast: round.ballotsCast,
    eligibleVoters,
    approximate: round.approximate,
    final: round.final,
    settled: round.settled ?? null,
  };
  const projection = ruleProjection(definition, state, round, input);
  const units = unitSnapshots(definition, round);
  return {
    round: round.round,
    ballotsCounted: round.ballotsCounted,
    ballotsCast: round.ballotsCast,
    eligibleVoters,
    percentCounted: percentCounted(round.ballotsCounted, round.ballotsCast, round.final),
    turnout: turnout(round, eligibleVoters),
    invalid,
    invalidShare: invalidShare(invalid, round.ballotsCounted),
    approximate: round.approximate,
    final: round.final,
    source: round.source,
    issuedAt: round.issuedAt,
    candidates: tally.candidates,
    leader: tally.leader,
    margin: tally.margin,
    projection,
    settled: round.settled ?? null,
    ...(units ? { units } : {}),
  };
}

/** The whole election as `GET /api/elections/:id` and a subscribe ack carry it. */
export function buildSnapshot(stored: StoredElection): Snapshot {
  const { electionId, definition, state } = stored;
  return {
    electionId,
    name: definition.name,
    ...(definition.names ? { names: definition.names } : {}),
    ...(definition.language ? { language: definition.language } : {}),
    epoch: state.epoch,
    version: state.version,
    updatedAt: state.updatedAt,
    rule: definition.rule,
    ...(definition.seats !== undefined ? { seats: definition.seats } : {}),
    eligibleVoters: definition.eligibleVoters ?? null,
    candidates: definition.candidates,
    // The desk's calls go on top of the model, here and in every delta (shared/tally/desk-overlay.ts).
    rounds: state.rounds.map((r) => withDeskCall(buildRoundSnapshot(stored, r), deskOf(state, r.round))),
    mode: definition.mode ?? 'live',
    ...(definition.units ? { units: definition.units } : {}),
  };
}

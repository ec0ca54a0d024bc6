import { ProjectionStatus } from '../codes/projection-status.ts';
import type { CompactDelta } from '../schemas/compact-delta.schema.ts';
import type { Delta, Snapshot } from '../schemas/snapshot.schema.ts';
import { diffRound } from './delta.ts';
import { findRound, withRound, type RoundState } from './election-state.ts';
import { electionFromSnapshot } from './from-snapshot.ts';
import { buildRoundSnapshot } from './snapshot.ts';

/**
 * The compact form of a delta (see `CompactDeltaSchema`): what a push carries over the wire. Derivable
 * figures are left out because every subscriber computes them with the same functions as the server.
 */
export function compactDelta(delta: Delta): CompactDelta {
  const votes: Record<string, number> = {};
  for (const c of delta.candidates) if (c.votesChange !== 0) votes[c.id] = c.votes;
  return {
    electionId: delta.electionId,
    epoch: delta.epoch,
    version: delta.version,
    prevVersion: delta.prevVersion,
    round: delta.round,
    at: delta.at,
    source: delta.source,
    issuedAt: delta.issuedAt,
    ballotsCounted: delta.ballotsCounted,
    ballotsCast: delta.ballotsCast,
    eligibleVoters: delta.eligibleVoters,
    invalid: delta.invalid,
    approximate: delta.approximate,
    final: delta.final,
    votes,
    settled: delta.settled,
    correction: delta.correction,
    // The reporting units whose figures changed: stated by bulletins, nothing derived.
    ...(delta.units ? { units: delta.units } : {}),
  };
}

/**
 * The delta fields the compact form carries or a subscriber derives. A delta with any other field set
 * (a desk call, or a field added later that the compact form does not know) goes out in full, so a
 * subscriber never has to guess what it cannot recompute.
 */
const COMPACTABLE = new Set<string>([
  'electionId', 'epoch', 'version', 'prevVersion', 'round', 'at', 'source', 'issuedAt', 'ballotsCounted',
  'ballotsCountedChange', 'ballotsCast', 'eligibleVoters', 'percentCounted', 'turnout', 'invalid', 'invalidShare', 'approximate',
  'candidates', 'leader', 'leaderChanged', 'margin', 'projection', 'projectionChanged', 'settled', 'final',
  'correction', 'statusChange', 'units',
]);
/** Projection statuses that come from the desk, not from the figures: such a delta goes in full. */
const DESK_STATUSES = new Set<ProjectionStatus>([ProjectionStatus.Called, ProjectionStatus.Uncalled, ProjectionStatus.Certified]);

/** What a push carries for `delta`: the compact form when it says everything, else the full delta. */
export function wireDelta(delta: Delta): Delta | CompactDelta {
  for (const [key, value] of Object.entries(delta)) if (value !== undefined && !COMPACTABLE.has(key)) return delta;
  if (DESK_STATUSES.has(delta.projection.status)) return delta;
  return compactDelta(delta);
}

/** Whether a `delta` event holds the compact form (it has `votes`, not `candidates`). */
export function isCompactDelta(delta: Delta | CompactDelta): delta is CompactDelta {
  return !('candidates' in delta);
}

/**
 * The full delta a compact one stands for, given the snapshot it follows; null when it does not follow
 * it (another version or epoch): the caller must catch up, as with `applyDelta`.
 */
export function expandCompactDelta(snapshot: Snapshot, compact: CompactDelta): Delta | null {
  if (compact.prevVersion !== snapshot.version || compact.epoch !== snapshot.epoch) return null;
  const stored = electionFromSnapshot(snapshot);
  const previous = findRound(stored.state, compact.round);
  const round: RoundState = {
    round: compact.round,
    ballotsCounted: compact.ballotsCounted,
    ballotsCast: compact.ballotsCast,
    // As in a snapshot: only a figure other than the election's was a bulletin's override.
    eligibleVoters: compact.eligibleVoters !== snapshot.eligibleVoters ? compact.eligibleVoters : null,
    approximate: compact.approximate,
    final: compact.final,
    source: compact.source,
    issuedAt: compact.issuedAt,
    votes: { ...previous?.votes, ...compact.votes },
    // Stated or derived, the figure is the same: a unit-reported round adds up its units' instead.
    ...(compact.units || previous?.units ? {} : { invalid: compact.invalid }),
    settled: compact.settled,
    ...unitsAfter(previous, compact.units),
  };
  const state = { ...stored.state, version: compact.version, updatedAt: compact.at, rounds: withRound(stored.state, round) };
  const next = buildRoundSnapshot({ ...stored, state }, round);
  const prior = snapshot.rounds.find((r) => r.round === compact.round);
  const { electionId, epoch, version, prevVersion, at, correction } = compact;
  return diffRound(prior, next, { electionId, epoch, version, prevVersion, at, correction });
}

/** A unit-reported round's units after a compact delta: the changed ones' figures replaced. */
function unitsAfter(previous: RoundState | undefined, changed: CompactDelta['units']): Pick<RoundState, 'units'> {
  if (!previous?.units && !changed) return {};
  return { units: { ...previous?.units, ...Object.fromEntries((changed ?? []).map(({ id, ...figures }) => [id, figures])) } };
}

/** A `delta` event as received (compact or full) made full against the snapshot it follows; null when it does not follow it. */
export function expandWireDelta(snapshot: Snapshot, received: Delta | CompactDelta): Delta | null {
  return isCompactDelta(received) ? expandCompactDelta(snapshot, received) : received;
}

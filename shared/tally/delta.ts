import type { Candidate } from '../schemas/election.schema.ts';
import type { CandidateResult, Delta, Projection, RoundSnapshot, Snapshot } from '../schemas/snapshot.schema.ts';
import { percentChange } from './figures.ts';
import { applyUnits, changedUnits } from './units.ts';

/** What a delta needs besides the two round snapshots. */
export interface DeltaMeta {
  electionId: string;
  epoch: string;
  version: number;
  prevVersion: number;
  at: string;
  correction: boolean;
}

/** Whether the outcome said by two projections differs (`remaining` shrinking, or a seat range narrowing, is not a change). */
export function projectionDiffers(a: Projection | undefined, b: Projection): boolean {
  if (a?.status !== b.status || a?.winner !== b.winner || a?.runoff?.join() !== b.runoff?.join()) return true;
  if (a?.winners?.join() !== b.winners?.join() || a?.outcome !== b.outcome || a?.tied?.join() !== b.tied?.join()) return true;
  return JSON.stringify(a?.seats ?? null) !== JSON.stringify(b.seats ?? null);
}

/** The change from `previous` (undefined for a round's first bulletin) to `next`. */
export function diffRound(previous: RoundSnapshot | undefined, next: RoundSnapshot, meta: DeltaMeta): Delta {
  const before = new Map(previous?.candidates.map((c) => [c.id, c]));
  return {
    electionId: meta.electionId,
    epoch: meta.epoch,
    version: meta.version,
    prevVersion: meta.prevVersion,
    round: next.round,
    at: meta.at,
    source: next.source,
    issuedAt: next.issuedAt,
    ballotsCounted: next.ballotsCounted,
    ballotsCountedChange: next.ballotsCounted - (previous?.ballotsCounted ?? 0),
    ballotsCast: next.ballotsCast,
    eligibleVoters: next.eligibleVoters,
    percentCounted: next.percentCounted,
    turnout: next.turnout,
    invalid: next.invalid,
    invalidShare: next.invalidShare,
    approximate: next.approximate,
    candidates: next.candidates.map((c) => ({
      id: c.id,
      votes: c.votes,
      votesChange: c.votes - (before.get(c.id)?.votes ?? 0),
      share: c.share,
      shareChange: percentChange(c.share, before.get(c.id)?.share ?? 0),
    })),
    leader: next.leader,
    leaderChanged: next.leader !== (previous?.leader ?? null),
    margin: next.margin,
    projection: next.projection,
    projectionChanged: projectionDiffers(previous?.projection, next.projection),
    settled: next.settled,
    final: next.final,
    correction: meta.correction,
    ...unitAndStatusChanges(previous, next),
  };
}

/** The delta's optional fields: the units that changed, and the status change the pages announce. */
function unitAndStatusChanges(previous: RoundSnapshot | undefined, next: RoundSnapshot): Pick<Delta, 'units' | 'statusChange'> {
  const out: Pick<Delta, 'units' | 'statusChange'> = {};
  const units = changedUnits(previous?.units, next.units);
  if (units) out.units = units;
  const from = previous?.projection.status ?? null;
  if (from !== next.projection.status) out.statusChange = { from, to: next.projection.status };
  return out;
}

function candidateResult(candidate: Candidate, votes: number, share: number): CandidateResult {
  const result: CandidateResult = { id: candidate.id, name: candidate.name, votes, share };
  if (candidate.party !== undefined) result.party = candidate.party;
  if (candidate.color !== undefined) result.color = candidate.color;
  return result;
}

/**
 * Applies a delta to the snapshot it follows, giving the next snapshot: what a subscriber does with
 * each `delta` event. Returns null when `delta.prevVersion` is not the snapshot's version (a gap, or
 * a delta already applied): the caller must catch up instead of guessing.
 */
export function applyDelta(snapshot: Snapshot, delta: Delta): Snapshot | null {
  if (delta.prevVersion !== snapshot.version || delta.epoch !== snapshot.epoch) return null;
  const order = new Map(snapshot.candidates.map((c, i) => [c.id, i]));
  const byId = new Map(snapshot.candidates.map((c) => [c.id, c]));
  const candidates = delta.candidates
    .flatMap((c) => {
      const candidate = byId.get(c.id);
      return candidate ? [candidateResult(candidate, c.votes, c.share)] : [];
    })
    .sort((a, b) => b.votes - a.votes || (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  const round: RoundSnapshot = {
    round: delta.round,
    ballotsCounted: delta.ballotsCounted,
    ballotsCast: delta.ballotsCast,
    eligibleVoters: delta.eligibleVoters,
    percentCounted: delta.percentCounted,
    turnout: delta.turnout,
    invalid: delta.invalid,
    invalidShare: delta.invalidShare,
    approximate: delta.approximate,
    final: delta.final,
    source: delta.source,
    issuedAt: delta.issuedAt,
    candidates,
    leader: delta.leader,
    margin: delta.margin,
    projection: delta.projection,
    settled: delta.settled,
  };
  const before = snapshot.rounds.find((r) => r.round === delta.round);
  const units = applyUnits(before?.units, delta.units, snapshot.units ?? []);
  if (units) round.units = units;
  const rounds = [...snapshot.rounds.filter((r) => r.round !== delta.round), round].sort((a, b) => a.round - b.round);
  return { ...snapshot, version: delta.version, updatedAt: delta.at, rounds };
}

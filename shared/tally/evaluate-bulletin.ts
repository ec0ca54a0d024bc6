import { ProjectionStatus } from '../codes/projection-status.ts';
import type { Bulletin } from '../schemas/bulletin.schema.ts';
import type { Delta } from '../schemas/snapshot.schema.ts';
import { checkBulletin } from './check-bulletin.ts';
import { diffRound } from './delta.ts';
import { deskAfterBulletin, deskOf, withDeskCall } from './desk-overlay.ts';
import { findRound, withRound, type ElectionState, type StoredElection } from './election-state.ts';
import { roundAfter } from './merge-round.ts';
import type { BulletinProblem } from './problems.ts';
import { settlementOf } from './projection.ts';
import { buildRoundSnapshot } from './snapshot.ts';

export type Evaluation =
  | { ok: false; problems: BulletinProblem[]; warnings: string[] }
  | { ok: true; state: ElectionState; delta: Delta; warnings: string[] };

/**
 * Checks a bulletin against the election's latest state and, when it passes, applies it: the next
 * state and the delta to publish. Pure: the server commits the result, the console previews it.
 */
export function evaluateBulletin(stored: StoredElection, bulletin: Bulletin, at: Date): Evaluation {
  const check = checkBulletin(stored, bulletin, at);
  if (check.problems.length > 0) return { ok: false, ...check };

  const previous = findRound(stored.state, bulletin.round);
  const round = roundAfter(stored.definition, previous, bulletin);
  const atIso = at.toISOString();
  const state: ElectionState = {
    ...stored.state,
    version: stored.state.version + 1,
    updatedAt: atIso,
    rounds: withRound(stored.state, round),
  };
  const projected = buildRoundSnapshot({ ...stored, state }, round);
  // Record what this bulletin settles (or keeps), so later bulletins cannot unsettle it by rounding.
  round.settled = settlementOf(projected.projection, projected.ballotsCast ?? projected.eligibleVoters, state.version, round.settled ?? null);
  const desk = deskAfterBulletin(stored.state, round.round, projected.projection.status);
  if (desk) state.desk = desk;
  const next = withDeskCall({ ...projected, settled: round.settled }, deskOf(state, round.round));
  const prior = previous ? withDeskCall(buildRoundSnapshot(stored, previous), deskOf(stored.state, previous.round)) : undefined;
  const delta = diffRound(prior, next, {
    electionId: stored.electionId,
    epoch: state.epoch,
    version: state.version,
    prevVersion: stored.state.version,
    at: atIso,
    correction: bulletin.correction,
  });
  const warnings = [...check.warnings];
  if (prior && delta.ballotsCountedChange === 0 && delta.candidates.every((c) => c.votesChange === 0)) {
    warnings.push(`no figure changed since version ${stored.state.version}`);
  }
  const lost = previous?.settled;
  if (lost && !bulletin.correction && !round.settled && !next.final) {
    warnings.push(`the outcome settled at version ${lost.since} (${lost.status}${lost.winner ? `: ${lost.winner}` : ''}) no longer holds: the expected total rose or the leader changed`);
  }
  if (next.final && next.projection.status === ProjectionStatus.Final && !next.projection.winner && !next.projection.runoff) {
    warnings.push('the final count names no winner: nothing counted, or the top candidates are tied');
  }
  return { ok: true, state, delta, warnings };
}

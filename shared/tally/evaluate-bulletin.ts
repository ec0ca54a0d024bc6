import type { Bulletin } from '../schemas/bulletin.schema.ts';
import type { Delta } from '../schemas/snapshot.schema.ts';
import { checkBulletin, mergeRound, type BulletinProblem } from './check-bulletin.ts';
import { diffRound } from './delta.ts';
import { deskAfterBulletin, deskOf, withDeskCall } from './desk-overlay.ts';
import { findRound, withRound, type ElectionState, type StoredElection } from './election-state.ts';
import { settlementOf } from './projection.ts';
import { runoffPair } from './round-results.ts';
import { buildRoundSnapshot } from './snapshot.ts';
import { mergeUnitRound } from './units.ts';

export type Evaluation =
  | { ok: false; problems: BulletinProblem[]; warnings: string[] }
  | { ok: true; state: ElectionState; delta: Delta; warnings: string[] };

/**
 * A correction to round 1 under a runoff that has started must keep the same pair: otherwise round 2
 * would have been fought by the wrong candidates. (Other round-1 bulletins are refused by the checks.)
 */
function checkRunoffKept(stored: StoredElection, bulletin: Bulletin, next: ElectionState): BulletinProblem | null {
  if (bulletin.round !== 1 || !findRound(stored.state, 2)) return null;
  const before = runoffPair(stored.definition, stored.state)?.join(' vs ');
  const after = runoffPair(stored.definition, next)?.join(' vs ');
  if (before !== after) {
    return { code: 'round_closed', path: 'votes', message: `this correction would change the runoff pair (${before} becomes ${after ?? 'none'}) after the runoff started` };
  }
  return null;
}

/**
 * Checks a bulletin against the election's latest state and, when it passes, applies it: the next
 * state and the delta to publish. Pure: the server commits the result, the console previews it.
 */
export function evaluateBulletin(stored: StoredElection, bulletin: Bulletin, at: Date): Evaluation {
  const check = checkBulletin(stored, bulletin, at);
  if (check.problems.length > 0) return { ok: false, ...check };

  const previous = findRound(stored.state, bulletin.round);
  const round = bulletin.reportingUnit === undefined ? mergeRound(previous, bulletin) : mergeUnitRound(stored.definition, previous, bulletin);
  const atIso = at.toISOString();
  const state: ElectionState = {
    ...stored.state,
    version: stored.state.version + 1,
    updatedAt: atIso,
    rounds: withRound(stored.state, round),
  };
  const runoffProblem = checkRunoffKept(stored, bulletin, state);
  if (runoffProblem) return { ok: false, problems: [runoffProblem], warnings: check.warnings };

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
  if (next.final && next.projection.status === 'final' && !next.projection.winner && !next.projection.runoff) {
    warnings.push('the final count names no winner: nothing counted, or the top candidates are tied');
  }
  return { ok: true, state, delta, warnings };
}

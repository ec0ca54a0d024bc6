import { ErrorCode } from '../codes/error-codes.ts';
import type { Bulletin } from '../schemas/bulletin.schema.ts';
import { findRound, withRound, type StoredElection } from './election-state.ts';
import { roundAfter } from './merge-round.ts';
import type { BulletinProblem } from './problems.ts';
import { roundTwoOf, ruleKind } from './rules/index.ts';

/**
 * Which round a bulletin may go to. Round 2 opens once round 1 is final and leaves a seat open (a
 * majority without anyone above the threshold, a quota short of the seats); other kinds have one round.
 */
export function checkRoundOpen(stored: StoredElection, bulletin: Bulletin): BulletinProblem | null {
  if (bulletin.round === 1) return null;
  const { definition, state } = stored;
  if (!roundTwoOf(definition, state)) return { code: ErrorCode.RoundNotOpen, path: 'round', message: ruleKind(definition.rule).noRoundTwo };
  return null;
}

/**
 * Round 1 closes once its runoff has started. Only a correction may still change it, and only one that
 * keeps round 2's field: otherwise round 2 would have been fought by the wrong candidates.
 */
export function checkRoundClosed(stored: StoredElection, bulletin: Bulletin): BulletinProblem | null {
  const { definition, state } = stored;
  if (bulletin.round !== 1 || !findRound(state, 2)) return null;
  if (!bulletin.correction) {
    return { code: ErrorCode.RoundClosed, path: 'round', message: 'round 1 is closed: its runoff has started; send a final correction if its figures were wrong' };
  }
  const next = roundAfter(definition, findRound(state, 1), bulletin);
  const before = roundTwoOf(definition, state)?.field.join(' vs ');
  const after = roundTwoOf(definition, { ...state, rounds: withRound(state, next) })?.field.join(' vs ');
  if (before === after) return null;
  return { code: ErrorCode.RoundClosed, path: 'votes', message: `this correction would change round 2's field (${before} becomes ${after ?? 'none'}) after the runoff started` };
}

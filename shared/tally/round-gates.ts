import { ErrorCode } from '../codes/error-codes.ts';
import type { Bulletin } from '../schemas/bulletin.schema.ts';
import { findRound, withRound, type StoredElection } from './election-state.ts';
import { roundAfter } from './merge-round.ts';
import type { BulletinProblem } from './problems.ts';
import { runoffPair } from './round-results.ts';

/**
 * Which round a bulletin may go to, under the two-round (majority) rule. Round 2 opens once round 1 is
 * final without anyone above the threshold; a plurality election has one round.
 */
export function checkRoundOpen(stored: StoredElection, bulletin: Bulletin): BulletinProblem | null {
  if (bulletin.round === 1) return null;
  const { definition, state } = stored;
  if (definition.rule.kind !== 'majority') {
    return { code: ErrorCode.RoundNotOpen, path: 'round', message: 'this election has a single round (plurality rule)' };
  }
  if (!runoffPair(definition, state)) {
    return { code: ErrorCode.RoundNotOpen, path: 'round', message: 'round 2 (the runoff) opens once round 1 is final without a candidate above the threshold' };
  }
  return null;
}

/**
 * Round 1 closes once its runoff has started. Only a correction may still change it, and only one that
 * keeps the runoff pair: otherwise round 2 would have been fought by the wrong candidates.
 */
export function checkRoundClosed(stored: StoredElection, bulletin: Bulletin): BulletinProblem | null {
  const { definition, state } = stored;
  if (bulletin.round !== 1 || !findRound(state, 2)) return null;
  if (!bulletin.correction) {
    return { code: ErrorCode.RoundClosed, path: 'round', message: 'round 1 is closed: its runoff has started; send a final correction if its figures were wrong' };
  }
  const next = roundAfter(definition, findRound(state, 1), bulletin);
  const before = runoffPair(definition, state)?.join(' vs ');
  const after = runoffPair(definition, { ...state, rounds: withRound(state, next) })?.join(' vs ');
  if (before === after) return null;
  return { code: ErrorCode.RoundClosed, path: 'votes', message: `this correction would change the runoff pair (${before} becomes ${after ?? 'none'}) after the runoff started` };
}

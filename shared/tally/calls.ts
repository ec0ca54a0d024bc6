import { ErrorCode } from '../codes/error-codes.ts';
import { ProjectionStatus } from '../codes/projection-status.ts';
import type { Call, CallRecord, CallRequest, RoundDesk } from '../schemas/call.schema.ts';
import type { Delta, Projection } from '../schemas/snapshot.schema.ts';
import { diffRound } from './delta.ts';
import { deskOf, withDesk, withDeskCall } from './desk-overlay.ts';
import { findRound, type ElectionState, type StoredElection } from './election-state.ts';
import { roundCandidates, seatsInRound } from './rules/index.ts';
import { nextSeatCall, seatCallNotAllowed, seatCallRuledOut } from './seat-calls.ts';
import { buildRoundSnapshot } from './snapshot.ts';

/** Why a call is refused: a code from the shared list and the field at fault. */
export interface CallProblem {
  code: ErrorCode;
  path: string;
  message: string;
}

export type CallEvaluation =
  | { ok: false; problems: CallProblem[] }
  /** The same call already stands (or the count is already certified): nothing to store. */
  | { ok: true; unchanged: true }
  | { ok: true; unchanged: false; state: ElectionState; record: CallRecord; delta: Delta };

const refuse = (code: ErrorCode, path: string, message: string): CallEvaluation => ({ ok: false, problems: [{ code, path, message }] });
const emptyDesk = (round: number): RoundDesk => ({ round, call: null, certified: null, retracted: null });
const samePair = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((id) => b.includes(id));

/** A candidate the round cannot have: unknown to the election, or not in the runoff. */
function candidateProblem(stored: StoredElection, round: number, id: string, path: string): CallEvaluation | null {
  if (!stored.definition.candidates.some((c) => c.id === id)) return refuse(ErrorCode.UnknownCandidate, path, `"${id}" is not a candidate of this election`);
  if (!roundCandidates(stored.definition, stored.state, round).some((c) => c.id === id)) return refuse(ErrorCode.NotInRunoff, path, `"${id}" is not in the runoff`);
  return null;
}

/** What the arithmetic already rules out for a call, in words; null when the call is possible. */
export function ruledOut(model: Projection, call: Pick<Call, 'action'> & { winner?: string; runoff?: readonly string[] }): string | null {
  const known = model.status === ProjectionStatus.Decided || model.status === ProjectionStatus.Final;
  if (call.action === 'winner') {
    if (known && model.winner && model.winner !== call.winner) return `the count has decided: ${model.winner} wins`;
    if (model.status === ProjectionStatus.RunoffDecided || (model.status === ProjectionStatus.Final && model.runoff)) return 'the count rules out an outright winner: there will be a runoff';
  }
  if (call.action === 'runoff') {
    if (known && model.winner) return `the count has decided: ${model.winner} wins outright`;
    if (model.runoff && !samePair(model.runoff, call.runoff ?? [])) return `the count fixes the runoff pair: ${model.runoff.join(' and ')}`;
  }
  return null;
}

function standingText(desk: RoundDesk): string {
  const c = desk.call!;
  const what = c.runoff ? `a runoff between ${c.runoff.join(' and ')}` : c.winner ? `${c.winner} as winner` : c.outcome ? `the outcome (${c.outcome})` : 'seats';
  return `${what} was called by ${c.by} at ${c.at}`;
}

/** The round's desk after `call`, or why not; `null` when the call changes nothing. */
function nextDesk(stored: StoredElection, call: Call, desk: RoundDesk, act: RoundDesk['certified'] & object, model: Projection, final: boolean): RoundDesk | CallEvaluation | null {
  const { round } = call;
  if (call.action === 'retract') {
    if (!desk.call && !desk.certified) return refuse(ErrorCode.CallConflict, 'action', `nothing to retract: no call stands in round ${round}`);
    return { round, call: null, certified: null, retracted: { ...act, modelStatus: model.status } };
  }
  if (call.action === 'certify') {
    if (!final) return refuse(ErrorCode.CallConflict, 'action', `round ${round} is not final: certify after its final bulletin`);
    if (desk.certified) return null;
    const seats = seatsInRound(stored.definition, stored.state, round);
    const against = desk.call && (ruledOut(model, { action: desk.call.runoff ? 'runoff' : 'winner', ...desk.call }) ?? seatCallRuledOut(model, desk.call, seats));
    if (against) return refuse(ErrorCode.CallConflict, 'action', `the standing call disagrees with the final count (${against}): retract it first`);
    return { ...desk, certified: act, retracted: null };
  }
  const notAllowed = seatCallNotAllowed(stored, call);
  if (notAllowed) return { ok: false, problems: [notAllowed] };
  if (call.action === 'runoff' && (stored.definition.rule.kind !== 'majority' || round !== 1)) {
    return refuse(ErrorCode.CallNotAllowed, 'runoff', stored.definition.rule.kind === 'majority' ? 'a runoff is called in round 1' : 'this election has no runoff pair to call');
  }
  if (call.action === 'elected' || call.action === 'seats' || call.action === 'outcome') {
    if (desk.certified) return refuse(ErrorCode.CallConflict, 'action', `round ${round} is certified (by ${desk.certified.by}): retract first`);
    const next = nextSeatCall(stored, call, desk.call, model);
    if (next === null) return null;
    if ('code' in next) return { ok: false, problems: [next] };
    return { round, call: { ...desk.call, ...act, ...next.call }, certified: null, retracted: null };
  }
  if (call.action !== 'winner' && call.action !== 'runoff') return null;
  const ids = call.action === 'winner' ? [[call.winner, 'winner'] as const] : call.runoff.map((id, i) => [id, `runoff.${i}`] as const);
  for (const [id, path] of ids) {
    const problem = candidateProblem(stored, round, id, path);
    if (problem) return problem;
  }
  if (desk.certified) return refuse(ErrorCode.CallConflict, 'action', `round ${round} is certified (by ${desk.certified.by}): retract first`);
  if (desk.call) {
    const same = call.action === 'winner' ? desk.call.winner === call.winner : samePair(desk.call.runoff ?? [], call.runoff);
    if (same) return null;
    return refuse(ErrorCode.CallConflict, 'action', `${standingText(desk)}: retract it first`);
  }
  const against = ruledOut(model, call);
  if (against) return refuse(ErrorCode.CallConflict, call.action, `${against}; the call is refused`);
  const outcome = call.action === 'winner' ? { winner: call.winner } : { runoff: call.runoff };
  return { round, call: { ...act, ...outcome }, certified: null, retracted: null };
}

/**
 * Checks a desk call against the election's latest state and, when it fits, applies it: the next state
 * (version + 1, the round's desk updated), the history record and the delta to publish. Pure, like
 * `evaluateBulletin`. The delta carries the round's figures unchanged; only its projection moves.
 */
export function evaluateCall(stored: StoredElection, request: CallRequest, by: string, at: Date): CallEvaluation {
  const round = request.round ?? stored.state.rounds.at(-1)?.round;
  const roundState = round === undefined ? undefined : findRound(stored.state, round);
  if (round === undefined || !roundState) {
    return refuse(ErrorCode.CallConflict, 'round', round === undefined ? 'nothing is counted yet: post a bulletin first' : `round ${round} has no results yet`);
  }
  const call = { ...request, round } as Call;
  const version = stored.state.version + 1;
  const atIso = at.toISOString();
  const act = { by, at: atIso, version, ...(call.note !== undefined ? { note: call.note } : {}) };
  const model = buildRoundSnapshot(stored, roundState);
  const desk = deskOf(stored.state, round);
  const next = nextDesk(stored, call, desk ?? emptyDesk(round), act, model.projection, roundState.final);
  if (next === null) return { ok: true, unchanged: true };
  if ('ok' in next) return next;

  const state: ElectionState = { ...stored.state, version, updatedAt: atIso, desk: withDesk(stored.state, next) };
  const record: CallRecord = { version, receivedAt: atIso, by, call };
  const delta = diffRound(withDeskCall(model, desk), withDeskCall(model, next), {
    electionId: stored.electionId,
    epoch: state.epoch,
    version,
    prevVersion: stored.state.version,
    at: atIso,
    correction: false,
  });
  return { ok: true, unchanged: false, state, record, delta: { ...delta, call: record } };
}

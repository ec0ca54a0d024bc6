import { ErrorCode } from '../codes/error-codes.ts';
import { ProjectionStatus } from '../codes/projection-status.ts';
import type { Call, RoundDesk } from '../schemas/call.schema.ts';
import type { Projection } from '../schemas/snapshot.schema.ts';
import type { StoredElection } from './election-state.ts';
import type { BulletinProblem as CallProblem } from './problems.ts';
import { roundCandidates, seatsInRound } from './rules/index.ts';

/** The desk calls of contests beyond one seat: a seat's winner, a list's seats, a referendum's outcome. */
export type SeatCall = Extract<Call, { action: 'elected' | 'seats' | 'outcome' }>;
type StandingCall = NonNullable<RoundDesk['call']>;

const problem = (code: ErrorCode, path: string, message: string): CallProblem => ({ code, path, message });

/** Which call the rule takes, or why not: `elected` for several seats, `seats` for lists, `outcome` for referendums. */
export function seatCallNotAllowed(stored: StoredElection, call: Call): CallProblem | null {
  const { rule } = stored.definition;
  const seats = seatsInRound(stored.definition, stored.state, call.round);
  const several = rule.kind === 'list' || rule.kind === 'referendum' || seats > 1;
  const wanted = rule.kind === 'list' ? 'seats' : rule.kind === 'referendum' ? 'outcome' : seats > 1 ? 'elected' : null;
  if (call.action === 'winner' && several) return problem(ErrorCode.CallNotAllowed, 'action', `this contest is not won by one candidate: call it with action "${wanted}"`);
  if ((call.action === 'elected' || call.action === 'seats' || call.action === 'outcome') && call.action !== wanted) {
    return problem(ErrorCode.CallNotAllowed, 'action', wanted ? `this contest takes action "${wanted}"` : 'a single-seat contest is called with action "winner"');
  }
  return null;
}

/** What the arithmetic already rules out for a seat call, in words; null when it is possible. */
export function seatCallRuledOut(model: Projection, call: Pick<StandingCall, 'elected' | 'seats' | 'outcome'>, seats: number): string | null {
  const known = model.status === ProjectionStatus.Final || model.status === ProjectionStatus.Decided;
  for (const id of call.elected ?? []) {
    const decided = model.winners ?? [];
    if (decided.includes(id)) continue;
    if (model.status === ProjectionStatus.Final && !model.tied?.includes(id)) return `the count has decided: ${id} is not elected`;
    if (decided.length + (call.elected ?? []).filter((c) => !decided.includes(c)).length > seats) return `the count has decided ${decided.length} of ${seats} seats: ${id} cannot also be elected`;
  }
  for (const [list, n] of Object.entries(call.seats ?? {})) {
    const range = model.seatRanges?.[list];
    if (range && (n < range.low || n > range.high)) return `the count gives ${list} between ${range.low} and ${range.high} seats`;
    if (model.status === ProjectionStatus.Final && !model.tied?.includes(list) && model.seats?.[list] !== n) return `the count has decided: ${list} has ${model.seats?.[list] ?? 0} seats`;
  }
  if (call.outcome && known && model.outcome && model.outcome !== call.outcome) return `the count has decided: the question is ${model.outcome}`;
  return null;
}

/**
 * The standing call after a seat call, or why not; `null` when it changes nothing. Calls add up within
 * a round: each `elected` adds a seat's winner, each `seats` a list's count; a different count for a
 * list already called, or a different outcome, must be retracted first.
 */
export function nextSeatCall(stored: StoredElection, call: SeatCall, standing: StandingCall | null, model: Projection): { call: Partial<StandingCall> } | CallProblem | null {
  const seats = seatsInRound(stored.definition, stored.state, call.round);
  if (call.action === 'elected') {
    const standingIds = roundCandidates(stored.definition, stored.state, call.round).map((c) => c.id);
    if (!stored.definition.candidates.some((c) => c.id === call.elected)) return problem(ErrorCode.UnknownCandidate, 'elected', `"${call.elected}" is not a candidate of this election`);
    if (!standingIds.includes(call.elected)) return problem(ErrorCode.NotInRunoff, 'elected', `"${call.elected}" is not in round ${call.round}`);
    if (standing?.elected?.includes(call.elected)) return null;
    const elected = [...(standing?.elected ?? []), call.elected];
    if (elected.length > seats) return problem(ErrorCode.CallConflict, 'elected', `round ${call.round} has ${seats} seats, all called: retract to call again`);
    const against = seatCallRuledOut(model, { elected }, seats);
    return against ? problem(ErrorCode.CallConflict, 'elected', `${against}; the call is refused`) : { call: { elected } };
  }
  if (call.action === 'seats') {
    if (!stored.definition.candidates.some((c) => c.id === call.list)) return problem(ErrorCode.UnknownCandidate, 'list', `"${call.list}" is not a list of this election`);
    const before = standing?.seats?.[call.list];
    if (before === call.seats) return null;
    if (before !== undefined) return problem(ErrorCode.CallConflict, 'seats', `${call.list} was called at ${before} seats: retract it first`);
    const called = { ...standing?.seats, [call.list]: call.seats };
    if (Object.values(called).reduce((a, b) => a + b, 0) > seats) return problem(ErrorCode.CallConflict, 'seats', `the calls would give more than the ${seats} seats`);
    const against = seatCallRuledOut(model, { seats: { [call.list]: call.seats } }, seats);
    return against ? problem(ErrorCode.CallConflict, 'seats', `${against}; the call is refused`) : { call: { seats: called } };
  }
  if (standing?.outcome === call.outcome) return null;
  if (standing?.outcome) return problem(ErrorCode.CallConflict, 'outcome', `the question was called ${standing.outcome}: retract it first`);
  const against = seatCallRuledOut(model, { outcome: call.outcome }, seats);
  return against ? problem(ErrorCode.CallConflict, 'outcome', `${against}; the call is refused`) : { call: { outcome: call.outcome } };
}

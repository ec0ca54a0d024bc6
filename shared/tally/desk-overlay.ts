import { ProjectionStatus } from '../codes/projection-status.ts';
import type { RoundDesk } from '../schemas/call.schema.ts';
import type { Projection, RoundSnapshot } from '../schemas/snapshot.schema.ts';
import type { ElectionState } from './election-state.ts';

/** What the desk has said about `round`, if anything. */
export function deskOf(state: Pick<ElectionState, 'desk'>, round: number): RoundDesk | undefined {
  return state.desk?.find((d) => d.round === round);
}

/** `state.desk` with `next` replacing its round (or added in order). */
export function withDesk(state: Pick<ElectionState, 'desk'>, next: RoundDesk): RoundDesk[] {
  return [...(state.desk ?? []).filter((d) => d.round !== next.round), next].sort((a, b) => a.round - b.round);
}

function actor(act: { by: string; at: string; note?: string | undefined }): Pick<Projection, 'calledBy' | 'calledAt' | 'note'> {
  return { calledBy: act.by, calledAt: act.at, ...(act.note !== undefined ? { note: act.note } : {}) };
}

/** Whether someone has more votes than `winner` in the round's count. */
function trails(round: RoundSnapshot, winner: string): boolean {
  const votes = round.candidates.find((c) => c.id === winner)?.votes ?? 0;
  return round.candidates.some((c) => c.votes > votes);
}

/**
 * The projection the pages show: the model's, with the desk's word on top. Precedence: a certification
 * (while the count is final), then a standing call, then a fresh retraction (`uncalled`, while the model
 * still says what it said when the call was retracted), then the model alone. The desk replaces the
 * status and, for a call, the winner or runoff pair; every figure of the model (`remaining`, and
 * anything else it adds) is kept as it is, and its own status stays readable in `modelStatus`.
 */
export function deskProjection(round: RoundSnapshot, desk: RoundDesk | undefined): Projection {
  const model = round.projection;
  if (!desk) return model;
  if (desk.certified && round.final) return { ...model, status: ProjectionStatus.Certified, modelStatus: model.status, ...actor(desk.certified) };
  if (desk.call?.elected || desk.call?.seats || desk.call?.outcome) return { ...model, ...seatCallOverlay(model, desk.call), status: ProjectionStatus.Called, modelStatus: model.status, ...actor(desk.call) };
  if (desk.call) {
    const { winner: _w, runoff: _r, ...figures } = model;
    const called: Projection = { ...figures, status: ProjectionStatus.Called, modelStatus: model.status, ...actor(desk.call) };
    if (desk.call.runoff) return { ...called, runoff: desk.call.runoff };
    if (desk.call.winner === undefined) return called;
    return { ...called, winner: desk.call.winner, ...(trails(round, desk.call.winner) ? { winnerNotLeading: true as const } : {}) };
  }
  if (desk.retracted && desk.retracted.modelStatus === model.status) {
    return { ...model, status: ProjectionStatus.Uncalled, modelStatus: model.status, ...actor(desk.retracted) };
  }
  return model;
}

/**
 * A seat call over the model: the called winners join those the count already elected (in that
 * order), called seat counts replace the counted ones for their lists, a called outcome the model's.
 */
function seatCallOverlay(model: Projection, call: NonNullable<RoundDesk['call']>): Partial<Projection> {
  const out: Partial<Projection> = {};
  if (call.elected) out.winners = [...(model.winners ?? []), ...call.elected.filter((id) => !model.winners?.includes(id))];
  if (call.seats) out.seats = { ...model.seats, ...call.seats };
  if (call.outcome) out.outcome = call.outcome;
  return out;
}

/** A round snapshot with the desk's word applied to its projection (figures untouched). */
export function withDeskCall(round: RoundSnapshot, desk: RoundDesk | undefined): RoundSnapshot {
  return desk ? { ...round, projection: deskProjection(round, desk) } : round;
}

/**
 * The desk state after a bulletin of `round` whose model status is `modelStatus`: a retraction stops
 * being shown (`uncalled`) once the model says something new, and stays forgotten even if the model
 * later comes back to its old status. Returns `state.desk` itself when nothing changes.
 */
export function deskAfterBulletin(state: Pick<ElectionState, 'desk'>, round: number, modelStatus: Projection['status']): RoundDesk[] | undefined {
  const desk = deskOf(state, round);
  if (!desk?.retracted || desk.retracted.modelStatus === modelStatus) return state.desk;
  return withDesk(state, { ...desk, retracted: null });
}

/**
 * The desk state a snapshot shows, so that a page (the console's preview) can evaluate a bulletin over
 * the same calls as the server. A snapshot does not say at which version each act was taken, nor the
 * call under a certification; neither changes what the pages show.
 */
export function deskFromRounds(rounds: readonly RoundSnapshot[], version: number): RoundDesk[] | undefined {
  const desk = rounds.flatMap((r): RoundDesk[] => {
    const p = r.projection;
    if (!p.calledBy || !p.calledAt || !p.modelStatus) return [];
    const act = { by: p.calledBy, at: p.calledAt, version: Math.max(1, version), ...(p.note !== undefined ? { note: p.note } : {}) };
    const none = { round: r.round, call: null, certified: null, retracted: null };
    if (p.status === ProjectionStatus.Certified) return [{ ...none, certified: act }];
    if (p.status === ProjectionStatus.Uncalled) return [{ ...none, retracted: { ...act, modelStatus: p.modelStatus } }];
    if (p.status !== ProjectionStatus.Called) return [];
    // A seat call shows as the winners, seats or outcome it left: called again over the model, they show the same.
    const seats = { ...(p.winners ? { elected: p.winners } : {}), ...(p.seats ? { seats: p.seats } : {}), ...(p.outcome ? { outcome: p.outcome } : {}) };
    return [{ ...none, call: { ...act, ...(p.runoff ? { runoff: p.runoff } : {}), ...(p.winner !== undefined ? { winner: p.winner } : {}), ...seats } }];
  });
  return desk.length > 0 ? desk : undefined;
}

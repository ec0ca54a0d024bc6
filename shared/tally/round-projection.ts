import { ProjectionStatus } from '../codes/projection-status.ts';
import type { ElectionDefinition } from '../schemas/election.schema.ts';
import type { Estimate } from '../schemas/model.schema.ts';
import type { Projection } from '../schemas/snapshot.schema.ts';
import { modelStatus } from '../model/model-status.ts';
import { toplineEstimates } from '../model/topline.ts';
import { RANGE_LEVEL, unitModelApplies, unitSwingModel } from '../model/unit-swing.ts';
import type { ElectionState, RoundState } from './election-state.ts';
import { hurdles, leaderNeeds, remainingBasis } from './hurdle.ts';
import { basisAtMost, expectedBallots, maxVotesToCome, remainingBallots, type ProjectionInput } from './projection.ts';
import { roundCandidates, ruleKind, seatsInRound } from './rules/index.ts';
import { isUnitRound } from './units.ts';

/** Statuses the model may refine; arithmetic outcomes (decided, runoff-decided, final) it never overrides. */
const OPEN = new Set<ProjectionStatus>([ProjectionStatus.Leading, ProjectionStatus.TooClose]);

/**
 * The model's shares (of the candidates' projected total) as shares of the rule's basis: under a
 * `cast` rule, scaled by the valid share of the ballots counted so far (`ratio`, 1 under `valid`),
 * rounded outward like every range. The invalid share of the ballots still to count is assumed to be
 * that of the ballots counted.
 */
function ofBasis(estimates: Estimate[], ratio: number): Estimate[] {
  if (ratio === 1) return estimates;
  const at = (x: number, round: (v: number) => number) => round(x * ratio * 1000) / 1000;
  return estimates.map((e) => ({ ...e, share: at(e.share, Math.round), low: at(e.low, Math.floor), high: at(e.high, Math.ceil) }));
}

/** Hurdles and what remains, while counting with a bound on the expected total. */
function arithmeticFields(input: ProjectionInput, threshold: number | null, byUnits: boolean): Partial<Projection> {
  const out: Partial<Projection> = {};
  const basis = remainingBasis(input.ballotsCast, input.eligibleVoters, byUnits);
  if (basis) out.remainingBasis = basis;
  const expected = expectedBallots(input);
  const maxVotes = maxVotesToCome(input);
  if (expected === null || maxVotes === null || input.tally.valid === 0) return out;
  const point = Math.max(0, expected - input.ballotsCounted);
  out.hurdles = hurdles(input.tally, { point, maxVotes });
  const needs = threshold === null ? null : leaderNeeds(input.tally, point, threshold);
  if (needs !== null) out.leaderNeeds = needs;
  return out;
}

/**
 * The published projection of a round: the arithmetic one (`projectRound`, with its settled memory)
 * plus hurdles, the remaining basis and the model's estimates; the model may only turn an open race
 * (`leading`, `too-close`) into `projected`, `runoff-likely` or, with too few units, `too-early`.
 * A final round keeps the arithmetic's answer alone.
 */
export function modelProjection(definition: ElectionDefinition, state: ElectionState, round: RoundState, input: ProjectionInput, base: Projection): Projection {
  if (base.status === ProjectionStatus.Final || input.tally.valid === 0) return base;
  const threshold = input.rule.kind === 'majority' && input.round === 1 ? input.rule.threshold : null;
  const out: Projection = { ...base, ...arithmeticFields(input, threshold, isUnitRound(round)) };
  const open = OPEN.has(base.status);
  if (round.units && unitModelApplies(definition.units)) {
    const candidates = roundCandidates(definition, state, round.round);
    const result = unitSwingModel(candidates, definition.units, round.units);
    out.unitsReporting = result.reporting;
    out.unitsTotal = result.total;
    if (result.partial > 0) out.unitsPartial = result.partial;
    if (result.kind === 'too-early') return open ? { ...out, status: ProjectionStatus.TooEarly } : out;
    const ratio = input.tally.valid / input.tally.total;
    Object.assign(out, { estimates: ofBasis(result.estimates, ratio), method: 'unit-swing', level: RANGE_LEVEL * 100 });
    if (result.covariates.length > 0) out.covariates = result.covariates;
    // Statuses rest on wider ranges than the published ones: a wrong projected winner is worse than a late one.
    const refined = open ? modelStatus(ofBasis(result.callEstimates, ratio), threshold) : null;
    return refined ? { ...out, ...refined } : out;
  }
  const maxVotes = maxVotesToCome(input);
  const expected = expectedBallots(input);
  if (maxVotes === null || expected === null) return out;
  // Topline: a bound, not a probability, so it never changes the status on its own.
  const estimates = toplineEstimates(input.tally, input.ballotsCounted, Math.max(0, expected - input.ballotsCounted), maxVotes);
  return { ...out, estimates, method: 'topline-split' };
}

/**
 * The published projection of a round, whatever the rule: its kind's arithmetic (`shared/tally/rules/`),
 * then, for a single seat won by majority or plurality, the hurdles and the model (`modelProjection`).
 * Other kinds publish their arithmetic with what remains to count: the model projects one winner only.
 */
export function ruleProjection(definition: ElectionDefinition, state: ElectionState, round: RoundState, input: ProjectionInput): Projection {
  const seats = seatsInRound(definition, state, round.round);
  const { rule } = definition;
  const toCome = maxVotesToCome(input);
  const most = toCome === null ? null : basisAtMost(input, toCome);
  const base = ruleKind(rule).project(rule, { seats, toCome, basisAtMost: most, input, tally: input.tally, final: input.final });
  const single = (rule.kind === 'majority' || rule.kind === 'plurality') && seats === 1;
  if (single) return modelProjection(definition, state, round, input, base);
  if (input.final) return base;
  const remaining = remainingBallots(input);
  const basis = remainingBasis(input.ballotsCast, input.eligibleVoters, isUnitRound(round));
  return { ...base, ...(remaining === null ? {} : { remaining }), ...(basis ? { remainingBasis: basis } : {}) };
}

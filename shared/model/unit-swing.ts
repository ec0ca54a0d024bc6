import type { Candidate } from '../schemas/election.schema.ts';
import type { Estimate } from '../schemas/model.schema.ts';
import type { UnitDefinition, UnitFigures } from '../schemas/units.schema.ts';
import { toEstimates, type RawEstimate } from './estimate.ts';
import { median } from './stats.ts';
import { countedVotes, isComplete, unitFrame, type UnitFrame } from './unit-data.ts';
import { crossFitResiduals, designRow, fitTarget, predict, trainingSet, type TargetFit, type TrainingSet } from './unit-fit.ts';
import { aggregateHalfWidth, imbalance, shiftScale, type PendingUnit } from './unit-ranges.ts';
import { errorScale, unitScale, type ErrorScale } from './unit-scale.ts';

export { isComplete } from './unit-data.ts';

/** Below this many complete units the model says `too-early` instead of a number. */
export const MIN_REPORTING_UNITS = 10;

/** The ranges' coverage: 90 %. */
export const RANGE_LEVEL = 0.9;

/**
 * `projected` needs the leader's range at this many times the 90 % half-width to clear every other
 * candidate's: about 99.9 % one-sided for a normal error, so that a wrong projected winner stays
 * much rarer than a late one (docs/projection.md, "Statuses").
 */
export const CALL_WIDTH = 2;

export type UnitModelResult =
  | { kind: 'too-early'; reporting: number; partial: number; total: number }
  | {
      kind: 'estimates';
      /** 90 % ranges, as published. */
      estimates: Estimate[];
      /** The same points with ranges at `CALL_WIDTH` times the half-width: what statuses are decided on. */
      callEstimates: Estimate[];
      reporting: number;
      partial: number;
      total: number;
      /** The features the fit used (empty: median swing only, below the covariate minimum or without features). */
      covariates: string[];
    };

/** Whether the unit-swing model applies: enough units, each with a baseline. */
export function unitModelApplies(units: readonly UnitDefinition[] | undefined): units is UnitDefinition[] {
  return units !== undefined && units.length >= MIN_REPORTING_UNITS && units.every((u) => u.baseline !== undefined);
}

/** The complete units the model can learn from: counted votes and a baseline with votes. */
function completeRows(candidates: readonly Candidate[], frame: UnitFrame, figures: Readonly<Record<string, UnitFigures>>): { rows: Int32Array; reporting: number } {
  const rows: number[] = [];
  let reporting = 0;
  frame.units.forEach((u, i) => {
    const f = figures[u.id];
    if (!isComplete(f)) return;
    reporting += 1;
    if (frame.baseTotals[i]! > 0 && countedVotes(candidates, f).total > 0) rows.push(i);
  });
  return { rows: Int32Array.from(rows), reporting };
}

/** (π/2) Σ w² σ² / (Σ w)²: the variance of a weighted median of errors of scale σ_r = q · scale_r / z. */
function fitVariance(scale: ErrorScale, sizes: Float64Array, weights: Float64Array): number {
  let sw = 0;
  let s2 = 0;
  for (let r = 0; r < sizes.length; r++) {
    sw += weights[r]!;
    s2 += (weights[r]! * unitScale(scale, sizes[r]!)) ** 2;
  }
  return sw > 0 ? ((Math.PI / 2) * (scale.q / 1.6449) ** 2 * s2) / (sw * sw) : 0;
}

interface Fitted {
  set: TrainingSet;
  swing: TargetFit[];
  turnout: TargetFit;
  /** Error scales from the out-of-fold residuals: each candidate's swing, and the log turnout ratio. */
  share: ErrorScale[];
  size: ErrorScale;
  /** Each candidate's out-of-fold swing residuals, by training row. */
  residuals: Float64Array[];
  /** The variance of each candidate's fitted swing (a weighted median's: π/2 that of a weighted mean). */
  fitVariance: number[];
  votesPerBallot: number;
}

/** Fits every candidate's swing and the turnout ratio, and their conformal quantiles. */
function fitAll(candidates: readonly Candidate[], frame: UnitFrame, complete: Int32Array, figures: Readonly<Record<string, UnitFigures>>): Fitted {
  const set = trainingSet(frame, complete);
  const rows = set.rows;
  const n = rows.length;
  const k = candidates.length;
  const swings = Array.from({ length: k }, () => new Float64Array(n));
  const turnout = new Float64Array(n);
  const perBallot: number[] = [];
  rows.forEach((u, r) => {
    const f = figures[frame.units[u]!.id]!;
    const counted = countedVotes(candidates, f);
    for (let c = 0; c < k; c++) swings[c]![r] = counted.votes[c]! / counted.total - frame.baseShares[u * k + c]!;
    turnout[r] = Math.log(counted.total / frame.baseTotals[u]!);
    if (f.ballotsCounted > 0) perBallot.push(counted.total / f.ballotsCounted);
  });
  const sizes = Float64Array.from(rows, (u) => frame.baseTotals[u]!);
  const scale = (r: Float64Array) => errorScale(r, sizes, set.weights, RANGE_LEVEL, frame.meanSize);
  const vpb = median(perBallot);
  const swing = swings.map((y) => fitTarget(frame, set, y, set.weights));
  const turnoutFit = fitTarget(frame, set, turnout, set.weights);
  const residuals = swings.map((y) => crossFitResiduals(frame, set, y));
  const share = residuals.map(scale);
  return {
    set,
    swing,
    turnout: turnoutFit,
    share,
    size: scale(crossFitResiduals(frame, set, turnout)),
    residuals,
    fitVariance: share.map((s) => fitVariance(s, sizes, set.weights)),
    votesPerBallot: Number.isFinite(vpb) ? vpb : 1,
  };
}

/**
 * One incomplete unit: its predicted final size and how its remaining votes split. The split is the
 * baseline moved by the fitted swing; a partly counted unit's own count pulls it in proportion to the
 * share of the unit counted (at 30 % counted, 30 % of the way to what it shows so far).
 */
function pendingUnit(candidates: readonly Candidate[], frame: UnitFrame, fitted: Fitted, unit: number, f: UnitFigures | undefined): PendingUnit {
  const k = candidates.length;
  const row = designRow(frame, unit, fitted.set.design.p);
  const counted = countedVotes(candidates, f);
  const expected = f?.ballotsCast ?? frame.units[unit]!.expectedBallots;
  let size: number;
  let sizeKnown = false;
  if (expected !== undefined) size = expected * fitted.votesPerBallot;
  else if (f?.percentExpected !== undefined && f.percentExpected > 0) {
    size = counted.total / (f.percentExpected / 100);
    sizeKnown = true;
  } else size = frame.baseTotals[unit]! * Math.exp(predict(fitted.turnout, frame, unit, row));
  size = Math.max(size, counted.total);
  const pull = size > 0 ? counted.total / size : 0;
  const split = new Float64Array(k);
  let sum = 0;
  for (let c = 0; c < k; c++) {
    const predicted = Math.min(1, Math.max(0, frame.baseShares[unit * k + c]! + predict(fitted.swing[c]!, frame, unit, row)));
    const seen = counted.total > 0 ? counted.votes[c]! / counted.total : predicted;
    sum += split[c] = predicted + pull * (seen - predicted);
  }
  for (let c = 0; c < k; c++) split[c] = sum > 0 ? split[c]! / sum : 1 / k;
  return { baseSize: frame.baseTotals[unit]!, size, remaining: size - counted.total, split, sizeKnown };
}

/**
 * The unit model: each incomplete unit's remaining votes split like its baseline moved by the swing
 * that a weighted median regression on the complete units' covariates (and regions) predicts for it;
 * its size from its expectation, its percent counted, or its baseline times the predicted turnout.
 * Ranges aggregate split-conformal unit errors with a measured correlation (`unit-ranges.ts`).
 * Counted votes are kept as they are, so no projection falls below the count.
 */
export function unitSwingModel(candidates: readonly Candidate[], units: readonly UnitDefinition[], figures: Readonly<Record<string, UnitFigures>>): UnitModelResult {
  const frame = unitFrame(candidates, units);
  const { rows, reporting } = completeRows(candidates, frame, figures);
  const partial = units.reduce((s, u) => s + (figures[u.id] !== undefined && !isComplete(figures[u.id]) ? 1 : 0), 0);
  if (reporting < MIN_REPORTING_UNITS || rows.length < MIN_REPORTING_UNITS) return { kind: 'too-early', reporting, partial, total: units.length };
  const fitted = fitAll(candidates, frame, rows, figures);
  const k = candidates.length;
  const votes = new Float64Array(k);
  const open: PendingUnit[] = [];
  const countedBy = new Float64Array(units.length);
  const remainingBy = new Float64Array(units.length);
  units.forEach((u, i) => {
    const f = figures[u.id];
    const counted = countedVotes(candidates, f);
    countedBy[i] = counted.total;
    for (let c = 0; c < k; c++) votes[c]! += counted.votes[c]!;
    if (isComplete(f)) return;
    const pending = pendingUnit(candidates, frame, fitted, i, f);
    remainingBy[i] = pending.remaining;
    for (let c = 0; c < k; c++) votes[c]! += pending.remaining * pending.split[c]!;
    open.push(pending);
  });
  const total = votes.reduce((a, b) => a + b, 0);
  const weights = fitted.set.weights;
  const usesCovariates = fitted.set.design.p > 1;
  const diff = imbalance(frame.descriptors, frame.d, countedBy, remainingBy);
  const shifts = fitted.residuals.map((r) => shiftScale(frame.descriptors, frame.d, fitted.set.rows, r, weights, diff));
  const raw = (width: number): RawEstimate[] =>
    candidates.map((c, j) => {
      const share = total > 0 ? votes[j]! / total : 0;
      const h = width * aggregateHalfWidth(open, j, share, total, { share: fitted.share[j]!, size: fitted.size, fitVariance: fitted.fitVariance[j]!, shift: shifts[j]! });
      return { id: c.id, votes: votes[j]!, low: share - h, high: share + h };
    });
  const covariates = usesCovariates ? featureNames(units) : [];
  return { kind: 'estimates', estimates: toEstimates(raw(1)), callEstimates: toEstimates(raw(CALL_WIDTH)), reporting, partial, total: units.length, covariates };
}

function featureNames(units: readonly UnitDefinition[]): string[] {
  const first = units[0]?.features ?? {};
  return Object.keys(first).filter((name) => units.every((u) => u.features?.[name] !== undefined)).sort();
}

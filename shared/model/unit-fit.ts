import { quantileRegression, type Design } from './quantile-regression.ts';
import type { UnitFrame } from './unit-data.ts';
import { weightedMedian } from './weighted.ts';

/**
 * Below this many complete units, or `COVARIATE_UNITS_PER_COEFFICIENT` per coefficient if more, the
 * fit uses no covariates: the weighted median swing (and regions) only.
 */
export const MIN_COVARIATE_UNITS = 10;
export const COVARIATE_UNITS_PER_COEFFICIENT = 1.25;

/** A region's effect is shrunk towards 0 like a prior worth this many units: one odd county is not its region. */
export const REGION_PRIOR_UNITS = 5;

/** The covariates' pull towards 0, worth this many units with a coefficient of 0 (standardised features): an L1 penalty. */
export const RIDGE_UNITS = 1;

/**
 * Most complete units one fit uses: past this, the ones whose id hashes lowest (a fixed pseudo-random
 * sample). Eight coefficients are well determined by 150 units, and the model runs on every bulletin.
 */
export const MAX_FIT_UNITS = 150;

/** Below this many complete units residuals are leave-one-out; from it on, three folds by unit id. */
const LEAVE_ONE_OUT_BELOW = 30;

/** The complete units the model learns from, and their design. */
export interface TrainingSet {
  /** Frame indices of the complete units. */
  rows: Int32Array;
  /** Their baseline sizes, scaled to mean 1 (the regression's weights). */
  weights: Float64Array;
  /** [1, standardised features...] per row, or [1] below the covariate minimum. */
  design: Design;
}

/** One target's fit: coefficients on the design and a shrunk effect per region. */
export interface TargetFit {
  beta: Float64Array;
  regionEffect: Float64Array;
}

/** The training set of these complete units: covariates only with enough of them. */
export function trainingSet(frame: UnitFrame, complete: Int32Array): TrainingSet {
  const rows = complete.length <= MAX_FIT_UNITS ? complete : Int32Array.from(complete).sort((a, b) => frame.rank[a]! - frame.rank[b]!).subarray(0, MAX_FIT_UNITS);
  const n = rows.length;
  const useFeatures = frame.f > 0 && n >= Math.max(MIN_COVARIATE_UNITS, COVARIATE_UNITS_PER_COEFFICIENT * (frame.f + 1));
  const p = useFeatures ? frame.f + 1 : 1;
  const x = new Float64Array(n * p);
  const weights = new Float64Array(n);
  let sum = 0;
  for (let r = 0; r < n; r++) sum += weights[r] = frame.baseTotals[rows[r]!]!;
  for (let r = 0; r < n; r++) {
    weights[r] = sum > 0 ? (weights[r]! * n) / sum : 1;
    x[r * p] = 1;
    for (let j = 1; j < p; j++) x[r * p + j] = frame.features[rows[r]! * frame.f + j - 1]!;
  }
  return { rows, weights, design: { n, p, x } };
}

/** The design row of any unit of the frame (an incomplete one, to predict it). */
export function designRow(frame: UnitFrame, unit: number, p: number): Float64Array {
  const row = new Float64Array(p);
  row[0] = 1;
  for (let j = 1; j < p; j++) row[j] = frame.features[unit * frame.f + j - 1]!;
  return row;
}

/** The fit's prediction for one unit. */
export function predict(fit: TargetFit, frame: UnitFrame, unit: number, row: Float64Array): number {
  let y = 0;
  for (let j = 0; j < row.length; j++) y += row[j]! * fit.beta[j]!;
  const g = frame.region[unit]!;
  return g >= 0 ? y + fit.regionEffect[g]! : y;
}

function coefficients(set: TrainingSet, y: Float64Array, w: Float64Array, start: Float64Array | undefined, iterations: number): Float64Array {
  if (set.design.p === 1) {
    const keep = indicesOf(w);
    return Float64Array.of(weightedMedian(keep.map((r) => y[r]!), keep.map((r) => w[r]!)));
  }
  return quantileRegression(set.design, y, w, { ridge: { units: RIDGE_UNITS, from: 1 }, iterations, epsilon: 1e-5, tolerance: 1e-6, ...(start ? { start } : {}) });
}

const indicesOf = (w: Float64Array): number[] => {
  const out: number[] = [];
  for (let r = 0; r < w.length; r++) if (w[r]! > 0) out.push(r);
  return out;
};

/**
 * Fits a target (one candidate's swing, or the log turnout ratio) on the rows of weight > 0: the
 * weighted median regression, then each region's weighted median residual shrunk by n / (n + prior),
 * then the regression once more on what the regions leave (partial pooling: a region with few complete
 * units borrows from the rest instead of being fitted exactly by them).
 */
export function fitTarget(frame: UnitFrame, set: TrainingSet, y: Float64Array, w: Float64Array): TargetFit {
  const iterations = 12;
  let beta = coefficients(set, y, w, undefined, iterations);
  const regionEffect = new Float64Array(frame.regions);
  if (frame.regions === 0) return { beta, regionEffect };
  const { n, p, x } = set.design;
  const adjusted = new Float64Array(n);
  {
    const byRegion = Array.from({ length: frame.regions }, () => ({ r: [] as number[], w: [] as number[] }));
    for (let r = 0; r < n; r++) {
      const g = frame.region[set.rows[r]!]!;
      if (g < 0 || w[r] === 0) continue;
      let fit = 0;
      for (let j = 0; j < p; j++) fit += x[r * p + j]! * beta[j]!;
      byRegion[g]!.r.push(y[r]! - fit);
      byRegion[g]!.w.push(w[r]!);
    }
    byRegion.forEach((g, i) => (regionEffect[i] = g.r.length === 0 ? 0 : (weightedMedian(g.r, g.w) * g.r.length) / (g.r.length + REGION_PRIOR_UNITS)));
    for (let r = 0; r < n; r++) {
      const g = frame.region[set.rows[r]!]!;
      adjusted[r] = y[r]! - (g >= 0 ? regionEffect[g]! : 0);
    }
    beta = coefficients(set, adjusted, w, beta, iterations);
  }
  return { beta, regionEffect };
}

/**
 * Out-of-fold residuals: each complete unit's target minus what a fit without it (leave-one-out below
 * 30 units, else without its fold of three) predicts. These are the conformity scores: a unit never
 * helps predict itself, so they measure the error on units the fit has not seen.
 */
export function crossFitResiduals(frame: UnitFrame, set: TrainingSet, y: Float64Array): Float64Array {
  const n = set.design.n;
  const out = new Float64Array(n);
  const folds = n < LEAVE_ONE_OUT_BELOW ? n : 3;
  const foldOf = (r: number) => (folds === n ? r : frame.fold[set.rows[r]!]!);
  for (let k = 0; k < folds; k++) {
    const w = new Float64Array(n);
    let held = 0;
    for (let r = 0; r < n; r++) {
      if (foldOf(r) === k) held += 1;
      else w[r] = set.weights[r]!;
    }
    if (held === 0 || held === n) continue;
    // Never warm-started from the full fit: IRLS stops short of the optimum, and a fold started where
    // the held-out units pulled the full fit would keep some of their pull, making its residuals too small.
    const fit = fitTarget(frame, set, y, w);
    for (let r = 0; r < n; r++) {
      if (foldOf(r) !== k) continue;
      const row = set.design.x.subarray(r * set.design.p, (r + 1) * set.design.p);
      out[r] = y[r]! - predict(fit, frame, set.rows[r]!, row as Float64Array);
    }
  }
  return out;
}

import { unitScale, type ErrorScale } from './unit-scale.ts';

/**
 * How unit errors add up to a range on a candidate's final share. A unit's error is its own part plus
 * a part shared with every other unit (the night's surprise, and whatever the reporting order hides);
 * with correlation ρ between any two units' errors the variance of a weighted sum Σ a_j e_j is
 * σ² ((1 − ρ) Σ a_j² + ρ (Σ a_j)²). ρ = 1 sums unit ranges (the old model: far too wide), ρ = 0
 * treats them as independent (far too narrow). `ERROR_CORRELATION` is measured on real nights
 * (docs/projection.md, "Ranges"); the shared part also carries the fit's own error, σ² / n_eff.
 */

/**
 * The correlation between two units' out-of-sample errors, measured on the tuning nights
 * (`scripts/measure-error-correlation.ts`; docs/projection.md gives the figures per night).
 */
export const ERROR_CORRELATION = 0.02;

/**
 * The least shift, in share per standard deviation of imbalance between counted and uncounted units
 * (size, baseline shares, features): heterogeneity the counted units cannot show, because a
 * non-random order makes them alike. Measured with `ERROR_CORRELATION` on the tuning nights.
 */
export const SHIFT_FLOOR = 0.005;

/** How much of the swing's visible gradient over the descriptors is taken as possibly extrapolated wrong. */
export const SHIFT_GRADIENT = 0.5;

/** The standard normal's 95th percentile: a 90 % two-sided range of a normal error is ± this many sd. */
const Z90 = 1.6449;

/** An incomplete unit as the ranges see it. */
export interface PendingUnit {
  /** Its baseline size, which sets its error scale (`unit-scale.ts`). */
  baseSize: number;
  /** Predicted final candidates' total, and what is still to count of it. */
  size: number;
  remaining: number;
  /** Predicted split of the remaining votes, by candidate (sums to 1). */
  split: Float64Array;
  /** The size is known (from its percent counted), so it adds no size error. */
  sizeKnown: boolean;
}

export interface Scales {
  /** A unit's share error (this candidate's swing residual) and log size error, standardised for size. */
  share: ErrorScale;
  size: ErrorScale;
  /** The variance of the fit's own error in share (the same for every uncounted unit). */
  fitVariance: number;
  /** This candidate's shift (`shiftScale`). */
  shift: number;
}

/**
 * The difference, per descriptor, between the uncounted units' mean (weighted by votes still to
 * come) and the counted units' (weighted by votes counted), in standard deviations over all units.
 * Zeros when either set is empty.
 */
export function imbalance(descriptors: Float64Array, d: number, counted: Float64Array, remaining: Float64Array): Float64Array {
  const diff = new Float64Array(d);
  let wc = 0;
  let wr = 0;
  for (let u = 0; u < counted.length; u++) {
    wc += counted[u]!;
    wr += remaining[u]!;
  }
  if (wc === 0 || wr === 0) return diff;
  for (let u = 0; u < counted.length; u++) {
    const a = remaining[u]! / wr - counted[u]! / wc;
    if (a === 0) continue;
    for (let j = 0; j < d; j++) diff[j]! += a * descriptors[u * d + j]!;
  }
  return diff;
}

/**
 * The shift of one candidate: how much its swing could differ in the uncounted units, given the
 * imbalance `diff`. Each descriptor's gradient is the weighted least-squares slope of the out-of-fold
 * residuals on it over the complete units (shrunk where the complete units barely vary in it, as
 * extrapolation is then a guess), times the imbalance in it; the root sum of squares of those, plus
 * `SHIFT_FLOOR` times the root mean square imbalance.
 */
export function shiftScale(descriptors: Float64Array, d: number, rows: Int32Array, residuals: Float64Array, weights: Float64Array, diff: Float64Array): number {
  let sw = 0;
  let mr = 0;
  for (let r = 0; r < rows.length; r++) {
    sw += weights[r]!;
    mr += weights[r]! * residuals[r]!;
  }
  mr /= sw;
  let gradient = 0;
  let rms = 0;
  for (let j = 0; j < d; j++) {
    let mx = 0;
    for (let r = 0; r < rows.length; r++) mx += weights[r]! * descriptors[rows[r]! * d + j]!;
    mx /= sw;
    let sxy = 0;
    let sxx = 0;
    for (let r = 0; r < rows.length; r++) {
      const dx = descriptors[rows[r]! * d + j]! - mx;
      sxy += weights[r]! * dx * (residuals[r]! - mr);
      sxx += weights[r]! * dx * dx;
    }
    // The prior (0.25 sd², a quarter of the whole spread) keeps a narrow sample from claiming a steep slope.
    const slope = sxy / (sxx + 0.25 * sw);
    gradient += (slope * diff[j]!) ** 2;
    rms += diff[j]! ** 2;
  }
  return SHIFT_GRADIENT * Math.sqrt(gradient) + SHIFT_FLOOR * Math.sqrt(d > 0 ? rms / d : 0);
}

/** Variance factor of Σ a_j e_j for unit errors of scales a_j with correlation ρ. */
function correlated(sumSquares: number, sum: number): number {
  return (1 - ERROR_CORRELATION) * sumSquares + ERROR_CORRELATION * sum * sum;
}

/**
 * The 90 % half-width of candidate `j`'s final share, in quadrature: the share errors of the remaining
 * votes (unit j weighs remaining_j / total times its error scale), the size errors of units whose size
 * is predicted (a unit larger than predicted moves the share by size_j (split_j − share) / total), the
 * fit's own error on everything remaining, and the shift over the imbalance.
 */
export function aggregateHalfWidth(units: readonly PendingUnit[], j: number, share: number, total: number, scales: Scales): number {
  if (total <= 0) return 0;
  let all = 0;
  let a = 0;
  let a2 = 0;
  let b = 0;
  let b2 = 0;
  for (const u of units) {
    const weight = u.remaining / total;
    all += weight;
    const aj = weight * unitScale(scales.share, u.baseSize);
    a += aj;
    a2 += aj * aj;
    if (u.sizeKnown) continue;
    const bj = ((u.size * (u.split[j]! - share)) / total) * unitScale(scales.size, u.baseSize);
    b += bj;
    b2 += bj * bj;
  }
  const shareVar = scales.share.q ** 2 * correlated(a2, a) + scales.fitVariance * all * all;
  const sizeVar = scales.size.q ** 2 * correlated(b2, b);
  const shiftVar = (Z90 * all * scales.shift) ** 2;
  return Math.sqrt(shareVar + sizeVar + shiftVar);
}

import { weightedConformalQuantile } from './weighted.ts';

/**
 * Unit errors are heteroscedastic: a county of 2,000 voters swings further from the model than one
 * of 500,000. A unit's error scale is taken as (size / mean size)^-γ, γ fitted on the complete units'
 * out-of-fold residuals (the least-squares slope of log |residual| on log size, within [0, 0.5]:
 * 0.5 would be pure sampling noise). Conformity scores are divided by that scale, so the conformal
 * quantile is of a standardised error, and each uncounted unit gets its own width back.
 */
export interface ErrorScale {
  /** The conformal 90 % quantile of standardised absolute residuals. */
  q: number;
  gamma: number;
  /** The mean size sizes are measured against. */
  meanSize: number;
}

/** Residuals below this (in share, or log ratio) count as this when fitting γ: log 0 is no evidence. */
const FLOOR = 0.002;

/** A unit's error scale relative to the standardised one. */
export function unitScale(scale: ErrorScale, size: number): number {
  return size > 0 ? (size / scale.meanSize) ** -scale.gamma : 1;
}

/** γ and the conformal quantile of out-of-fold `residuals` at `level`, rows of `sizes` and `weights`. */
export function errorScale(residuals: Float64Array, sizes: Float64Array, weights: Float64Array, level: number, meanSize: number): ErrorScale {
  const n = residuals.length;
  let mx = 0;
  let my = 0;
  const lx = new Float64Array(n);
  const ly = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    lx[r] = Math.log(Math.max(1, sizes[r]!) / meanSize);
    ly[r] = Math.log(Math.max(FLOOR, Math.abs(residuals[r]!)));
    mx += lx[r]!;
    my += ly[r]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  for (let r = 0; r < n; r++) {
    sxy += (lx[r]! - mx) * (ly[r]! - my);
    sxx += (lx[r]! - mx) ** 2;
  }
  const gamma = sxx > 0 ? Math.min(0.5, Math.max(0, -sxy / sxx)) : 0;
  const scores = new Float64Array(n);
  for (let r = 0; r < n; r++) scores[r] = Math.abs(residuals[r]!) / unitScale({ q: 1, gamma, meanSize }, sizes[r]!);
  return { q: weightedConformalQuantile(scores, weights, level, 1), gamma, meanSize };
}

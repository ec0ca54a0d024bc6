/**
 * Weighted quantile (by default median) regression: β minimising Σ w_i ρ_τ(y_i − x_iᵀβ) + ½ Σ_j λ_j β_j²,
 * by iteratively reweighted least squares. No npm package does weighted quantile regression (the
 * numeric ones stop at least squares), and the model needs it with a handful of columns on every
 * bulletin, so this is small, pure and allocation-light: p ≤ 17 columns, one p×p Cholesky solve a step.
 */

import { weightedQuantile } from './weighted.ts';

/** Rows in one flat array, row-major: `x[i * p + j]`. */
export interface Design {
  n: number;
  p: number;
  x: Float64Array;
}

export interface RegressionOptions {
  /** The quantile, 0 < tau < 1: 0.5 the median. */
  tau?: number;
  /**
   * A light pull of the columns from `from` on towards 0 (the intercept stays free), worth `units`
   * average rows: as if `units` extra rows of mean weight had that column at 1, every other at 0, and
   * y = 0, i.e. a penalty units · mean(w) · |β_j| in the same check-loss units (reweighted like the
   * rows, so it stays that size however small the residuals get). None by default.
   */
  ridge?: { units: number; from: number };
  /** Most reweighting steps; the fit stops earlier once no coefficient moves by more than `tolerance`. */
  iterations?: number;
  tolerance?: number;
  /** Residuals below this count as this, so a point on the fit keeps a finite weight. */
  epsilon?: number;
  /** A starting point (the previous fit); else weighted least squares. */
  start?: Float64Array;
}

/**
 * Solves A β = b for a symmetric positive definite A (p×p, row-major) in place by Cholesky; a
 * pivot that is not positive (a column that is all zero, or collinear) gets a tiny jitter instead of
 * failing, which pins that coefficient near zero.
 */
export function choleskySolve(a: Float64Array, b: Float64Array, p: number): Float64Array {
  const l = a;
  for (let j = 0; j < p; j++) {
    let d = l[j * p + j]!;
    for (let k = 0; k < j; k++) d -= l[j * p + k]! * l[j * p + k]!;
    const scale = Math.abs(a[j * p + j]!) + 1e-300;
    const pivot = Math.sqrt(d > 1e-12 * scale ? d : 1e-12 * scale + 1e-300);
    l[j * p + j] = pivot;
    for (let i = j + 1; i < p; i++) {
      let s = l[i * p + j]!;
      for (let k = 0; k < j; k++) s -= l[i * p + k]! * l[j * p + k]!;
      l[i * p + j] = s / pivot;
    }
  }
  const z = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * p + k]! * z[k]!;
    z[i] = s / l[i * p + i]!;
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = z[i]!;
    for (let k = i + 1; k < p; k++) s -= l[k * p + i]! * z[k]!;
    z[i] = s / l[i * p + i]!;
  }
  return z;
}

/** One weighted least-squares step: (Xᵀ U X + diag(λ)) β = Xᵀ U y, rows of weight 0 left out. */
function weightedLeastSquares(d: Design, y: ArrayLike<number>, u: Float64Array, lambda: Float64Array | null): Float64Array {
  const { n, p, x } = d;
  const a = new Float64Array(p * p);
  const b = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    const ui = u[i]!;
    if (ui === 0) continue;
    const row = i * p;
    for (let j = 0; j < p; j++) {
      const xij = x[row + j]! * ui;
      b[j]! += xij * y[i]!;
      for (let k = 0; k <= j; k++) a[j * p + k]! += xij * x[row + k]!;
    }
  }
  for (let j = 0; j < p; j++) {
    if (lambda) a[j * p + j]! += lambda[j]!;
    for (let k = 0; k < j; k++) a[k * p + j] = a[j * p + k]!;
  }
  return choleskySolve(a, b, p);
}

/** Residuals y − Xβ. */
export function residuals(d: Design, y: ArrayLike<number>, beta: ArrayLike<number>): Float64Array {
  const out = new Float64Array(d.n);
  for (let i = 0; i < d.n; i++) {
    let fit = 0;
    for (let j = 0; j < d.p; j++) fit += d.x[i * d.p + j]! * beta[j]!;
    out[i] = y[i]! - fit;
  }
  return out;
}

/**
 * The weighted quantile regression of y on the design's columns, weights `w` (a row of weight 0 is
 * left out: how cross-fitting holds a fold back). IRLS: each step solves weighted least squares with
 * weights w_i · (τ or 1 − τ by the residual's sign) / max(|r_i|, ε), which for ε → 0 converges to
 * the L1 (check-loss) optimum; ε bounds how closely (the property tests measure it).
 */
export function quantileRegression(d: Design, y: ArrayLike<number>, w: ArrayLike<number>, options: RegressionOptions = {}): Float64Array {
  const tau = options.tau ?? 0.5;
  const epsilon = options.epsilon ?? 1e-6;
  const u = new Float64Array(d.n);
  for (let i = 0; i < d.n; i++) u[i] = w[i]!;
  const pull = pullWeights(d, w, options.ridge);
  let beta = polishIntercept(d, y, w, options.start ?? weightedLeastSquares(d, y, u, pull && penalties(pull, null, 1)), tau);
  // Continuation: the smoothing starts at the typical residual and halves each step down to epsilon,
  // so the early steps move far and the late ones settle on a kink instead of stalling beside it.
  let smooth = Math.max(epsilon, meanAbs(residuals(d, y, beta)));
  for (let step = 0; step < (options.iterations ?? 40); step++) {
    const r = residuals(d, y, beta);
    for (let i = 0; i < d.n; i++) u[i] = w[i] === 0 ? 0 : (w[i]! * (r[i]! >= 0 ? tau : 1 - tau)) / Math.max(Math.abs(r[i]!), smooth);
    const next = weightedLeastSquares(d, y, u, pull && penalties(pull, beta, smooth));
    let moved = 0;
    for (let j = 0; j < d.p; j++) moved = Math.max(moved, Math.abs(next[j]! - beta[j]!));
    beta = next;
    if (moved < (options.tolerance ?? 1e-7) && smooth === epsilon) break;
    smooth = Math.max(epsilon, smooth / 2);
  }
  return polishIntercept(d, y, w, beta, tau);
}

/**
 * Sets the intercept (column 0, all ones) to its exact optimum given the other coefficients: the
 * weighted τ-quantile of y − (the rest of the fit). IRLS crawls when the optimum sits on a data
 * point; this lands on it. Designs without an intercept column are left as they are.
 */
function polishIntercept(d: Design, y: ArrayLike<number>, w: ArrayLike<number>, beta: Float64Array, tau: number): Float64Array {
  for (let i = 0; i < d.n; i++) if (d.x[i * d.p] !== 1) return beta;
  const rest: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < d.n; i++) {
    if (w[i] === 0) continue;
    let fit = 0;
    for (let j = 1; j < d.p; j++) fit += d.x[i * d.p + j]! * beta[j]!;
    rest.push(y[i]! - fit);
    weights.push(w[i]!);
  }
  const out = Float64Array.from(beta);
  if (rest.length > 0) out[0] = weightedQuantile(rest, weights, tau);
  return out;
}

/** units · mean(w) for the pulled columns, 0 for the others; null without a pull. */
function pullWeights(d: Design, w: ArrayLike<number>, ridge: RegressionOptions['ridge']): Float64Array | null {
  if (!ridge || ridge.units <= 0) return null;
  let sum = 0;
  let rows = 0;
  for (let i = 0; i < d.n; i++) {
    if (w[i] === 0) continue;
    sum += w[i]!;
    rows += 1;
  }
  const out = new Float64Array(d.p);
  for (let j = ridge.from; j < d.p; j++) out[j] = rows > 0 ? (ridge.units * sum) / rows : 0;
  return out;
}

/** The reweighted penalty of each column: pull_j / max(|β_j|, smooth) (pull_j as is for the first step). */
function penalties(pull: Float64Array, beta: Float64Array | null, smooth: number): Float64Array {
  const out = new Float64Array(pull.length);
  for (let j = 0; j < pull.length; j++) out[j] = beta ? pull[j]! / Math.max(Math.abs(beta[j]!), smooth) : pull[j]!;
  return out;
}

function meanAbs(r: Float64Array): number {
  let s = 0;
  for (let i = 0; i < r.length; i++) s += Math.abs(r[i]!);
  return r.length > 0 ? s / r.length : 0;
}

/** The weighted check loss Σ w_i ρ_τ(r_i), what the regression minimises (ridge aside): for tests and diagnostics. */
export function checkLoss(r: ArrayLike<number>, w: ArrayLike<number>, tau = 0.5): number {
  let loss = 0;
  for (let i = 0; i < r.length; i++) loss += w[i]! * r[i]! * (r[i]! >= 0 ? tau : tau - 1);
  return loss;
}

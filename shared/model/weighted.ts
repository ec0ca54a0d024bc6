/** Weighted order statistics: the model's robust location and its conformal quantiles. Pure. */

/**
 * The weighted `tau`-quantile of `values` (weights > 0): the smallest value whose cumulative weight
 * reaches `tau` of the total; at an exact tie of cumulative weight (tau = 0.5, even halves) the mean of
 * the two values, so that equal weights give the ordinary median. NaN when empty.
 */
export function weightedQuantile(values: ArrayLike<number>, weights: ArrayLike<number>, tau = 0.5): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const order = sortedOrder(values);
  let total = 0;
  for (let i = 0; i < n; i++) total += weights[i]!;
  const target = tau * total;
  let cumulative = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    cumulative += weights[i]!;
    // Relative tolerance: sums of floats rarely hit the half exactly.
    if (Math.abs(cumulative - target) <= 1e-12 * total && k + 1 < n) return (values[i]! + values[order[k + 1]!]!) / 2;
    if (cumulative > target) return values[i]!;
  }
  return values[order[n - 1]!]!;
}

/** The weighted median (`weightedQuantile` at 0.5). */
export function weightedMedian(values: ArrayLike<number>, weights: ArrayLike<number>): number {
  return weightedQuantile(values, weights, 0.5);
}

/**
 * The weighted split-conformal quantile of scores at coverage `level`: the smallest score s with
 * Σ_{score ≤ s} w ≥ level · (Σ w + w_test), the new point's weight counted at +∞ (Tibshirani et al.,
 * "Conformal prediction under covariate shift", 2019; with equal weights the ⌈(n + 1) level⌉-th smallest).
 * Infinity when the scores' weight cannot reach that: no finite range is honest then.
 */
export function weightedConformalQuantile(scores: ArrayLike<number>, weights: ArrayLike<number>, level: number, testWeight: number): number {
  const n = scores.length;
  if (n === 0) return Number.POSITIVE_INFINITY;
  const order = sortedOrder(scores);
  let total = testWeight;
  for (let i = 0; i < n; i++) total += weights[i]!;
  const target = level * total * (1 - 1e-12);
  let cumulative = 0;
  for (let k = 0; k < n; k++) {
    cumulative += weights[order[k]!]!;
    if (cumulative >= target) return scores[order[k]!]!;
  }
  return Number.POSITIVE_INFINITY;
}

/** Indices of `values` in ascending order of value (a typed array: sorting numbers, not closures over objects). */
function sortedOrder(values: ArrayLike<number>): Uint32Array {
  const order = new Uint32Array(values.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => values[a]! - values[b]!);
}

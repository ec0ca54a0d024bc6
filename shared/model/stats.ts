/** Small order statistics the model needs; pure and allocation-light (ingest runs them per bulletin). */

/** The median of `values` (the mean of the middle two for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return medianOfSorted(sorted);
}

function medianOfSorted(sorted: readonly number[]): number {
  const n = sorted.length;
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * For each value, the median of all the others (leave one out), in O(n log n): removing the value at
 * rank k shifts the middle by at most one place, so each answer is one of three order statistics.
 * Used for honest residuals: a unit must not help predict itself.
 */
export function leaveOneOutMedians(values: readonly number[]): number[] {
  const n = values.length;
  if (n < 2) return values.map(() => Number.NaN);
  const order = Array.from(values.keys()).sort((a, b) => values[a]! - values[b]!);
  const sorted = order.map((i) => values[i]!);
  const out = new Array<number>(n);
  const m = n - 1;
  const mid = m >> 1;
  // No closure per element: the server runs under tsx, whose keepNames wrapper makes each one costly.
  for (let rank = 0; rank < n; rank++) {
    const lo = sorted[mid - 1 < rank ? mid - 1 : mid]!;
    const hi = sorted[mid < rank ? mid : mid + 1]!;
    out[order[rank]!] = m % 2 === 1 ? hi : (lo + hi) / 2;
  }
  return out;
}

/**
 * The split-conformal quantile of absolute residuals at coverage `level` (0.9): the ⌈(n + 1) level⌉-th
 * smallest. Infinity when there are too few residuals for that rank (fewer than 9 at 90 %): no finite
 * range is honest then.
 */
export function conformalQuantile(residuals: readonly number[], level: number): number {
  const n = residuals.length;
  const rank = Math.ceil((n + 1) * level);
  if (rank > n || n === 0) return Number.POSITIVE_INFINITY;
  const sorted = [...residuals].sort((a, b) => a - b);
  return sorted[rank - 1]!;
}

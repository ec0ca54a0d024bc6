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
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const sorted = order.map(([v]) => v);
  const out = new Array<number>(n);
  order.forEach(([, index], rank) => {
    const at = (j: number): number => sorted[j < rank ? j : j + 1]!;
    const m = n - 1;
    const mid = m >> 1;
    out[index] = m % 2 === 1 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
  });
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

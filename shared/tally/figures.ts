/**
 * Rounding rules shared by every figure Tallyroom publishes. Percentages keep 3 decimals: enough for a
 * page to show 0.01-point changes, small enough to keep deltas short.
 */

/**
 * How far rounded ("approximate") figures may disagree before they are refused: 2 %. A figure rounded
 * to the nearest million, such as "25 million counted", is off by at most 0.5 / 25 = 2 % at that size;
 * seed 000's candidates add up to 0.72 % above its "25 million". Exact figures get no tolerance.
 */
export const APPROXIMATE_TOLERANCE = 0.02;

/** `part / whole` as a percentage with 3 decimals, or null when `whole` is 0. */
export function percent(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Math.round((part / whole) * 100_000) / 1000;
}

/**
 * Percent counted, rounded *down* and capped at 100, so a count is never shown more complete than it
 * is. Null when the expected total is unknown.
 */
export function percentCounted(counted: number, expected: number | null, final: boolean): number | null {
  if (final) return 100;
  if (expected === null || expected <= 0) return null;
  return Math.min(100, Math.floor((counted / expected) * 100_000) / 1000);
}

/** Difference of two 3-decimal percentages, without floating-point dust (0.1 + 0.2 style). */
export function percentChange(next: number, previous: number): number {
  return Math.round((next - previous) * 1000) / 1000;
}

/** A count with thousands separators, for messages: 25180407 -> "25,180,407". */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

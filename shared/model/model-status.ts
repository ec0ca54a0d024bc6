import { ProjectionStatus } from '../codes/projection-status.ts';
import type { Estimate } from '../schemas/model.schema.ts';
import type { Projection } from '../schemas/snapshot.schema.ts';

/**
 * The status the unit model's ranges support, or null to keep the arithmetic's (`leading`,
 * `too-close`). `projected`: the top candidate's low end is above every other's high end (and, under
 * a majority rule, above the threshold). `runoff-likely`: every candidate's high end is at or below the
 * threshold; the pair is named when the second's low end is above the third's high end.
 */
export function modelStatus(estimates: readonly Estimate[], threshold: number | null): Projection | null {
  const [top, second, third] = estimates;
  if (!top) return null;
  const othersHigh = Math.max(...estimates.slice(1).map((e) => e.high), 0);
  if (top.low > othersHigh && (threshold === null || top.low > threshold)) return { status: ProjectionStatus.Projected, winner: top.id };
  if (threshold !== null && estimates.every((e) => e.high <= threshold)) {
    const pairKnown = second !== undefined && (third === undefined || second.low > third.high) && top.low > (third?.high ?? 0);
    return pairKnown ? { status: ProjectionStatus.RunoffLikely, runoff: [top.id, second.id] } : { status: ProjectionStatus.RunoffLikely };
  }
  return null;
}

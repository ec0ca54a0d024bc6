import type { Estimate } from '../schemas/model.schema.ts';

/** One candidate's projected final votes, and the ends of its range as shares (fractions), before rounding. */
export interface RawEstimate {
  id: string;
  votes: number;
  low: number;
  high: number;
}

/**
 * Shares of the projected total, rounded outward (low down, high up, 3 decimals) so that rounding
 * never makes a range exclude its point; sorted by projected votes, most first.
 */
export function toEstimates(raw: readonly RawEstimate[]): Estimate[] {
  const total = raw.reduce((sum, r) => sum + r.votes, 0);
  if (total <= 0) return [];
  const pct = (v: number): number => Math.min(100, Math.max(0, (v / total) * 100));
  return raw
    .map((r) => {
      const share = Math.round(pct(r.votes) * 1000) / 1000;
      return {
        id: r.id,
        votes: Math.round(r.votes),
        share,
        low: Math.min(share, Math.floor(Math.max(0, r.low) * 100_000) / 1000),
        high: Math.max(share, Math.min(100, Math.ceil(r.high * 100_000) / 1000)),
      };
    })
    .sort((a, b) => b.votes - a.votes);
}

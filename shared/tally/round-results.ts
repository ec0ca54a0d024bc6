import type { Candidate } from '../schemas/election.schema.ts';
import type { CandidateResult } from '../schemas/snapshot.schema.ts';
import { percent } from './figures.ts';

/** A round's candidates with their votes and shares, sorted, plus the leader and margin. */
export interface RoundTally {
  candidates: CandidateResult[];
  /**
   * The base of every share and threshold: the candidates' total under a single `valid` vote, else
   * ballots (`shareBase`).
   */
  total: number;
  /** The candidates' total (valid votes). */
  valid: number;
  /** Null when nothing is counted or the top two are tied. */
  leader: string | null;
  margin: number;
}

/**
 * Most votes first; ties keep the definition's order so the display never flickers between equals.
 * `base` is what shares are of when not the candidates' total (`shareBase`).
 */
export function tallyRound(candidates: readonly Candidate[], votes: Readonly<Record<string, number>>, base: number | null = null): RoundTally {
  const valid = candidates.reduce((sum, c) => sum + (votes[c.id] ?? 0), 0);
  const total = base ?? valid;
  const results = candidates
    .map((c, order) => ({ c, order, votes: votes[c.id] ?? 0 }))
    .sort((a, b) => b.votes - a.votes || a.order - b.order)
    .map(({ c, votes: v }): CandidateResult => {
      const result: CandidateResult = { id: c.id, name: c.name, votes: v, share: percent(v, total) ?? 0 };
      if (c.party !== undefined) result.party = c.party;
      if (c.color !== undefined) result.color = c.color;
      return result;
    });
  const first = results[0]?.votes ?? 0;
  const second = results[1]?.votes ?? 0;
  const leader = first > 0 && first > second ? results[0]!.id : null;
  return { candidates: results, total, valid, leader, margin: first - second };
}

/**
 * Under a majority rule, whether `votes` out of `total` (the rule's basis) passes the threshold (a percentage, "more
 * than"). Integer arithmetic, so 50 % of an even total is exactly not a majority.
 */
export function passesThreshold(votes: number, total: number, threshold: number): boolean {
  return total > 0 && votes * 100 > threshold * total;
}

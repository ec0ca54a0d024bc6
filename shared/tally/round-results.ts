import type { Candidate, ElectionDefinition } from '../schemas/election.schema.ts';
import type { CandidateResult } from '../schemas/snapshot.schema.ts';
import { castBase } from './basis.ts';
import { findRound, type ElectionState } from './election-state.ts';
import { percent } from './figures.ts';

/** A round's candidates with their votes and shares, sorted, plus the leader and margin. */
export interface RoundTally {
  candidates: CandidateResult[];
  /**
   * The base of every share and threshold: the candidates' total under a `valid` rule, the ballots
   * counted under a `cast` one (never below the candidates' total: rounded figures can exceed it).
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
 * `ballots` is the ballots counted when the rule counts shares of all ballots cast (`castBase`).
 */
export function tallyRound(candidates: readonly Candidate[], votes: Readonly<Record<string, number>>, ballots: number | null = null): RoundTally {
  const valid = candidates.reduce((sum, c) => sum + (votes[c.id] ?? 0), 0);
  const total = ballots === null ? valid : Math.max(ballots, valid);
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

/**
 * The runoff pair once round 1 is final without a winner, in round-1 order; null otherwise (round 1
 * still counting, someone passed the threshold, or a plurality rule).
 */
export function runoffPair(definition: ElectionDefinition, state: ElectionState): [string, string] | null {
  if (definition.rule.kind !== 'majority') return null;
  const first = findRound(state, 1);
  if (!first?.final) return null;
  const tally = tallyRound(definition.candidates, first.votes, castBase(definition.rule, first));
  const [top, second] = tally.candidates;
  if (!top || !second || top.votes === 0) return null;
  if (passesThreshold(top.votes, tally.total, definition.rule.threshold)) return null;
  return [top.id, second.id];
}

/** The candidates who stand in `round`: everyone in round 1, the runoff pair in round 2. */
export function roundCandidates(definition: ElectionDefinition, state: ElectionState, round: number): Candidate[] {
  if (round === 1) return definition.candidates;
  const pair = runoffPair(definition, state);
  if (!pair) return [];
  return definition.candidates.filter((c) => pair.includes(c.id));
}

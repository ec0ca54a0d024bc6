import { ProjectionStatus } from '../../codes/projection-status.ts';
import type { CandidateResult, Projection } from '../../schemas/snapshot.schema.ts';
import type { RoundCount } from './rule-kind.ts';

/**
 * Whether `i` holds one of `seats` places whatever is still to come: fewer than `seats` others could
 * reach its votes (a tie counts as reached) if each gained `toCome` and it gained nothing. Under a block
 * vote every other candidate may gain at once, so each is weighed on its own.
 */
export function holdsPlace(candidates: readonly CandidateResult[], i: number, seats: number, toCome: number): boolean {
  const votes = candidates[i]!.votes;
  let threats = 0;
  for (let j = 0; j < candidates.length && threats < seats; j++) {
    if (j !== i && candidates[j]!.votes + toCome >= votes) threats++;
  }
  return threats < seats;
}

/**
 * The top `seats` of a final count, best first, with the candidates tied across the last seat's
 * boundary left out of `winners` and named in `tied`: the law's tie-break decides them, not Tallyroom.
 * `candidates` are sorted, most votes first.
 */
export function topSeats(candidates: readonly CandidateResult[], seats: number): { winners: string[]; tied: string[] } {
  if (candidates.length <= seats) return { winners: candidates.filter((c) => c.votes > 0).map((c) => c.id), tied: [] };
  const edge = candidates[seats - 1]!.votes;
  if (candidates[seats]!.votes < edge) return { winners: candidates.slice(0, seats).map((c) => c.id), tied: [] };
  return { winners: candidates.filter((c) => c.votes > edge).map((c) => c.id), tied: candidates.filter((c) => c.votes === edge).map((c) => c.id) };
}

/**
 * The top N by plurality under a block vote: a seat is `decided` for a candidate once `holdsPlace`;
 * the status is `decided` when every seat is, `final` with the final count. `winners` lists who is
 * elected so far, best first.
 */
export function projectTopN(count: RoundCount): Projection {
  const { tally, seats, toCome } = count;
  if (count.final) {
    const { winners, tied } = topSeats(tally.candidates, seats);
    return { status: ProjectionStatus.Final, winners, ...(tied.length > 0 ? { tied } : {}) };
  }
  if (tally.valid === 0) return { status: ProjectionStatus.TooEarly, winners: [] };
  const winners = toCome === null ? [] : tally.candidates.flatMap((c, i) => (holdsPlace(tally.candidates, i, seats, toCome) ? [c.id] : []));
  if (winners.length === seats) return { status: ProjectionStatus.Decided, winners };
  return { status: ProjectionStatus.Leading, winners };
}

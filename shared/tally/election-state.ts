import type { ElectionDefinition } from '../schemas/election.schema.ts';
import type { z } from 'zod';
import type { SettledSchema } from '../schemas/snapshot.schema.ts';
import type { RoundDesk } from '../schemas/call.schema.ts';
import type { UnitFigures } from '../schemas/units.schema.ts';

/**
 * An arithmetic outcome established by an earlier bulletin of the round: kept while its premises hold
 * (no correction, the expected total not raised, the same leader), so that a later, less precise
 * bulletin (rounded figures widen every bound) cannot make a decided race flicker back to "leading".
 */
export type Settled = z.infer<typeof SettledSchema>;

/** The latest figures of one round: what the last accepted bulletin said, omitted votes carried forward. */
export interface RoundState {
  round: number;
  ballotsCounted: number;
  ballotsCast: number | null;
  /** A bulletin's override of the election's eligible voters, carried forward. */
  eligibleVoters: number | null;
  approximate: boolean;
  final: boolean;
  source: string | null;
  issuedAt: string | null;
  votes: Record<string, number>;
  /** Blank and spoiled ballots as the latest bulletin stated them; absent or null when it did not. */
  invalid?: number | null;
  /** Absent in states stored before it existed; read as null. */
  settled?: Settled | null;
  /** Each reporting unit's latest figures, by unit id, when the round is reported by units. */
  units?: Record<string, UnitFigures>;
}

/** Everything that changes with a version. The store keeps it beside the definition. */
export interface ElectionState {
  version: number;
  epoch: string;
  createdAt: string;
  updatedAt: string;
  /** Ordered by round; empty before the first bulletin. */
  rounds: RoundState[];
  /** What the decision desk said, per round (shared/tally/calls.ts); absent before the first call. */
  desk?: RoundDesk[];
}

/** An election as the store holds it: its definition and its latest state, always at one version. */
export interface StoredElection {
  electionId: string;
  definition: ElectionDefinition;
  state: ElectionState;
}

/** The state of a new election: version 0, nothing counted. */
export function initialState(epoch: string, at: string): ElectionState {
  return { version: 0, epoch, createdAt: at, updatedAt: at, rounds: [] };
}

export function findRound(state: ElectionState, round: number): RoundState | undefined {
  return state.rounds.find((r) => r.round === round);
}

/** A copy of `state` with `round` replaced (or added in order). */
export function withRound(state: ElectionState, next: RoundState): RoundState[] {
  const others = state.rounds.filter((r) => r.round !== next.round);
  return [...others, next].sort((a, b) => a.round - b.round);
}

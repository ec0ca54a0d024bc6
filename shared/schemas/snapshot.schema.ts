import { z } from 'zod';
import { ProjectionStatus } from '../codes/projection-status.ts';
import { CallRecordSchema } from './call.schema.ts';
import { OutcomeSchema } from './outcome.schema.ts';
import { ProjectionModelFields } from './model.schema.ts';
import { UnitDefinitionSchema, UnitSnapshotSchema } from './units.schema.ts';
import { CandidateIdSchema, CandidateSchema, ElectionIdSchema, ElectionModeSchema, RuleSchema } from './election.schema.ts';

/**
 * Shares, `percentCounted` and `turnout` are percentages (0-100) rounded to 3 decimals;
 * `percentCounted` rounds down so that a count is never shown as more complete than it is.
 */
const Percent = z.number().min(0).max(100);

/** Blank and spoiled ballots of a round, in snapshots and deltas alike. */
const InvalidFields = {
  /** Blank and spoiled ballots among `ballotsCounted`: as a bulletin stated them, else `ballotsCounted − sum(votes)` (at least 0). */
  invalid: z.int().min(0),
  /** `invalid` as a share of `ballotsCounted`, in percent; null before anything is counted. */
  invalidShare: Percent.nullable(),
};

/** A list's seats between `low` and `high`: what no consistent later bulletin can take away or add. */
export const SeatRangeSchema = z.object({ low: z.int().min(0), high: z.int().min(0) });

export { OutcomeSchema, type Outcome } from './outcome.schema.ts';

/** The projection's fields for multi-seat, list and referendum contests (absent for a single seat). */
const SeatFields = {
  /**
   * Elected so far: candidates (or, for list contests, lists certain of a seat) whose seat no consistent
   * later bulletin can take away, or everyone elected by a final count. Set when `seats` > 1 and for lists.
   */
  winners: z.array(CandidateIdSchema).optional(),
  /** List contests: each list's seats at the figures as counted (0 under the threshold). */
  seats: z.record(CandidateIdSchema, z.int().min(0)).optional(),
  /** List contests, while counting with a bound on what remains: each list's seats at the least and the most. */
  seatRanges: z.record(CandidateIdSchema, SeatRangeSchema).optional(),
  /**
   * Candidates or lists tied at a seat boundary of a final count: the law's tie-break (a lot, a recount)
   * decides between them, not Tallyroom, so none of them is in `winners` for the tied seats.
   */
  tied: z.array(CandidateIdSchema).optional(),
  /** Referendums, once final or decided by arithmetic. */
  outcome: OutcomeSchema.optional(),
};

const ProjectionStatusSchema = z.enum(Object.values(ProjectionStatus) as [ProjectionStatus, ...ProjectionStatus[]]);

export const ProjectionSchema = z.object({
  status: ProjectionStatusSchema,
  /** Set when the outcome is known (`decided`, `final` with a winner). */
  winner: CandidateIdSchema.optional(),
  /**
   * The round-2 field, when it is known: the pair under a majority rule (`runoff-decided`, `final`
   * without a winner); under a quota rule every candidate in round 2 (twice the seats left open).
   */
  runoff: z.array(CandidateIdSchema).optional(),
  ...SeatFields,
  /** Upper bound of ballots still uncounted; absent when nothing tells us (no cast or eligible figure). */
  remaining: z.int().min(0).optional(),
  ...ProjectionModelFields,
  /** The model's own status, when a desk status (`called`, `uncalled`, `certified`) is shown instead. */
  modelStatus: z.enum(Object.values(ProjectionStatus) as [ProjectionStatus, ...ProjectionStatus[]]).optional(),
  /** The desk token's label behind a `called`, `uncalled` (who retracted) or `certified` status. */
  calledBy: z.string().optional(),
  /** When that desk action was taken (ISO time). */
  calledAt: z.string().optional(),
  /** The desk's note with it, if any. */
  note: z.string().optional(),
  /** Set when the called winner has fewer votes than someone else in the count. */
  winnerNotLeading: z.literal(true).optional(),
});
export type Projection = z.infer<typeof ProjectionSchema>;

/**
 * An arithmetic outcome an earlier bulletin of the round established (`decided` or `runoff-decided`),
 * kept while its premises hold so that later rounded figures cannot make it flicker.
 */
export const SettledSchema = z.object({
  status: z.enum([ProjectionStatus.Decided, ProjectionStatus.RunoffDecided]),
  winner: CandidateIdSchema.optional(),
  runoff: z.array(CandidateIdSchema).optional(),
  /** The expected total of ballots the outcome rested on; a higher one undoes it. */
  expected: z.int().min(0),
  /** The version that established it. */
  since: z.int().min(1),
});

export const CandidateResultSchema = z.object({
  id: CandidateIdSchema,
  name: z.string(),
  party: z.string().optional(),
  color: z.string().optional(),
  votes: z.int().min(0),
  /** Share of the rule's basis (`rule.of`): the candidates' total, or every ballot counted under `cast`; in percent. */
  share: Percent,
});
export type CandidateResult = z.infer<typeof CandidateResultSchema>;

export const RoundSnapshotSchema = z.object({
  round: z.int().min(1),
  ballotsCounted: z.int().min(0),
  ballotsCast: z.int().min(0).nullable(),
  /** The eligible voters that apply to this round (a bulletin's override, else the election's). */
  eligibleVoters: z.int().positive().nullable(),
  percentCounted: Percent.nullable(),
  turnout: Percent.nullable(),
  ...InvalidFields,
  approximate: z.boolean(),
  final: z.boolean(),
  source: z.string().nullable(),
  issuedAt: z.string().nullable(),
  /** Sorted by votes, most first; ties keep the definition's order. */
  candidates: z.array(CandidateResultSchema),
  leader: CandidateIdSchema.nullable(),
  /** The leader's lead over the runner-up, in votes. */
  margin: z.int().min(0),
  projection: ProjectionSchema,
  settled: SettledSchema.nullable(),
  /** Every unit with figures, in the definition's order (unit-reported rounds only). */
  units: z.array(UnitSnapshotSchema).optional(),
});
export type RoundSnapshot = z.infer<typeof RoundSnapshotSchema>;

/** `GET /api/elections/:electionId`, and the `snapshot` of a subscribe ack. */
export const SnapshotSchema = z.object({
  electionId: ElectionIdSchema,
  name: z.string(),
  /** The definition's `names`, when it gives any: the name in other languages or scripts. */
  names: z.record(z.string(), z.string()).optional(),
  /** The definition's `language`, when it gives one: what pages fall back to. */
  language: z.string().optional(),
  /** Changes when the election's history is lost or reset; versions only compare within one epoch. */
  epoch: z.string(),
  version: z.int().min(0),
  updatedAt: z.string(),
  rule: RuleSchema,
  /** The definition's `seats`, when it gives any (default 1). */
  seats: z.int().min(1).optional(),
  eligibleVoters: z.int().positive().nullable(),
  /** The definition's candidates, in the definition's order. */
  candidates: z.array(CandidateSchema),
  /** The rounds that have bulletins, in order: empty before the first one. */
  rounds: z.array(RoundSnapshotSchema),
  /** `test` during rehearsals: pages show a TEST marker. */
  mode: ElectionModeSchema,
  /** The definition's reporting units, when it lists any. */
  units: z.array(UnitDefinitionSchema).optional(),
  /**
   * How many are watching the election (subscribed sockets, summed over every server), as of the last
   * count (every few seconds). Set by the server; absent in snapshots built elsewhere (previews).
   */
  audience: z.int().min(0).optional(),
});
export type Snapshot = z.infer<typeof SnapshotSchema>;

export const CandidateChangeSchema = z.object({
  id: CandidateIdSchema,
  votes: z.int().min(0),
  votesChange: z.int(),
  share: Percent,
  shareChange: z.number(),
});
export type CandidateChange = z.infer<typeof CandidateChangeSchema>;

/**
 * The socket `delta` event, and `delta` in the 201 answer. It carries every figure of its round, so
 * applying it to the snapshot at `prevVersion` gives exactly the snapshot at `version`.
 */
export const DeltaSchema = z.object({
  electionId: ElectionIdSchema,
  epoch: z.string(),
  version: z.int().min(1),
  prevVersion: z.int().min(0),
  round: z.int().min(1),
  /** When the server accepted it (ISO time). */
  at: z.string(),
  source: z.string().nullable(),
  issuedAt: z.string().nullable(),
  ballotsCounted: z.int().min(0),
  ballotsCountedChange: z.int(),
  ballotsCast: z.int().min(0).nullable(),
  eligibleVoters: z.int().positive().nullable(),
  percentCounted: Percent.nullable(),
  turnout: Percent.nullable(),
  ...InvalidFields,
  approximate: z.boolean(),
  candidates: z.array(CandidateChangeSchema),
  leader: CandidateIdSchema.nullable(),
  leaderChanged: z.boolean(),
  margin: z.int().min(0),
  projection: ProjectionSchema,
  projectionChanged: z.boolean(),
  settled: SettledSchema.nullable(),
  final: z.boolean(),
  correction: z.boolean(),
  /** Set on the delta of a desk call, retraction or certification: what the desk did, so pages can announce it. */
  call: CallRecordSchema.optional(),
  /** Only the units whose figures changed (unit-reported rounds). */
  units: z.array(UnitSnapshotSchema).optional(),
  /** Present when the projection's status changed: what the pages announce. */
  statusChange: z.object({ from: ProjectionStatusSchema.nullable(), to: ProjectionStatusSchema }).optional(),
});
export type Delta = z.infer<typeof DeltaSchema>;

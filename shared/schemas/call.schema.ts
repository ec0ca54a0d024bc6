import { z } from 'zod';
import { ProjectionStatus } from '../codes/projection-status.ts';
import { CandidateIdSchema } from './election.schema.ts';
import { OutcomeSchema } from './outcome.schema.ts';

const Round = z.int().min(1).max(2, { error: 'must be 1, or 2 for a runoff' });
const Note = z.string().trim().min(1).max(500);
const Pair = z
  .tuple([CandidateIdSchema, CandidateIdSchema])
  .refine(([a, b]) => a !== b, { error: 'must name two different candidates', path: [1] });

/**
 * The desk actions, with `round` as given (`R`): optional in a request, resolved in the history.
 * `elected` calls one seat's winner of a multi-seat contest (each call adds one), `seats` a list's
 * seat count, `outcome` a referendum's result.
 */
function callActions<R extends z.ZodType>(round: R) {
  return [
    z.strictObject({ action: z.literal('winner'), winner: CandidateIdSchema, round, note: Note.optional() }),
    z.strictObject({ action: z.literal('runoff'), runoff: Pair, round, note: Note.optional() }),
    z.strictObject({ action: z.literal('elected'), elected: CandidateIdSchema, round, note: Note.optional() }),
    z.strictObject({ action: z.literal('seats'), list: CandidateIdSchema, seats: z.int().min(0).max(1000), round, note: Note.optional() }),
    z.strictObject({ action: z.literal('outcome'), outcome: OutcomeSchema, round, note: Note.optional() }),
    z.strictObject({ action: z.literal('retract'), round, note: Note.optional() }),
    z.strictObject({ action: z.literal('certify'), round, note: Note.optional() }),
  ] as const;
}

/**
 * The body of `POST /api/elections/:electionId/calls`: the decision desk calls a winner, calls a runoff
 * pair, calls a seat's winner, a list's seats or a referendum's outcome, retracts the standing call, or
 * certifies the final count. `round` defaults to the latest round
 * with results. Unknown fields are refused, as for bulletins.
 */
export const CallRequestSchema = z.discriminatedUnion('action', callActions(Round.optional()));
export type CallRequest = z.infer<typeof CallRequestSchema>;

/** A call as the history keeps it: the request with its round resolved. */
export const CallSchema = z.discriminatedUnion('action', callActions(Round));
export type Call = z.infer<typeof CallSchema>;

/** One call or retraction in the history: who (the desk token's label), when, at which version. */
export const CallRecordSchema = z.object({
  version: z.int().min(1),
  /** When the server accepted it (ISO time). */
  receivedAt: z.string(),
  /** The label of the desk token that made it. */
  by: z.string(),
  call: CallSchema,
});
export type CallRecord = z.infer<typeof CallRecordSchema>;

/** Who did a desk action, when, why, at which version. */
const DeskActSchema = z.object({ by: z.string(), at: z.string(), note: z.string().optional(), version: z.int().min(1) });

/**
 * What the desk has said about one round, kept in the election state: the standing call, the
 * certification, and the last retraction (shown as `uncalled` until the model's status changes).
 */
export const RoundDeskSchema = z.object({
  round: z.int().min(1),
  call: DeskActSchema.extend({
    winner: CandidateIdSchema.optional(),
    runoff: z.array(CandidateIdSchema).optional(),
    /** Seats' winners the desk called, one `elected` call each, in the order called. */
    elected: z.array(CandidateIdSchema).optional(),
    /** Lists' seat counts the desk called. */
    seats: z.record(CandidateIdSchema, z.int().min(0)).optional(),
    outcome: OutcomeSchema.optional(),
  }).nullable(),
  certified: DeskActSchema.nullable(),
  retracted: DeskActSchema.extend({
    /** The model's status when the call was retracted; a different one ends the `uncalled` display. */
    modelStatus: z.enum(Object.values(ProjectionStatus) as [ProjectionStatus, ...ProjectionStatus[]]),
  }).nullable(),
});
export type RoundDesk = z.infer<typeof RoundDeskSchema>;

/** `GET .../calls`: every call and retraction, in order, and what stands now per round. */
export const CallListSchema = z.object({
  electionId: z.string(),
  version: z.int(),
  calls: z.array(CallRecordSchema),
  standing: z.array(RoundDeskSchema),
});
export type CallList = z.infer<typeof CallListSchema>;

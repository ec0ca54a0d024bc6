import { z } from 'zod';
import { CandidateIdSchema } from './election.schema.ts';
import { UnitIdSchema } from './units.schema.ts';

const Count = z.int({ error: 'must be a whole number' }).min(0, { error: 'must not be negative' });

/**
 * A bulletin: one partial or final count as an official released it. Figures are cumulative for the
 * round (each bulletin replaces the previous figures, it does not add to them). Unknown fields are
 * refused so that a typo such as `ballotCounted` is an error, not silently ignored.
 */
export const BulletinSchema = z.strictObject({
  /** Idempotency key. Without one, the server derives it from the body, so a double submit is harmless. */
  id: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[\x21-\x7e]+$/, { error: 'must be printable ASCII without spaces' })
    .optional(),
  round: z
    .int()
    .min(1)
    .max(2, { error: 'must be 1, or 2 for a runoff' })
    .default(1),
  issuedAt: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time such as 2017-05-20T09:30:00+04:30' }).optional(),
  source: z.string().trim().min(1).max(200).optional(),
  ballotsCounted: Count,
  /** The expected total of ballots in the round, when the source gives it ("over 40 million cast"). */
  ballotsCast: Count.optional(),
  eligibleVoters: z.int().positive().optional(),
  /** The figures are rounded as reported ("25 million"): small inconsistencies become warnings. */
  approximate: z.boolean().default(false),
  votes: z.record(CandidateIdSchema, Count),
  /**
   * Blank and spoiled ballots among `ballotsCounted`. With exact figures, `votes` plus `invalid` must
   * add up to `ballotsCounted`; without it, whatever `ballotsCounted` leaves over is read as invalid.
   */
  invalid: Count.optional(),
  final: z.boolean().default(false),
  /**
   * The reporting unit these figures are for: then `ballotsCounted`, `ballotsCast`, `votes` and
   * `final` are the unit's cumulative figures, and the round's totals are the sum of every unit's latest.
   */
  reportingUnit: UnitIdSchema.optional(),
  /** The share of the unit's expected ballots counted, when the source gives it (0-100). */
  percentExpected: z.number().min(0).max(100).optional(),
  /** Allows counts to go down, a stale `issuedAt`, or a change to a final round. */
  correction: z.boolean().default(false),
});

/** A bulletin as posted (defaults optional). */
export type BulletinInput = z.input<typeof BulletinSchema>;
/** A bulletin after parsing (defaults applied). */
export type Bulletin = z.infer<typeof BulletinSchema>;

import { z } from 'zod';
import { CandidateIdSchema } from './election.schema.ts';

/**
 * What the remaining ballots were measured from: `cast` an announced ballots-cast figure, `units`
 * the sum of every reporting unit's expectation, `eligible` eligible voters (an upper bound only).
 */
export const RemainingBasisSchema = z.enum(['cast', 'units', 'eligible']);
export type RemainingBasis = z.infer<typeof RemainingBasisSchema>;

/** A trailing candidate's hurdle against the candidate at the top of the count. */
export const HurdleSchema = z.object({
  id: CandidateIdSchema,
  /**
   * Percent of the remaining ballots the candidate needs to overtake the top candidate, if all the
   * others went to the top candidate; may exceed 100. Null when nothing remains to count.
   */
  needed: z.number().min(0).nullable(),
  /** The remaining ballots (at their upper bound) cannot close the gap. */
  eliminated: z.boolean(),
});
export type Hurdle = z.infer<typeof HurdleSchema>;

/** A candidate's projected final figures with a range at `projection.level` percent. */
export const EstimateSchema = z.object({
  id: CandidateIdSchema,
  /** Projected final votes; never below the votes counted. */
  votes: z.int().min(0),
  /** Projected final share, percent of the candidates' projected total. */
  share: z.number().min(0).max(100),
  low: z.number().min(0).max(100),
  high: z.number().min(0).max(100),
});
export type Estimate = z.infer<typeof EstimateSchema>;

/**
 * How the estimates were made: `unit-swing` the swing of the complete units against their baselines
 * (a weighted median regression on the units' features and regions, or their weighted median swing),
 * with split-conformal ranges; `topline-split` only how the remaining ballots could split,
 * within a bound of ±`TOPLINE_SPLIT_BOUND` points of each candidate's share so far (docs/projection.md).
 */
export const ModelMethodSchema = z.enum(['unit-swing', 'topline-split']);
export type ModelMethod = z.infer<typeof ModelMethodSchema>;

/** The model's and the arithmetic's fields of a projection; all optional, absent when unknown. */
export const ProjectionModelFields = {
  /** What `remaining` was measured from. */
  remainingBasis: RemainingBasisSchema.optional(),
  /** Trailing candidates' hurdles, in count order (while counting, with a bound on what remains). */
  hurdles: z.array(HurdleSchema).optional(),
  /**
   * Under a majority rule (round 1): percent of the remaining ballots the top candidate needs to pass
   * the threshold (0 when already certain to; may exceed 100).
   */
  leaderNeeds: z.number().min(0).optional(),
  /** Projected finals with ranges, sorted by projected share. */
  estimates: z.array(EstimateSchema).optional(),
  method: ModelMethodSchema.optional(),
  /** The ranges' level, in percent (90). */
  level: z.number().optional(),
  /** Reporting units complete / listed (unit-reported rounds). */
  unitsReporting: z.int().min(0).optional(),
  unitsTotal: z.int().min(0).optional(),
  /** Units partly counted (reported, not complete): each adds its count and a prediction for the rest. Absent when none. */
  unitsPartial: z.int().min(0).optional(),
  /** The unit features the model regressed the swing on; absent when it used the median swing alone. */
  covariates: z.array(z.string()).optional(),
};

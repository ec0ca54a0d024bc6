import { z } from 'zod';

/**
 * Most reporting units one election may list. 5,000 covers every county of a large country (the
 * United States has about 3,100); a definition that size is about 1 MB of JSON, the definition route's
 * body limit (`DEFINITION_LIMIT_BYTES`).
 */
export const MAX_UNITS = 5000;

/** Unit ids are keys in the stored state and in paths (`units.<id>`), so no dots. */
export const UnitIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/i, {
    error: 'must be 1-64 characters of letters, digits, "_" and "-", starting with a letter or digit',
  });

const Votes = z.int({ error: 'must be a whole number' }).min(0, { error: 'must not be negative' });

/** Most covariates one unit may carry: the model fits one coefficient per feature. */
export const MAX_FEATURES = 16;

/**
 * A unit's numeric covariates by name (shares by age, education, income, density...) for the
 * model (docs/projection.md). Names are short identifiers, so that results files can carry them
 * as `feature_<name>` columns.
 */
export const UnitFeaturesSchema = z
  .record(z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, { error: 'must be 1-32 lower-case letters, digits and "_", starting with a letter' }), z.number().finite())
  .refine((f) => Object.keys(f).length <= MAX_FEATURES, { error: `at most ${MAX_FEATURES} features` });

/**
 * A reporting unit (province, county) of the definition. `expectedBallots` is the unit's expected
 * total (registered or announced); `baseline` a prior comparable result, keyed by candidate id or
 * party, that the model measures the swing against. `region` groups units (backtests reveal by it).
 * `features` are numeric covariates.
 */
export const UnitDefinitionSchema = z.strictObject({
  id: UnitIdSchema,
  name: z.string().trim().min(1).max(100),
  region: z.string().trim().min(1).max(100).optional(),
  expectedBallots: z.int().positive().optional(),
  baseline: z.record(z.string().min(1).max(100), Votes).optional(),
  features: UnitFeaturesSchema.optional(),
});
export type UnitDefinition = z.infer<typeof UnitDefinitionSchema>;

/**
 * One unit's latest cumulative figures in a round, as stored and as snapshots carry them. Compact:
 * `ballotsCast`, `percentExpected`, `issuedAt` are omitted when unknown, `approximate`/`final` when false.
 */
export const UnitFiguresSchema = z.object({
  ballotsCounted: Votes,
  votes: z.record(z.string(), Votes),
  ballotsCast: Votes.optional(),
  /** Blank and spoiled ballots, when the unit's bulletin stated them. */
  invalid: Votes.optional(),
  /** The share of the unit's expected ballots counted, as the source gives it (0-100). */
  percentExpected: z.number().min(0).max(100).optional(),
  approximate: z.literal(true).optional(),
  final: z.literal(true).optional(),
  issuedAt: z.string().optional(),
});
export type UnitFigures = z.infer<typeof UnitFiguresSchema>;

/** A unit's figures with its id: the element of a round's `units` in snapshots and deltas. */
export const UnitSnapshotSchema = UnitFiguresSchema.extend({ id: UnitIdSchema });
export type UnitSnapshot = z.infer<typeof UnitSnapshotSchema>;

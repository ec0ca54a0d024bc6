import { z } from 'zod';
import { RuleSchema, ruleIssues } from './rule.schema.ts';
import { MAX_UNITS, UnitDefinitionSchema } from './units.schema.ts';

/** `electionId` in URLs, room names and keys. */
export const ElectionIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, {
    error: 'must be 1-64 characters of a-z, 0-9 and "-", starting with a letter or digit',
  });

/** Candidate ids are keys in `votes`, so they stay short and free of dots (paths are dotted). */
export const CandidateIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, {
    error: 'must be 1-64 characters of a-z, 0-9, "_" and "-", starting with a letter or digit',
  });

/** A BCP 47 language tag, as `Intl` reads it: `fa`, `fa-IR`, `en-GB`, `fa-u-nu-latn`. */
export const LanguageTagSchema = z
  .string()
  .max(35)
  .refine(
    (tag) => {
      try {
        return Intl.getCanonicalLocales(tag).length === 1;
      } catch {
        return false;
      }
    },
    { error: 'must be a BCP 47 language tag, e.g. "fa", "fa-IR" or "en"' },
  );

/**
 * A name in other languages or scripts, keyed by language tag: `{ "en": "Hassan Rouhani", "fa": "حسن روحانی" }`.
 * Pages show the one for their language (the exact tag, else its language), else `name`.
 */
export const LocalNamesSchema = (max: number) =>
  z
    .record(LanguageTagSchema, z.string().trim().min(1).max(max))
    .refine((names) => Object.keys(names).length <= 20, { error: 'at most 20 languages' });

export const CandidateSchema = z.strictObject({
  id: CandidateIdSchema,
  name: z.string().trim().min(1).max(100),
  /** The name in other languages or scripts (`{ fa: "حسن روحانی" }`). */
  names: LocalNamesSchema(100).optional(),
  party: z.string().trim().min(1).max(100).optional(),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, { error: 'must be a colour like #1f77b4' })
    .optional(),
});

export { ListMethodSchema, RuleSchema, ShareBasisSchema, type ListMethod, type Rule, type RuleKindName, type ShareBasis } from './rule.schema.ts';

/**
 * `test`: a rehearsal; every page shows a TEST marker, and going live clears the figures
 * (`POST /api/elections/:id/go-live`). `live`: the real night. Omitted on creation means `live`, so
 * definitions written before modes existed keep working unchanged; omitted on a replacement keeps the mode.
 */
export const ElectionModeSchema = z.enum(['test', 'live']);
export type ElectionMode = z.infer<typeof ElectionModeSchema>;

/**
 * `public`: anyone may read. `private` (embargoed): reading over HTTP or socket needs a viewer token
 * naming the election. Omitted on creation means `public`; omitted on a replacement keeps it.
 */
export const ElectionVisibilitySchema = z.enum(['public', 'private']);
export type ElectionVisibility = z.infer<typeof ElectionVisibilitySchema>;

/** The body of `PUT /api/elections/:electionId`. */
export const ElectionDefinitionSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    /** The name in other languages or scripts (`{ fa: "انتخابات ریاست‌جمهوری ۱۳۹۶" }`). */
    names: LocalNamesSchema(200).optional(),
    /** The language pages fall back to when the reader's own is not offered (a BCP 47 tag: `fa`). */
    language: LanguageTagSchema.optional(),
    mode: ElectionModeSchema.optional(),
    visibility: ElectionVisibilitySchema.optional(),
    eligibleVoters: z.int().positive().optional(),
    rule: RuleSchema,
    /** Seats the contest fills (default 1): the top N under plurality, up to N by quota, N list seats. */
    seats: z.int({ error: 'must be a whole number' }).min(1, { error: 'must be at least 1' }).max(1000, { error: 'must be at most 1,000' }).optional(),
    candidates: z.array(CandidateSchema).min(2, { error: 'needs at least 2 candidates (lists or options: a list contest with one list decides nothing)' }).max(100),
    /** Reporting units, when results come in by unit; absent for a single national total. */
    units: z.array(UnitDefinitionSchema).min(1).max(MAX_UNITS).optional(),
  })
  .superRefine((definition, ctx) => {
    const seen = new Set<string>();
    definition.candidates.forEach((candidate, index) => {
      if (seen.has(candidate.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['candidates', index, 'id'],
          message: `duplicate candidate id "${candidate.id}"`,
        });
      }
      seen.add(candidate.id);
    });
    for (const issue of ruleIssues(definition)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
    const units = new Set<string>();
    definition.units?.forEach((unit, index) => {
      if (units.has(unit.id)) {
        ctx.addIssue({ code: 'custom', path: ['units', index, 'id'], message: `duplicate unit id "${unit.id}"` });
      }
      units.add(unit.id);
    });
  });

export type Candidate = z.infer<typeof CandidateSchema>;
export type ElectionDefinition = z.infer<typeof ElectionDefinitionSchema>;

/** One row of `GET /api/elections`. */
export const ElectionSummarySchema = z.object({
  electionId: ElectionIdSchema,
  name: z.string(),
  version: z.int(),
  updatedAt: z.string(),
  /** `test` while the election is a rehearsal: lists mark it, as every page does. */
  mode: ElectionModeSchema,
});
export type ElectionSummary = z.infer<typeof ElectionSummarySchema>;

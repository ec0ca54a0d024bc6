import { z } from 'zod';

/**
 * What shares and thresholds are measured against. `valid`: the candidates' total (France's
 * "suffrages exprimés"). `cast`: every ballot counted, blank and spoiled included (Iran's presidential
 * majority: 50 % + 1 of all ballots cast). Omitted means `valid`, as before the choice existed.
 */
export const ShareBasisSchema = z.enum(['valid', 'cast']);
export type ShareBasis = z.infer<typeof ShareBasisSchema>;

/** A percentage strictly between `min` and 100: a 0.5 sent by mistake would otherwise mean "0.5 %". */
const percentage = (min: number, example: string) =>
  z
    .number()
    .gt(min, { error: `is a percentage between ${min} and 100, e.g. ${example}` })
    .lt(100, { error: `is a percentage between ${min} and 100, e.g. ${example}` });

/** How list seats are apportioned: highest averages (D'Hondt, Sainte-Laguë) or Hare largest remainder. */
export const ListMethodSchema = z.enum(['dhondt', 'sainte-lague', 'largest-remainder']);
export type ListMethod = z.infer<typeof ListMethodSchema>;

/**
 * How a contest is won; `of` says what its shares and thresholds are of (`ShareBasisSchema`).
 * - `majority`: one seat; more than `threshold` % wins round 1, else the top two go to round 2.
 * - `plurality`: the most votes win, one round; with `seats` N the top N are elected (a block vote).
 * - `quota` (Iran's Majlis): in round 1 everyone at or above `threshold` % is elected, best first, up to
 *   `seats`; the seats left go to round 2 among the best-placed others, twice as many as the seats left,
 *   where the most votes win.
 * - `list`: candidates are party lists; `seats` are apportioned by `method` among the lists at or above
 *   `threshold` %. `agreements` are surplus-vote agreements (Israel): each pair is apportioned as one
 *   list first, then its seats are split between the two by the same method.
 * - `referendum`: candidates are the options (`yes`, `no`); it passes when `yes` is above `threshold` %
 *   and, with `quorum`, turnout (ballots cast over eligible voters) reaches `quorum` %; without the
 *   quorum it is void.
 */
export const RuleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('majority'), threshold: percentage(1, '50 for "more than 50 %"'), of: ShareBasisSchema.optional() }),
  z.strictObject({ kind: z.literal('plurality'), of: ShareBasisSchema.optional() }),
  z.strictObject({ kind: z.literal('quota'), threshold: percentage(0, '20 for "at least 20 %"'), of: ShareBasisSchema.optional() }),
  z.strictObject({
    kind: z.literal('list'),
    method: ListMethodSchema,
    threshold: z.number().min(0, { error: 'is a percentage from 0 to under 100, e.g. 3.25' }).lt(100, { error: 'is a percentage from 0 to under 100, e.g. 3.25' }).optional(),
    agreements: z.array(z.tuple([z.string(), z.string()])).max(50).optional(),
    of: ShareBasisSchema.optional(),
  }),
  z.strictObject({
    kind: z.literal('referendum'),
    threshold: percentage(0, '50 for "more than half"'),
    quorum: z.number().gt(0, { error: 'is a percentage of eligible voters, above 0 and at most 100' }).max(100, { error: 'is a percentage of eligible voters, above 0 and at most 100' }).optional(),
    of: ShareBasisSchema.optional(),
  }),
]);
export type Rule = z.infer<typeof RuleSchema>;
export type RuleKindName = Rule['kind'];

/** What `ruleIssues` reads of a definition. */
interface RuleDefinition {
  rule: Rule;
  seats?: number | undefined;
  candidates: ReadonlyArray<{ id: string }>;
  eligibleVoters?: number | undefined;
}

/** One reason a definition's rule cannot be satisfied, naming the field. */
export interface RuleIssue {
  path: (string | number)[];
  message: string;
}

/**
 * Rules a definition can never satisfy, each naming its field: refused with a 400 before anything is
 * stored (`seats` below 1 is the schema's own check).
 */
export function ruleIssues(definition: RuleDefinition): RuleIssue[] {
  const { rule, candidates } = definition;
  const seats = definition.seats ?? 1;
  const ids = new Set(candidates.map((c) => c.id));
  const issues: RuleIssue[] = [];
  if ((rule.kind === 'majority' || rule.kind === 'referendum') && seats !== 1) {
    issues.push({ path: ['seats'], message: `a ${rule.kind} decides one seat or question; use "quota" or "plurality" to elect ${seats}` });
  }
  if (rule.kind === 'plurality' && candidates.length < seats) {
    issues.push({ path: ['seats'], message: `${seats} seats cannot be filled by ${candidates.length} candidates` });
  }
  if (rule.kind === 'quota' && candidates.length <= seats) {
    issues.push({ path: ['candidates'], message: `a quota contest for ${seats} seats needs more than ${seats} candidates: a seat the quota leaves open must have a round 2 to fill it` });
  }
  if (rule.kind === 'referendum') {
    if (!ids.has('yes')) issues.push({ path: ['candidates'], message: 'a referendum\'s options must include "yes" (and usually "no")' });
    if (rule.quorum !== undefined && definition.eligibleVoters === undefined) {
      issues.push({ path: ['eligibleVoters'], message: 'a quorum is a share of eligible voters: give eligibleVoters' });
    }
  }
  if (rule.kind === 'list') issues.push(...agreementIssues(rule.agreements ?? [], ids));
  return issues;
}

/** Surplus-vote agreements join two different lists of the election, each list in one agreement at most. */
function agreementIssues(agreements: ReadonlyArray<readonly [string, string]>, ids: ReadonlySet<string>): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const seen = new Set<string>();
  agreements.forEach((pair, i) => {
    pair.forEach((id, j) => {
      if (!ids.has(id)) issues.push({ path: ['rule', 'agreements', i, j], message: `"${id}" is not a list of this election` });
    });
    if (pair[0] === pair[1]) issues.push({ path: ['rule', 'agreements', i, 1], message: 'an agreement joins two different lists' });
    else if (pair.some((id) => seen.has(id))) issues.push({ path: ['rule', 'agreements', i], message: 'a list may be in one agreement only' });
    pair.forEach((id) => seen.add(id));
  });
  return issues;
}

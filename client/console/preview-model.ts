import type { FieldIssue } from '../../shared/codes/error-codes.ts';
import { BulletinSchema, type BulletinInput } from '../../shared/schemas/bulletin.schema.ts';
import { zodIssues } from '../../shared/schemas/issues.ts';
import type { Delta, Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import { applyDelta } from '../../shared/tally/delta.ts';
import { evaluateBulletin } from '../../shared/tally/evaluate-bulletin.ts';
import { electionFromSnapshot } from '../../shared/tally/from-snapshot.ts';
import { roundHeadline, type Headline } from '../common/headline.ts';

/** What publishing this bulletin now would do, computed with the very functions the server runs. */
export type Preview =
  | { ok: true; delta: Delta; next: Snapshot; headline: Headline; warnings: string[] }
  | { ok: false; issues: FieldIssue[]; warnings: string[] };

/**
 * Previews a bulletin against the election as the console holds it (kept live by the SDK): the schema
 * first (as the route parses it), then `evaluateBulletin` on `electionFromSnapshot` (as the ingest
 * service evaluates it). Only a change published meanwhile by someone else can make the server's
 * answer differ, and the server's answer is shown after publishing.
 */
export function previewBulletin(snapshot: Snapshot, input: BulletinInput, now: Date = new Date()): Preview {
  const parsed = BulletinSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, issues: zodIssues(parsed.error), warnings: [] };
  }
  const evaluation = evaluateBulletin(electionFromSnapshot(snapshot), parsed.data, now);
  if (!evaluation.ok) return { ok: false, issues: evaluation.problems.map(({ path, message }) => ({ path, message })), warnings: evaluation.warnings };
  const next = applyDelta(snapshot, evaluation.delta);
  if (!next) throw new Error('preview delta does not follow the held snapshot');
  const round = next.rounds.find((r) => r.round === evaluation.delta.round)!;
  return { ok: true, delta: evaluation.delta, next, headline: roundHeadline(next, round), warnings: evaluation.warnings };
}

/** The round a new bulletin most likely belongs to: the runoff once it is open, else round 1. */
export function suggestedRound(snapshot: Snapshot): number {
  if (snapshot.rounds.some((r) => r.round === 2)) return 2;
  const first = snapshot.rounds.find((r) => r.round === 1);
  if (first?.final && first.projection.runoff) return 2;
  return 1;
}

/**
 * The candidates the bulletin form offers for a round: the runoff pair once the published projection
 * names one (a runoff certain by the count, or called by the desk, before round 1 is final too), else
 * everyone, so a figure can be typed and the preview say why it would be refused. Who may really get
 * votes is the rule's call (`roundCandidates` in shared/tally/round-results.ts).
 */
export function formCandidates(snapshot: Snapshot, round: number) {
  if (round !== 2) return snapshot.candidates;
  const pair = snapshot.rounds.find((r) => r.round === 1)?.projection.runoff;
  return pair ? snapshot.candidates.filter((c) => pair.includes(c.id)) : snapshot.candidates;
}

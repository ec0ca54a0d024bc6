import { createHash } from 'node:crypto';
import { canonicalJson } from '../../shared/canonical-json.ts';
import type { BulletinAccepted, BulletinDuplicate } from '../../shared/schemas/api.schema.ts';
import { BulletinSchema, type Bulletin } from '../../shared/schemas/bulletin.schema.ts';
import type { Delta } from '../../shared/schemas/snapshot.schema.ts';
import type { BulletinProblem } from '../../shared/tally/check-bulletin.ts';
import { evaluateBulletin } from '../../shared/tally/evaluate-bulletin.ts';
import { AppError, refusalError, validationError } from '../errors/app-error.ts';
import type { SeenBulletin, Store } from '../store/store.ts';
import type { ElectionWriter } from './election-writer.ts';

export type PostBulletinResult =
  | { status: 201; body: BulletinAccepted }
  | { status: 200; body: BulletinDuplicate };

export interface BulletinServiceDeps {
  store: Store;
  writer: ElectionWriter;
  /** Called once per accepted bulletin, right after its commit, in commit order. */
  publish: (delta: Delta) => void;
  now?: () => Date;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

/**
 * The body's identity: every field but `id`, after defaults, with keys sorted. A bulletin without an
 * id is named after it, so posting the same figures twice (a double click, a retried request) is a
 * duplicate, not a second version.
 */
export function identify(bulletin: Bulletin): { id: string; hash: string } {
  const { id, ...body } = bulletin;
  const hash = sha256(canonicalJson(body));
  return { id: id ?? `auto-${hash.slice(0, 22)}`, hash };
}

function duplicateOrConflict(seen: SeenBulletin, id: string, hash: string): PostBulletinResult {
  if (seen.hash === hash) return { status: 200, body: { version: seen.version, duplicate: true } };
  throw new AppError('id_conflict', `bulletin "${id}" was already accepted at version ${seen.version} with a different body`, [
    { path: 'id', message: `already used by the bulletin accepted at version ${seen.version}` },
  ]);
}

/** Posting bulletins: parse, identify, evaluate against the latest state, commit, publish. */
export function createBulletinService({ store, writer, publish, now = () => new Date() }: BulletinServiceDeps) {
  return {
    async post(electionId: string, body: unknown, by: string): Promise<PostBulletinResult> {
      const parsed = BulletinSchema.safeParse(body);
      if (!parsed.success) throw validationError(parsed.error, 'bulletin');
      const { id, hash } = identify(parsed.data);
      const bulletin = { ...parsed.data, id };

      const outcome = await writer.change<PostBulletinResult | { refused: BulletinProblem[]; version: number }>(electionId, (current, fresh) => {
        if (!current) throw new AppError('not_found', `no election "${electionId}"`);
        const at = now();
        const evaluation = evaluateBulletin(current, bulletin, at);
        if (!evaluation.ok) {
          // A cached copy may be behind another process's commits: judge a refusal on a fresh read.
          return fresh ? { kind: 'answer', value: { refused: evaluation.problems, version: current.state.version } } : { kind: 'recheck' };
        }
        return {
          kind: 'commit',
          request: {
            electionId,
            expected: current.state,
            state: evaluation.state,
            entry: { kind: 'bulletin', version: evaluation.state.version, at: at.toISOString(), by, bulletin, warnings: evaluation.warnings, delta: evaluation.delta },
            dedupe: { bulletinId: id, hash },
          },
          committed: () => {
            publish(evaluation.delta);
            return { status: 201, body: { version: evaluation.state.version, delta: evaluation.delta, warnings: evaluation.warnings } };
          },
          duplicate: (seen) => duplicateOrConflict(seen, id, hash),
        };
      });
      if (!('refused' in outcome)) return outcome;
      // Refused against the latest state; but a resent bulletin that was accepted earlier is a duplicate,
      // not an error (its figures are naturally "backwards" by now).
      const seen = await store.findBulletin(electionId, id);
      if (seen) return duplicateOrConflict(seen, id, hash);
      // The version it was judged against, for the log line of the refusal.
      throw Object.assign(refusalError('bulletin', outcome.refused), { version: outcome.version });
    },
  };
}

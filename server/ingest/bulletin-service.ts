import { createHash } from 'node:crypto';
import { canonicalJson } from '../../shared/canonical-json.ts';
import { BulletinSchema, type Bulletin } from '../../shared/schemas/bulletin.schema.ts';
import type { Delta } from '../../shared/schemas/snapshot.schema.ts';
import { refusalError, validationError } from '../errors/app-error.ts';
import type { Store } from '../store/store.ts';
import { createBulletinBatcher, duplicateOrConflict, type PostBulletinResult } from './bulletin-batcher.ts';
import { deferInOrder } from './defer-in-order.ts';
import type { ElectionWriter } from './election-writer.ts';

export type { PostBulletinResult } from './bulletin-batcher.ts';

export interface BulletinServiceDeps {
  store: Store;
  writer: ElectionWriter;
  /**
   * Called once per accepted bulletin, after its commit, in commit order; deferred to the next turn of
   * the event loop, so that the HTTP answer is written before the fan-out work.
   */
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

/** Posting bulletins: parse, identify, then evaluate against the latest state and commit in batches. */
export function createBulletinService({ store, writer, publish, now = () => new Date() }: BulletinServiceDeps) {
  const batcher = createBulletinBatcher({ store, writer, publish: deferInOrder(publish), now });
  return {
    async post(electionId: string, body: unknown, by: string): Promise<PostBulletinResult> {
      const parsed = BulletinSchema.safeParse(body);
      if (!parsed.success) throw validationError(parsed.error, 'bulletin');
      const { id, hash } = identify(parsed.data);
      const outcome = await batcher.submit(electionId, { bulletin: { ...parsed.data, id }, hash, by });
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

export type BulletinService = ReturnType<typeof createBulletinService>;

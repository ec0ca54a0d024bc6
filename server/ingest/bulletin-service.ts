import { createHash } from 'node:crypto';
import { canonicalJson } from '../../shared/canonical-json.ts';
import { ErrorCode } from '../../shared/codes/error-codes.ts';
import type { BulletinAccepted, BulletinDuplicate } from '../../shared/schemas/api.schema.ts';
import { BulletinSchema, type Bulletin } from '../../shared/schemas/bulletin.schema.ts';
import type { StoredElection } from '../../shared/tally/election-state.ts';
import { evaluateBulletin } from '../../shared/tally/evaluate-bulletin.ts';
import { AppError, noSuchElection, refusalError, validationError } from '../errors/app-error.ts';
import type { SeenBulletin } from '../store/store.ts';
import type { Decision, ElectionWriter } from './election-writer.ts';

export type PostBulletinResult =
  | { status: 201; body: BulletinAccepted }
  | { status: 200; body: BulletinDuplicate };

export interface BulletinServiceDeps {
  writer: ElectionWriter;
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

/** The answer to a bulletin id already accepted: a duplicate if the body is the same, else 409. */
export function duplicateOrConflict(seen: SeenBulletin, id: string, hash: string): PostBulletinResult {
  if (seen.hash === hash) return { status: 200, body: { version: seen.version, duplicate: true } };
  throw new AppError(ErrorCode.IdConflict, `bulletin "${id}" was already accepted at version ${seen.version} with a different body`, [
    { path: 'id', message: `already used by the bulletin accepted at version ${seen.version}` },
  ]);
}

/** A bulletin on the latest state (pure): refused, or the next state, its history entry and its delta. */
function decideBulletin(electionId: string, current: StoredElection | null, bulletin: Bulletin & { id: string }, by: string, at: Date): Decision<PostBulletinResult> {
  if (!current) throw noSuchElection(electionId);
  const evaluation = evaluateBulletin(current, bulletin, at);
  // The version it was judged against, for the log line of the refusal.
  if (!evaluation.ok) return { kind: 'refuse', error: refusalError('bulletin', evaluation.problems, { version: current.state.version }) };
  const { state, delta, warnings } = evaluation;
  return {
    kind: 'commit',
    state,
    entry: { kind: 'bulletin', version: state.version, at: at.toISOString(), by, bulletin, warnings, delta },
    committed: () => ({ value: { status: 201, body: { version: state.version, delta, warnings } }, push: { delta } }),
  };
}

/**
 * The body with the `Idempotency-Key` header as its `id`. Either names the bulletin; given both, they
 * must be the same (a client that means two things is refused, 400, rather than one silently winning).
 */
export function withIdempotencyKey(body: unknown, key: string | undefined): unknown {
  if (key === undefined || typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const id = (body as { id?: unknown }).id;
  if (id === undefined) return { ...body, id: key };
  if (id === key) return body;
  throw new AppError(ErrorCode.ValidationFailed, `invalid bulletin: id: "${String(id)}" differs from the Idempotency-Key header "${key}"`, [
    { path: 'id', message: 'differs from the Idempotency-Key header; send one of them, or the same value in both' },
  ]);
}

/** Posting bulletins: parse and identify here; the writer evaluates, commits (in groups) and publishes. */
export function createBulletinService({ writer }: BulletinServiceDeps) {
  return {
    /** `idempotencyKey`: the `Idempotency-Key` header, if sent (`withIdempotencyKey`). */
    async post(electionId: string, body: unknown, by: string, idempotencyKey?: string): Promise<PostBulletinResult> {
      const parsed = BulletinSchema.safeParse(withIdempotencyKey(body, idempotencyKey));
      if (!parsed.success) throw validationError(parsed.error, 'bulletin');
      const { id, hash } = identify(parsed.data);
      const bulletin = { ...parsed.data, id };
      return writer.submit<PostBulletinResult>(electionId, {
        bulletin: { id, hash, seen: (seen) => duplicateOrConflict(seen, id, hash) },
        decide: (current, at) => decideBulletin(electionId, current, bulletin, by, at),
      });
    },
  };
}

export type BulletinService = ReturnType<typeof createBulletinService>;

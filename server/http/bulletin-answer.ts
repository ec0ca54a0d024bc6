import type { Logger } from 'pino';
import { AppError } from '../errors/app-error.ts';
import type { BulletinService } from '../ingest/bulletin-service.ts';
import { jsonWithMember } from '../store/json-once.ts';

/** Posts one bulletin and answers with its status and JSON (a refusal is thrown, as AppError). */
export type BulletinAnswer = (electionId: string, body: unknown, by: string, idempotencyKey?: string) => Promise<{ status: number; json: string }>;

/** The `Idempotency-Key` header as the bulletin's id: one value (a repeated header is refused by the id check). */
export function idempotencyKeyOf(headers: Record<string, string | string[] | undefined>): string | undefined {
  const value = headers['idempotency-key'];
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * Posting one bulletin, for the express route and the fast path alike: the answer's status and JSON,
 * and one log line per accepted, duplicate or refused bulletin. Refusals are thrown (as AppError).
 */
export function bulletinAnswer({ bulletins, logger }: { bulletins: BulletinService; logger: Logger }): BulletinAnswer {
  return async (electionId, body, by, idempotencyKey) => {
    try {
      const result = await bulletins.post(electionId, body, by, idempotencyKey);
      logger.info({ electionId, version: result.body.version, by, duplicate: result.status === 200 }, result.status === 201 ? 'bulletin accepted' : 'bulletin duplicate');
      // Written directly rather than with res.json: an answer to a POST needs no ETag, and hashing every
      // body for one was a measurable share of ingest (docs/benchmarks.md). The delta's JSON is the one
      // its history entry was written with.
      return { status: result.status, json: jsonWithMember(result.body as Record<string, unknown>, 'delta') };
    } catch (error) {
      if (error instanceof AppError && error.status < 500) logger.info({ electionId, version: error.details.version, by, code: error.code, reason: error.message }, 'bulletin refused');
      throw error;
    }
  };
}

import { Router, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { BulletinListQuerySchema, type BulletinList, type BulletinRecord } from '../../shared/schemas/api.schema.ts';
import { AppError, validationError } from '../errors/app-error.ts';
import type { createBulletinService } from '../ingest/bulletin-service.ts';
import { jsonWithMember } from '../store/json-once.ts';
import type { Store } from '../store/store.ts';
import { tokenLabel } from './auth.ts';
import { callRecord } from './calls.routes.ts';
import { readableElectionId } from './elections.routes.ts';
import { jsonBody } from './json-body.ts';

export interface BulletinRoutesDeps {
  store: Store;
  bulletins: ReturnType<typeof createBulletinService>;
  requireToken: RequestHandler;
  logger: Logger;
}

/**
 * Posting one bulletin, for the express route and the fast path alike: the answer's status and JSON,
 * and one log line per accepted, duplicate or refused bulletin. Refusals are thrown (as AppError).
 */
export function bulletinAnswer({ bulletins, logger }: Pick<BulletinRoutesDeps, 'bulletins' | 'logger'>) {
  return async (electionId: string, body: unknown, by: string): Promise<{ status: number; json: string }> => {
    try {
      const result = await bulletins.post(electionId, body, by);
      logger.info({ electionId, version: result.body.version, by, duplicate: result.status === 200 }, result.status === 201 ? 'bulletin accepted' : 'bulletin duplicate');
      // Written directly rather than with res.json: an answer to a POST needs no ETag, and hashing every
      // body for one was a measurable share of ingest (docs/benchmarks.md). The delta's JSON is the one
      // its history entry was written with.
      return { status: result.status, json: jsonWithMember(result.body as Record<string, unknown>, 'delta') };
    } catch (error) {
      if (error instanceof AppError && error.status < 500) {
        const version = (error as AppError & { version?: number }).version;
        logger.info({ electionId, version, by, code: error.code, reason: error.message }, 'bulletin refused');
      }
      throw error;
    }
  };
}

/** `/api/elections/:electionId/bulletins`: post one, or read those accepted after a version. */
export function bulletinRoutes({ store, bulletins, requireToken, logger }: BulletinRoutesDeps): Router {
  const router = Router({ mergeParams: true });

  const answer = bulletinAnswer({ bulletins, logger });
  router.post('/', requireToken, jsonBody, async (req, res) => {
    const electionId = readableElectionId(String((req.params as { electionId?: string }).electionId));
    const { status, json } = await answer(electionId, req.body, tokenLabel(res));
    res.status(status).type('application/json').end(json);
  });

  router.get('/', async (req, res) => {
    const electionId = readableElectionId(String((req.params as { electionId?: string }).electionId));
    const query = BulletinListQuerySchema.safeParse(req.query);
    if (!query.success) throw validationError(query.error, 'query');
    const { since, limit } = query.data;
    const stored = await store.load(electionId);
    if (!stored) throw new AppError('not_found', `no election "${electionId}"`);
    const entries = await store.readHistory(electionId, since, limit + 1);
    const page = entries.slice(0, limit);
    const records = page.flatMap((e): BulletinRecord[] =>
      e.kind === 'bulletin' ? [{ version: e.version, receivedAt: e.at, by: e.by, bulletin: e.bulletin, warnings: e.warnings }] : [],
    );
    const calls = page.flatMap((e) => (e.kind === 'call' ? [callRecord(e)] : []));
    const body: BulletinList = { electionId, version: stored.state.version, bulletins: records, calls, hasMore: entries.length > limit, nextSince: page.at(-1)?.version ?? since };
    res.json(body);
  });

  return router;
}

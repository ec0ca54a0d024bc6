import { Router, type RequestHandler } from 'express';
import { BulletinListQuerySchema, type BulletinList } from '../../shared/schemas/api.schema.ts';
import { noSuchElection, validationError } from '../errors/app-error.ts';
import { tokenLabel } from '../security/auth.ts';
import { bulletinRecord, callRecord } from '../store/history-records.ts';
import type { Store } from '../store/store.ts';
import { idempotencyKeyOf, type BulletinAnswer } from './bulletin-answer.ts';
import { readableElectionId } from './election-id.ts';
import { jsonBody } from './json-body.ts';

export interface BulletinRoutesDeps {
  store: Store;
  /** The one bulletin answer (`bulletin-answer.ts`), shared with the fast path. */
  answer: BulletinAnswer;
  requireToken: RequestHandler;
}

/** `/api/elections/:electionId/bulletins`: post one, or read those accepted after a version. */
export function bulletinRoutes({ store, answer, requireToken }: BulletinRoutesDeps): Router {
  const router = Router({ mergeParams: true });

  router.post('/', requireToken, jsonBody, async (req, res) => {
    const electionId = readableElectionId(String((req.params as { electionId?: string }).electionId));
    const { status, json } = await answer(electionId, req.body, tokenLabel(res), idempotencyKeyOf(req.headers));
    res.status(status).type('application/json').end(json);
  });

  router.get('/', async (req, res) => {
    const electionId = readableElectionId(String((req.params as { electionId?: string }).electionId));
    const query = BulletinListQuerySchema.safeParse(req.query);
    if (!query.success) throw validationError(query.error, 'query');
    const { since, limit } = query.data;
    const stored = await store.load(electionId);
    if (!stored) throw noSuchElection(electionId);
    const entries = await store.readHistory(electionId, since, limit + 1);
    const page = entries.slice(0, limit);
    const records = page.flatMap((e) => (e.kind === 'bulletin' ? [bulletinRecord(e)] : []));
    const calls = page.flatMap((e) => (e.kind === 'call' ? [callRecord(e)] : []));
    const body: BulletinList = { electionId, version: stored.state.version, bulletins: records, calls, hasMore: entries.length > limit, nextSince: page.at(-1)?.version ?? since };
    res.json(body);
  });

  return router;
}

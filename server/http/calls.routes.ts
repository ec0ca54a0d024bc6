import { Router, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { CallList } from '../../shared/schemas/call.schema.ts';
import { AppError, noSuchElection } from '../errors/app-error.ts';
import type { CallService } from '../ingest/call-service.ts';
import { tokenLabel } from '../security/auth.ts';
import type { Store } from '../store/store.ts';
import { readableElectionId } from './election-id.ts';
import { jsonBody } from './json-body.ts';

export interface CallRoutesDeps {
  store: Store;
  calls: CallService;
  /** Admits desk tokens only (DESK_TOKENS); an ingest token is refused with 403. */
  requireDeskToken: RequestHandler;
  /** Lets only allowed readers list a private election's calls (a no-op for public ones). */
  requireReader: RequestHandler;
  logger: Logger;
}

/** `/api/elections/:electionId/calls`: the decision desk's calls, and their list. */
export function callRoutes({ store, calls, requireDeskToken, requireReader, logger }: CallRoutesDeps): Router {
  const router = Router({ mergeParams: true });

  router.post('/', requireDeskToken, jsonBody, async (req, res) => {
    const electionId = readableElectionId(String((req.params as { electionId?: string }).electionId));
    const by = tokenLabel(res);
    try {
      const result = await calls.post(electionId, req.body, by);
      logger.info({ electionId, version: result.body.version, by, unchanged: result.status === 200 }, result.status === 201 ? 'call accepted' : 'call unchanged');
      res.status(result.status).json(result.body);
    } catch (error) {
      if (error instanceof AppError && error.status < 500) logger.info({ electionId, by, code: error.code, reason: error.message }, 'call refused');
      throw error;
    }
  });

  router.get('/', requireReader, async (req, res) => {
    const electionId = readableElectionId(String((req.params as { electionId?: string }).electionId));
    const stored = await store.load(electionId);
    if (!stored) throw noSuchElection(electionId);
    const list = (await calls.list(electionId)).filter((c) => c.version <= stored.state.version);
    const body: CallList = { electionId, version: stored.state.version, calls: list, standing: stored.state.desk ?? [] };
    res.json(body);
  });

  return router;
}

import { Router, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { createGoLiveService } from '../ingest/go-live-service.ts';
import { tokenLabel } from '../security/auth.ts';
import { writableElectionId } from './election-id.ts';
import { jsonBody } from './json-body.ts';

export interface GoLiveRoutesDeps {
  goLive: ReturnType<typeof createGoLiveService>;
  requireToken: RequestHandler;
  logger: Logger;
}

/** `POST /api/elections/:electionId/go-live`: the rehearsal ends, its figures are deleted. */
export function goLiveRoutes({ goLive, requireToken, logger }: GoLiveRoutesDeps): Router {
  const router = Router();
  router.post('/:electionId/go-live', requireToken, jsonBody, async (req, res) => {
    const electionId = writableElectionId(String(req.params.electionId));
    const by = tokenLabel(res);
    const snapshot = await goLive.goLive(electionId, req.body, by);
    logger.warn({ electionId, version: snapshot.version, epoch: snapshot.epoch, by }, 'election switched to live: test figures cleared');
    res.json(snapshot);
  });
  return router;
}

import { Router, type RequestHandler } from 'express';
import { ViewerTokenRequestSchema, type ViewerToken } from '../../shared/schemas/viewer-token.schema.ts';
import { noSuchElection, validationError } from '../errors/app-error.ts';
import type { ReaderAccess } from '../security/reader-access.ts';
import type { ViewerTokens } from '../security/viewer-tokens.ts';
import { writableElectionId } from './election-id.ts';
import { jsonBody } from './json-body.ts';

export interface ViewerTokenRoutesDeps {
  viewer: ViewerTokens;
  access: ReaderAccess;
  /** A newsroom token (ingest or desk) whose scope covers the election. */
  requireToken: RequestHandler;
}

/** `POST /api/elections/:electionId/viewer-tokens`: a newsroom hands a reader (a partner, a screen) a link into an embargo. */
export function viewerTokenRoutes({ viewer, access, requireToken }: ViewerTokenRoutesDeps): Router {
  const router = Router();
  router.post('/:electionId/viewer-tokens', requireToken, jsonBody, async (req, res) => {
    const electionId = writableElectionId(String(req.params.electionId));
    const body = ViewerTokenRequestSchema.safeParse(req.body ?? {});
    if (!body.success) throw validationError(body.error, 'viewer token request');
    if ((await access.visibility(electionId)) === null) throw noSuchElection(electionId);
    const minted = await viewer.mint([electionId], body.data.ttlSeconds);
    res.status(201).json({ electionId, ...minted } satisfies ViewerToken);
  });
  return router;
}

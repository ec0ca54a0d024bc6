import { Router, type RequestHandler } from 'express';
import { NightIdSchema } from '../../shared/schemas/night.schema.ts';
import { validationError } from '../errors/app-error.ts';
import type { NightService } from '../nights/night-service.ts';
import { noSuchNight } from '../nights/no-such-night.ts';
import type { Principal } from '../security/token-registry.ts';
import { JSON_TYPE, sendCacheable, versionTag, type CacheSettings } from './http-cache.ts';
import { definitionJsonBody } from './json-body.ts';

export interface NightRoutesDeps {
  nights: NightService;
  requireToken: RequestHandler;
  /** HTTP_MAX_AGE_S, HTTP_STALE_WHILE_REVALIDATE_S: a night's page polls its snapshot through a CDN. */
  http: CacheSettings;
}

/** `/api/nights`: list, read a night's snapshot, define or replace one. */
export function nightRoutes({ nights, requireToken, http }: NightRoutesDeps): Router {
  const router = Router();

  router.get('/', async (_req, res) => {
    res.json({ nights: await nights.list() });
  });

  // The night snapshot: cacheable like an election's (ETag of epoch and version, 304).
  router.get('/:nightId', async (req, res) => {
    const nightId = String(req.params.nightId);
    const snapshot = NightIdSchema.safeParse(nightId).success ? await nights.snapshot(nightId) : null;
    if (!snapshot) throw noSuchNight(nightId);
    // Public by rule (a night holds public elections only); the epoch and version fix the bytes.
    await sendCacheable(req, res, { etag: versionTag(snapshot), cache: { ...http, private: false }, type: JSON_TYPE, body: () => JSON.stringify(snapshot) });
  });

  // A night of 2,000 contests is about 140 KB of JSON: the definition limit (1 MB), not the bulletin one.
  router.put('/:nightId', requireToken, definitionJsonBody, async (req, res) => {
    const parsed = NightIdSchema.safeParse(String(req.params.nightId));
    if (!parsed.success) throw validationError(parsed.error, 'nightId').withPathPrefix('nightId');
    const result = await nights.define(parsed.data, req.body, res.locals.principal as Principal | undefined);
    res.status(result.status).json(result.snapshot);
  });

  return router;
}

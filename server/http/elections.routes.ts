import { Router, type Request, type RequestHandler } from 'express';
import type { ElectionSummary } from '../../shared/schemas/election.schema.ts';
import type { Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import { visibilityOf } from '../../shared/tally/visibility.ts';
import { noSuchElection } from '../errors/app-error.ts';
import type { createDefinitionService } from '../ingest/definition-service.ts';
import type { ElectionCache } from '../push/election-cache.ts';
import { tokenLabel } from '../security/auth.ts';
import type { Store } from '../store/store.ts';
import { readableElectionId, writableElectionId } from './election-id.ts';
import { JSON_TYPE, serveCached, versionTag, type CacheSettings } from './http-cache.ts';
import { definitionJsonBody } from './json-body.ts';

export interface ElectionRoutesDeps {
  store: Store;
  /** The node's HTTP read cache (HTTP_CACHE_TRUST_MS): a poll of an unchanged election reads no Redis. */
  cache: ElectionCache;
  /** HTTP_MAX_AGE_S, HTTP_STALE_WHILE_REVALIDATE_S. */
  http: CacheSettings;
  definitions: ReturnType<typeof createDefinitionService>;
  requireToken: RequestHandler;
  /** Adds server-side fields (the audience) to a snapshot read over HTTP. */
  withAudience?: (snapshot: Snapshot) => Promise<Snapshot>;
  /** Leaves out of the list the elections this request may not read (private ones). */
  visibleTo?: (req: Request, summaries: ElectionSummary[]) => Promise<ElectionSummary[]>;
  /** Guards the read of one election (private ones need a viewer token). */
  requireReader?: RequestHandler;
}

const pass: RequestHandler = (_req, _res, next) => next();

/** `/api/elections`: list, read a snapshot (cacheable: server/http/http-cache.ts), define or replace. */
export function electionRoutes({ store, cache, http, definitions, requireToken, withAudience = async (s) => s, visibleTo = async (_req, s) => s, requireReader = pass }: ElectionRoutesDeps): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    res.json({ elections: await visibleTo(req, await store.list()) });
  });

  // The snapshot: ETag of its epoch and version (and the audience it carries), 304 without a body.
  router.get('/:electionId', requireReader, async (req, res) => {
    const electionId = readableElectionId(String(req.params.electionId));
    await serveCached(req, res, {
      peek: () => cache.peek(electionId),
      get: () => cache.get(electionId).then((held) => held ?? Promise.reject(noSuchElection(electionId))),
      answer: async (held) => {
        const snapshot = await withAudience(held.snapshot);
        const parts = snapshot.audience === undefined ? [] : [`a${snapshot.audience}`];
        const policy = { ...http, private: visibilityOf(held.stored.definition) === 'private' };
        return { etag: versionTag(snapshot, ...parts), cache: policy, type: JSON_TYPE, body: () => JSON.stringify(snapshot) };
      },
    });
  });

  router.put('/:electionId', requireToken, definitionJsonBody, async (req, res) => {
    const electionId = writableElectionId(String(req.params.electionId));
    const result = await definitions.define(electionId, req.body, tokenLabel(res));
    res.status(result.status).json(result.snapshot);
  });

  return router;
}

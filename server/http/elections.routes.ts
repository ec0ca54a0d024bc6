import { Router, type Request, type RequestHandler } from 'express';
import type { ElectionSummary } from '../../shared/schemas/election.schema.ts';
import type { Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import { buildSnapshot } from '../../shared/tally/snapshot.ts';
import { noSuchElection } from '../errors/app-error.ts';
import type { createDefinitionService } from '../ingest/definition-service.ts';
import { tokenLabel } from '../security/auth.ts';
import type { Store } from '../store/store.ts';
import { readableElectionId, writableElectionId } from './election-id.ts';
import { definitionJsonBody } from './json-body.ts';

export interface ElectionRoutesDeps {
  store: Store;
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

/** `/api/elections`: list, read a snapshot, define or replace. */
export function electionRoutes({ store, definitions, requireToken, withAudience = async (s) => s, visibleTo = async (_req, s) => s, requireReader = pass }: ElectionRoutesDeps): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    res.json({ elections: await visibleTo(req, await store.list()) });
  });

  router.get('/:electionId', requireReader, async (req, res) => {
    const electionId = readableElectionId(String(req.params.electionId));
    const stored = await store.load(electionId);
    if (!stored) throw noSuchElection(electionId);
    res.json(await withAudience(buildSnapshot(stored)));
  });

  router.put('/:electionId', requireToken, definitionJsonBody, async (req, res) => {
    const electionId = writableElectionId(String(req.params.electionId));
    const result = await definitions.define(electionId, req.body, tokenLabel(res));
    res.status(result.status).json(result.snapshot);
  });

  return router;
}

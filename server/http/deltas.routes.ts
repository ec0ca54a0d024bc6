import type { RequestHandler } from 'express';
import { DeltaListQuerySchema, type DeltaList } from '../../shared/schemas/api.schema.ts';
import { wireDelta } from '../../shared/tally/compact-delta.ts';
import { visibilityOf } from '../../shared/tally/visibility.ts';
import { HistoryGoneError, noSuchElection, validationError } from '../errors/app-error.ts';
import { catchUp, type CatchUpLimits } from '../push/catch-up.ts';
import type { CachedElection, ElectionCache } from '../push/election-cache.ts';
import type { Store } from '../store/store.ts';
import { readableElectionId } from './election-id.ts';
import { JSON_TYPE, serveCached, versionTag, type CacheSettings } from './http-cache.ts';

export interface DeltaRoutesDeps {
  store: Store;
  /** The HTTP reads' cache (HTTP_CACHE_TRUST_MS). */
  cache: ElectionCache;
  http: CacheSettings;
  /** CATCHUP_MAX_DELTAS, CATCHUP_MAX_AGE_MS: the history a poller may be replayed, as a subscriber is. */
  limits: CatchUpLimits;
}

/** Answers kept per election, for its current version only: pollers of one version share them. */
const MAX_ANSWERS = 64;

/**
 * `GET /api/elections/:electionId/deltas?since=V[&epoch=E]`: what a poller missed since the version it
 * holds, the very deltas a reconnecting subscriber is replayed (`catchUp`), each in its wire form. A
 * poll of the current version is `deltas: []`; one the history cannot replay is `410 history_gone` with
 * the snapshot's URL. Cacheable like the snapshot (ETag of the version and `since`), and answered once
 * per version and `since` on a node however many poll.
 */
export function deltaList({ store, cache, http, limits }: DeltaRoutesDeps): RequestHandler {
  const answers = new Map<string, { cas: string; byQuery: Map<string, Promise<string>> }>();

  function answerOf(held: CachedElection, since: number, epoch: string | undefined): Promise<string> {
    const { electionId } = held.stored;
    let mine = answers.get(electionId);
    if (mine?.cas !== held.cas) {
      mine = { cas: held.cas, byQuery: new Map() };
      answers.set(electionId, mine);
    }
    const key = `${since}/${epoch ?? ''}`;
    let answer = mine.byQuery.get(key);
    if (!answer) {
      answer = replay(held, since, epoch);
      // A failed read is not remembered; a 410 is (it stays true for this version).
      answer.catch((error: unknown) => !(error instanceof HistoryGoneError) && mine.byQuery.delete(key));
      if (mine.byQuery.size < MAX_ANSWERS) mine.byQuery.set(key, answer);
    }
    return answer;
  }

  async function replay(held: CachedElection, since: number, epoch: string | undefined): Promise<string> {
    const { electionId, state } = held.stored;
    const { missed, recovered } = await catchUp(store, held.stored, { electionId, sinceVersion: since, ...(epoch ? { epoch } : {}) }, limits);
    if (!recovered) {
      const snapshot = `/api/elections/${electionId}`;
      throw new HistoryGoneError(`the changes after version ${since}${epoch ? ` of epoch ${epoch}` : ''} cannot be replayed (the election is at version ${state.version} of epoch ${state.epoch}): read the snapshot at ${snapshot}`, snapshot);
    }
    const body: DeltaList = { electionId, epoch: state.epoch, version: state.version, deltas: missed.map(wireDelta) };
    return JSON.stringify(body);
  }

  return async (req, res) => {
    const electionId = readableElectionId(String(req.params.electionId));
    const query = DeltaListQuerySchema.safeParse(req.query);
    if (!query.success) throw validationError(query.error, 'query');
    const { since, epoch } = query.data;
    if (answers.size > 1000) answers.clear();
    await serveCached(req, res, {
      peek: () => cache.peek(electionId),
      get: () => cache.get(electionId).then((held) => held ?? Promise.reject(noSuchElection(electionId))),
      // The answer follows from the version, `since` and the epoch asked: its tag is known before any read.
      answer: (held) => ({
        etag: versionTag(held.snapshot, `since-${since}`, epoch ?? '-'),
        cache: { ...http, private: visibilityOf(held.stored.definition) === 'private' },
        type: JSON_TYPE,
        body: () => answerOf(held, since, epoch),
      }),
    });
  };
}

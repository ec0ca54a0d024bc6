import { Router, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import { feedLocale, feedRows } from '../../shared/feeds/feed-rows.ts';
import { FeedFormatSchema, FeedQuerySchema } from '../../shared/schemas/feed.schema.ts';
import { noSuchElection, validationError } from '../errors/app-error.ts';
import { visibilityOf } from '../../shared/tally/visibility.ts';
import { readableElectionId } from './election-id.ts';
import { encodeFeed, FEED_TYPES } from './feed-formats.ts';
import type { FeedSources } from './feed-source.ts';
import { serveCached, versionTag, type CacheSettings } from './http-cache.ts';

const RoundParamSchema = z.coerce.number().int().min(1).max(2);

export interface FeedRoutesDeps {
  feeds: FeedSources;
  /** HTTP_MAX_AGE_S, HTTP_STALE_WHILE_REVALIDATE_S: pollers ask every second or two. */
  http: CacheSettings;
  /** Private elections need a viewer token (`?access_token=`: these tools cannot send headers). */
  requireReader: RequestHandler;
}

function parseRequest(req: Request): { electionId: string; format: z.infer<typeof FeedFormatSchema>; round: number | undefined; lang: string | undefined } {
  const electionId = readableElectionId(String(req.params.electionId));
  const format = FeedFormatSchema.safeParse(req.params.format);
  // An unknown extension names no feed.
  if (!format.success) throw noSuchElection(`${electionId}.${String(req.params.format)}`);
  const round = req.params.round === undefined ? undefined : RoundParamSchema.safeParse(req.params.round);
  if (round && !round.success) throw validationError(round.error, 'round').withPathPrefix('round');
  const query = FeedQuerySchema.safeParse(req.query);
  if (!query.success) throw validationError(query.error, 'query').withPathPrefix('query');
  return { electionId, format: format.data, round: round?.data, lang: query.data.lang };
}

/**
 * `GET /feeds/:electionId.json|.xml|.csv` and `/feeds/:electionId/rounds/:round.json|.xml|.csv`: one
 * flat row per candidate (shared/feeds/feed-rows.ts) for graphics systems that poll a file (vMix,
 * Flowics, XPression). ETag of the version and `304` on `If-None-Match`, so a poll of an unchanged
 * election costs a few bytes and no encoding; docs/broadcast.md sets them up.
 */
export function feedRoutes({ feeds, http, requireReader }: FeedRoutesDeps): Router {
  const router = Router();
  const serve: RequestHandler = async (req, res) => {
    const { electionId, format, round, lang } = parseRequest(req);
    await serveCached(req, res, {
      peek: () => feeds.peek(electionId),
      get: () => feeds.get(electionId).then((source) => source ?? Promise.reject(noSuchElection(electionId))),
      answer: (source) => {
        const { snapshot } = source;
        const shownRound = round ?? snapshot.rounds.at(-1)?.round ?? 1;
        const locale = feedLocale(lang, snapshot);
        return {
          // The bytes follow from the version, the format, the round and the locale: the tag is known first.
          etag: versionTag(snapshot, format, round ?? 'latest', locale.locale),
          body: async () => encodeFeed(format, feedRows({ snapshot, round, locale, votesChange: await source.votesChange(shownRound) }), { electionId, version: snapshot.version }),
          type: FEED_TYPES[format],
          cache: { ...http, private: visibilityOf(source.definition) === 'private' },
        };
      },
    });
  };
  router.get('/:electionId.:format', requireReader, serve);
  router.get('/:electionId/rounds/:round.:format', requireReader, serve);
  return router;
}

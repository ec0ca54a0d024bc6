import { createServer, type RequestListener, type Server as HttpServer } from 'node:http';
import express, { type Express, type Router } from 'express';
import type { Logger } from 'pino';
import type { ServerOptions } from 'socket.io';
import type { Config } from './config.ts';
import { bulletinAnswer, type BulletinAnswer } from './http/bulletin-answer.ts';
import { bulletinFastPath } from './http/bulletin-fast-path.ts';
import { bulletinRoutes } from './http/bulletins.routes.ts';
import { callRoutes } from './http/calls.routes.ts';
import { deltaList } from './http/deltas.routes.ts';
import { docsRoutes } from './http/docs.routes.ts';
import { electionRoutes } from './http/elections.routes.ts';
import { errorMiddleware, notFound } from './http/error-middleware.ts';
import { exportNight } from './http/export.routes.ts';
import { createFeedSource } from './http/feed-source.ts';
import { feedRoutes } from './http/feeds.routes.ts';
import { goLiveRoutes } from './http/go-live.routes.ts';
import { createInFlight } from './http/in-flight.ts';
import { ingestMeter } from './http/ingest-meter.ts';
import { opsRoutes } from './http/ops.routes.ts';
import { nightRoutes } from './http/nights.routes.ts';
import { notFoundPage, pageRoutes } from './http/pages.routes.ts';
import { requireReader, visibleTo } from './http/reader-guard.ts';
import { viewerTokenRoutes } from './http/viewer-token.routes.ts';
import { createIngest, type Ingest } from './ingest/create-ingest.ts';
import type { AudienceBoard } from './ops/audience-board.ts';
import { createNightService, type NightService } from './nights/night-service.ts';
import { createOps, type Ops } from './ops/ops.ts';
import { createPush, serveSubscriptions, type Publisher } from './push/create-push.ts';
import { createElectionCache, type ElectionCache } from './push/election-cache.ts';
import { serveNights } from './push/night-push.ts';
import { broadcastStoreStatus } from './push/store-status.ts';
import type { TallyServer } from './push/subscriptions.ts';
import { answerClientErrors, corsPolicy, securityHeaders } from './security/http-hardening.ts';
import { createSecurity, type Security } from './security/security.ts';
import type { Store } from './store/store.ts';

export interface AppDeps {
  config: Config;
  store: Store;
  logger: Logger;
  /** socket.io's Redis adapter joining the nodes (`server/push/redis-adapter.ts`); none: this node alone. */
  adapter?: ServerOptions['adapter'];
  /**
   * Where the nodes' audience counts meet, built by whoever opens Redis, on it (`createRedisAudienceBoard`);
   * none: this node's own, right for the embedded store.
   */
  audienceBoard?: AudienceBoard;
}

export interface App {
  httpServer: HttpServer;
  /** The express app: its routes are listed against the OpenAPI document in tests. */
  express: Express;
  io: TallyServer;
  /**
   * Graceful stop: /readyz turns 503, no new connection is accepted, in-flight requests (commits) finish
   * (up to SHUTDOWN_GRACE_MS), pending conflated deltas go out, then every socket is disconnected, which
   * tells clients to reconnect (to another node, behind a load balancer). Idempotent. The store stays
   * open (the caller owns it).
   */
  close(): Promise<void>;
  /** Re-reads TOKENS_FILE (the entry calls it on SIGHUP); false when unset or invalid (old tokens kept). */
  reloadTokens(): Promise<boolean>;
}

/** The composition root: every dependency is built here, from the pieces below, and handed down as arguments. */
export function createApp({ config, store, logger, adapter, audienceBoard }: AppDeps): App {
  // The HTTP handler is set once the routes are built: the fast path first, express for the rest.
  let handle: RequestListener = (_req, res) => res.destroy();
  const httpServer = createServer((req, res) => handle(req, res));
  answerClientErrors(httpServer);
  // The HTTP reads' cache: a poll that holds the version read less than HTTP_CACHE_TRUST_MS ago reads
  // no Redis; this node's commits touch it.
  const reads = createElectionCache(store, { trustMs: config.httpCache.trustMs });
  // Visibility may be a moment old (only private to public can change): the trusted copy will do.
  const security = createSecurity({ config, store, logger, definitions: { load: async (id) => (reads.peek(id) ?? (await reads.get(id)))?.stored ?? null } });
  const push = createPush({ config, httpServer, logger, adapter });
  const ops = createOps({ io: push.io, store, config, logger, audienceBoard, conflateWindowMs: push.publisher.windowMs });
  const publisher = touching(ops.meterPublisher(push.publisher), reads);
  const nightPush = serveNights({ io: push.io, store, logger, windowMs: () => push.publisher.windowMs() || config.conflateMs, clustered: adapter !== undefined });
  const nights = createNightService({ store, logger, listener: nightPush.listener });
  const ingest = createIngest({ store, publisher, access: security.access, committed: nights.contestChanged });
  // The writer's cached copies may be of a Redis that came back empty: they go when it returns.
  broadcastStoreStatus(push.io, store.connection, { onBack: () => ingest.writer.forget() });
  serveSubscriptions(push.io, { config, store, logger, security, hooks: ops.subscriptionHooks });
  const inFlight = createInFlight();
  const http = createHttp({ config, store, reads, logger, security, ops, ingest, nights, inFlight });
  handle = http.handle;

  let closing: Promise<void> | null = null;
  return {
    httpServer,
    express: http.app,
    io: push.io,
    reloadTokens: () => security.registry.reload(),
    close() {
      security.close();
      nightPush.close();
      closing ??= stopGracefully({ config, logger, httpServer, io: push.io, ops, inFlight, publisher });
      return closing;
    },
  };
}

/** The publisher, touching the HTTP reads' cache first: a read after a commit here is never stale. */
function touching(publisher: Publisher, reads: ElectionCache): Publisher {
  return {
    ...publisher,
    delta(delta) {
      reads.touch(delta.electionId);
      publisher.delta(delta);
    },
    snapshot(snapshot) {
      reads.touch(snapshot.electionId);
      publisher.snapshot(snapshot);
    },
  };
}

interface HttpDeps {
  config: Config;
  store: Store;
  reads: ElectionCache;
  logger: Logger;
  security: Security;
  ops: Ops;
  ingest: Ingest;
  nights: NightService;
  inFlight: ReturnType<typeof createInFlight>;
}

/** The HTTP side: the bulletin fast path, then express with the ops routes, the API and the pages. */
function createHttp({ config, store, reads, logger, security, ops, ingest, nights, inFlight }: HttpDeps): { app: Express; handle: RequestListener } {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  const headers = securityHeaders(config);
  const cors = corsPolicy(config);
  const answer = bulletinAnswer({ bulletins: ingest.bulletins, logger });
  const fastPath = bulletinFastPath({ answer, admit: security.admitIngest, headers: [headers, cors], inFlight, metrics: ops.metrics, logger, trust: app.get('trust proxy fn') });
  app.use(headers);
  app.use(opsRoutes(ops));
  app.use(inFlight.middleware);
  app.use('/api', cors, apiRoutes({ config, store, reads, logger, security, ops, ingest, nights, answer }));
  app.use('/feeds', cors, feedRoutes({ feeds: createFeedSource({ store, cache: reads }), http: config.httpCache, requireReader: requireReader(security.access) }), notFound);
  app.use(pageRoutes());
  app.use(notFoundPage());
  app.use(errorMiddleware(logger));
  return {
    app,
    handle: (req, res) => {
      if (!fastPath(req, res)) app(req, res);
    },
  };
}

/** Every route under `/api`, each with its token or reader check. */
function apiRoutes({ config, store, reads, logger, security, ops, ingest, nights, answer }: Omit<HttpDeps, 'inFlight'> & { answer: BulletinAnswer }): Router {
  const api = express.Router();
  const requireToken = security.requireIngest;
  const readerCheck = requireReader(security.access);
  api.use(docsRoutes());
  api.use('/elections', electionRoutes({ store, cache: reads, http: config.httpCache, definitions: ingest.definitions, requireToken, withAudience: ops.withAudience, visibleTo: visibleTo(security.access), requireReader: readerCheck }));
  api.use('/elections', goLiveRoutes({ goLive: ingest.goLive, requireToken, logger }));
  api.use('/elections', viewerTokenRoutes({ viewer: security.viewer, access: security.access, requireToken: security.requireNewsroom }));
  api.get('/elections/:electionId/bulletins', readerCheck, exportNight({ store }));
  api.get('/elections/:electionId/deltas', readerCheck, deltaList({ store, cache: reads, http: config.httpCache, limits: { maxDeltas: config.catchUpMaxDeltas, maxAgeMs: config.catchUpMaxAgeMs } }));
  api.post('/elections/:electionId/bulletins', ingestMeter(ops.metrics));
  api.use('/elections/:electionId/calls', callRoutes({ store, calls: ingest.calls, requireDeskToken: security.requireDesk, requireReader: readerCheck, logger }));
  api.use('/elections/:electionId/bulletins', bulletinRoutes({ store, answer, requireToken }));
  api.use('/nights', nightRoutes({ nights, requireToken, http: config.httpCache }));
  api.use(notFound);
  return api;
}

/** The graceful stop of `App.close`, once. */
async function stopGracefully({ config, logger, httpServer, io, ops, inFlight, publisher }: { config: Config; logger: Logger; httpServer: HttpServer; io: TallyServer; ops: Ops; inFlight: ReturnType<typeof createInFlight>; publisher: Publisher }): Promise<void> {
  await ops.close();
  // Stop accepting: new TCP connections are refused, idle keep-alive ones closed.
  httpServer.close();
  httpServer.closeIdleConnections();
  if (!(await inFlight.settled(config.shutdownGraceMs))) logger.warn({ active: inFlight.active }, 'shutdown: requests still in flight after the grace period');
  publisher.flush();
  await new Promise<void>((resolve) => {
    // io.close() disconnects every socket ("io server disconnect": the SDK reconnects) and closes
    // the HTTP server it is attached to.
    void io.close(() => resolve());
    httpServer.closeAllConnections();
  });
}

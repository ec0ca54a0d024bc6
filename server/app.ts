import { createServer, type Server as HttpServer } from 'node:http';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { Server, type ServerOptions } from 'socket.io';
import type { Config } from './config.ts';
import { bulletinAnswer } from './http/bulletin-answer.ts';
import { bulletinFastPath } from './http/bulletin-fast-path.ts';
import { bulletinRoutes } from './http/bulletins.routes.ts';
import { callRoutes } from './http/calls.routes.ts';
import { docsRoutes } from './http/docs.routes.ts';
import { electionRoutes } from './http/elections.routes.ts';
import { errorMiddleware, notFound } from './http/error-middleware.ts';
import { exportNight } from './http/export.routes.ts';
import { goLiveRoutes } from './http/go-live.routes.ts';
import { ingestMeter } from './http/ingest-meter.ts';
import { opsRoutes } from './http/ops.routes.ts';
import { notFoundPage, pageRoutes } from './http/pages.routes.ts';
import { requireReader, visibleTo } from './http/reader-guard.ts';
import { viewerTokenRoutes } from './http/viewer-token.routes.ts';
import { createBulletinService } from './ingest/bulletin-service.ts';
import { createCallService } from './ingest/call-service.ts';
import { createDefinitionService } from './ingest/definition-service.ts';
import { createElectionWriter } from './ingest/election-writer.ts';
import { createGoLiveService } from './ingest/go-live-service.ts';
import { createInFlight } from './http/in-flight.ts';
import { createOps } from './ops/ops.ts';
import { limitConnections } from './push/connect-limit.ts';
import { cutOffSlowClients } from './push/slow-clients.ts';
import { broadcastStoreStatus } from './push/store-status.ts';
import type { RedisStore } from './store/redis-store.ts';
import { createPublisher, registerSubscriptions, type TallyServer } from './push/subscriptions.ts';
import { answerClientErrors, corsPolicy, securityHeaders, socketOriginCheck } from './security/http-hardening.ts';
import { createSecurity } from './security/security.ts';
import { expireWith, handshakeToken, limitSocketEvents } from './security/socket-guard.ts';
import type { Store } from './store/store.ts';

export interface AppDeps {
  config: Config;
  store: Store;
  logger: Logger;
  /** socket.io's Redis adapter joining the nodes (`server/push/redis-adapter.ts`); none: this node alone. */
  adapter?: ServerOptions['adapter'];
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

/** The composition root: every dependency is built here and handed down as arguments. */
export function createApp({ config, store, logger, adapter }: AppDeps): App {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  // The bulletin fast path (built below) answers the ingest hot path; express everything else.
  const httpServer = createServer((req, res) => {
    if (!fastPath(req, res)) app(req, res);
  });
  answerClientErrors(httpServer);
  // Polling needs sticky sessions behind a load balancer; without them, WebSocket only (ALLOW_POLLING).
  const transports: ServerOptions['transports'] = config.allowPolling ? ['websocket', 'polling'] : ['websocket'];
  const io: TallyServer = new Server(httpServer, {
    serveClient: false,
    transports,
    maxHttpBufferSize: config.socketMaxPayload,
    allowRequest: socketOriginCheck(config),
    cors: { origin: config.corsOrigins.includes('*') ? '*' : config.corsOrigins },
    ...(adapter ? { adapter } : {}),
  });
  limitConnections(io, config.connectRateLimit);
  cutOffSlowClients(io, config.slowClientMaxBytes, (bytes) => logger.warn({ bytes }, 'slow client cut off'));
  const inFlight = createInFlight();
  const security = createSecurity({ config, store, logger });

  const pushes = createPublisher(io, { conflateMs: config.conflateMs, conflateMaxMs: config.conflateMaxMs });
  const ops = createOps({ io, store, config, logger, conflateWindowMs: pushes.windowMs });
  const publisher = ops.meterPublisher(pushes);
  const writer = createElectionWriter({
    store,
    publish: {
      delta: publisher.delta,
      snapshot: (snapshot) => {
        // A replaced definition may have changed who may read the election.
        security.access.forget(snapshot.electionId);
        publisher.snapshot(snapshot);
      },
    },
  });
  // The writer's cached copies may be of a Redis that came back empty: they go when it returns.
  broadcastStoreStatus(io, store.kind === 'redis' ? (store as RedisStore).redis : null, { onBack: () => writer.forget() });
  const bulletins = createBulletinService({ writer });
  const definitions = createDefinitionService({ writer });
  const goLive = createGoLiveService({ writer });
  const tokenCheck = security.requireIngest;
  const readerCheck = requireReader(security.access);
  const calls = createCallService({ store, writer });
  const deskCheck = security.requireDesk;

  const headers = securityHeaders(config);
  const cors = corsPolicy(config);
  const answer = bulletinAnswer({ bulletins, logger });
  const fastPath = bulletinFastPath({
    answer,
    admit: security.admitIngest,
    headers: [headers, cors],
    inFlight,
    metrics: ops.metrics,
    logger,
    trust: app.get('trust proxy fn'),
  });
  app.use(headers);
  app.use(opsRoutes(ops));
  app.use(inFlight.middleware);
  const api = express.Router();
  api.use(cors);
  api.use(docsRoutes());
  api.use('/elections', electionRoutes({ store, definitions, requireToken: tokenCheck, withAudience: ops.withAudience, visibleTo: visibleTo(security.access), requireReader: readerCheck }));
  api.use('/elections', goLiveRoutes({ goLive, requireToken: tokenCheck, logger }));
  api.use('/elections', viewerTokenRoutes({ viewer: security.viewer, access: security.access, requireToken: security.requireNewsroom }));
  api.get('/elections/:electionId/bulletins', readerCheck, exportNight({ store }));
  api.post('/elections/:electionId/bulletins', ingestMeter(ops.metrics));
  api.use('/elections/:electionId/calls', callRoutes({ store, calls, requireDeskToken: deskCheck, requireReader: readerCheck, logger }));
  api.use('/elections/:electionId/bulletins', bulletinRoutes({ store, answer, requireToken: tokenCheck }));
  api.use(notFound);
  app.use('/api', api);
  app.use(pageRoutes());
  app.use(notFoundPage());
  app.use(errorMiddleware(logger));

  io.on('connection', (socket) => limitSocketEvents(socket, security.socketLimiter));
  registerSubscriptions(io, {
    store,
    logger,
    hooks: {
      ...ops.subscriptionHooks,
      authorize: async (socket, request) => expireWith(socket, await security.access.authorise(request.electionId, request.token ?? handshakeToken(socket))),
    },
    limits: { maxDeltas: config.catchUpMaxDeltas, maxAgeMs: config.catchUpMaxAgeMs },
  });

  let closing: Promise<void> | null = null;
  return {
    httpServer,
    express: app,
    io,
    reloadTokens: () => security.registry.reload(),
    close() {
      security.close();
      closing ??= (async () => {
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
      })();
      return closing;
    },
  };
}

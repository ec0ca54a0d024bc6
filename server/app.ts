import { createServer, type Server as HttpServer } from 'node:http';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import type { Config } from './config.ts';
import { createTokenVerifier, requireToken } from './http/auth.ts';
import { bulletinRoutes } from './http/bulletins.routes.ts';
import { callRoutes } from './http/calls.routes.ts';
import { docsRoutes } from './http/docs.routes.ts';
import { electionRoutes } from './http/elections.routes.ts';
import { errorMiddleware, notFound } from './http/error-middleware.ts';
import { exportNight } from './http/export.routes.ts';
import { goLiveRoutes } from './http/go-live.routes.ts';
import { ingestMeter, opsRoutes } from './http/ops.routes.ts';
import { pageRoutes } from './http/pages.routes.ts';
import { createBulletinService } from './ingest/bulletin-service.ts';
import { createCallService } from './ingest/call-service.ts';
import { createDefinitionService } from './ingest/definition-service.ts';
import { createElectionWriter } from './ingest/election-writer.ts';
import { createGoLiveService } from './ingest/go-live-service.ts';
import { createOps } from './ops/ops.ts';
import { createPublisher, registerSubscriptions, type TallyServer } from './push/subscriptions.ts';
import type { Store } from './store/store.ts';

export interface AppDeps {
  config: Config;
  store: Store;
  logger: Logger;
}

export interface App {
  httpServer: HttpServer;
  /** The express app: its routes are listed against the OpenAPI document in tests. */
  express: Express;
  io: TallyServer;
  /** Stops accepting, closes sockets and the HTTP server. Idempotent. The store stays open (the caller owns it). */
  close(): Promise<void>;
}

/** The composition root: every dependency is built here and handed down as arguments. */
export function createApp({ config, store, logger }: AppDeps): App {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  const httpServer = createServer(app);
  const io: TallyServer = new Server(httpServer, { serveClient: false });

  const ops = createOps({ io, store, config, logger });
  const publisher = ops.meterPublisher(createPublisher(io));
  const writer = createElectionWriter(store);
  const bulletins = createBulletinService({ store, writer, publish: publisher.delta });
  const definitions = createDefinitionService({ writer, publishSnapshot: publisher.snapshot });
  const goLive = createGoLiveService({ writer, publishSnapshot: publisher.snapshot });
  const tokenCheck = requireToken(createTokenVerifier(config.ingestTokens));
  const calls = createCallService({ store, writer, publish: publisher.delta });
  const deskCheck = requireToken(createTokenVerifier(config.deskTokens), {
    verify: createTokenVerifier(config.ingestTokens),
    message: config.deskTokens.length > 0 ? 'this token may post bulletins but not make desk calls: use a DESK_TOKENS token' : 'desk calls are off: set DESK_TOKENS on the server',
  });

  app.use(opsRoutes(ops));
  const api = express.Router();
  api.use(docsRoutes());
  api.use('/elections', electionRoutes({ store, definitions, requireToken: tokenCheck, withAudience: ops.withAudience }));
  api.use('/elections', goLiveRoutes({ goLive, requireToken: tokenCheck, logger }));
  api.get('/elections/:electionId/bulletins', exportNight({ store }));
  api.post('/elections/:electionId/bulletins', ingestMeter(ops.metrics));
  api.use('/elections/:electionId/calls', callRoutes({ store, calls, requireDeskToken: deskCheck, logger }));
  api.use('/elections/:electionId/bulletins', bulletinRoutes({ store, bulletins, requireToken: tokenCheck, logger }));
  api.use(notFound);
  app.use('/api', api);
  app.use(pageRoutes());
  app.use(errorMiddleware(logger));

  registerSubscriptions(io, { store, logger, hooks: ops.subscriptionHooks });

  let closing: Promise<void> | null = null;
  return {
    httpServer,
    express: app,
    io,
    close() {
      closing ??= ops.close().then(
        () =>
          new Promise<void>((resolve) => {
            // io.close() disconnects every socket and closes the HTTP server it is attached to.
            void io.close(() => resolve());
            httpServer.closeAllConnections();
          }),
      );
      return closing;
    },
  };
}

import type { Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import { Server, type ServerOptions } from 'socket.io';
import { socketOriginCheck } from '../security/http-hardening.ts';
import type { Security } from '../security/security.ts';
import { expireWith, handshakeToken, limitSocketEvents } from '../security/socket-guard.ts';
import type { Store } from '../store/store.ts';
import { limitConnections } from './connect-limit.ts';
import { cutOffSlowClients } from './slow-clients.ts';
import { createPublisher, registerSubscriptions, type SubscriptionHooks, type TallyServer } from './subscriptions.ts';

/** The settings of the push side (the composition root hands it the parsed config). */
export interface PushSettings {
  /** ALLOW_POLLING: long-polling besides WebSocket (needs sticky sessions behind a load balancer). */
  allowPolling: boolean;
  socketMaxPayload: number;
  corsOrigins: string[];
  connectRateLimit: number;
  slowClientMaxBytes: number;
  conflateMs: number;
  conflateMaxMs: number;
}

export interface PushDeps {
  config: PushSettings;
  httpServer: HttpServer;
  logger: Logger;
  /** socket.io's Redis adapter joining the nodes (`server/push/redis-adapter.ts`); none: this node alone. */
  adapter?: ServerOptions['adapter'];
}

/** socket.io on the HTTP server, with its connection limits, and the publisher: the only place the server emits. */
export function createPush({ config, httpServer, logger, adapter }: PushDeps) {
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
  const publisher = createPublisher(io, { conflateMs: config.conflateMs, conflateMaxMs: config.conflateMaxMs });
  return { io, publisher };
}

export type Publisher = ReturnType<typeof createPublisher>;

export interface SubscriptionServingDeps {
  config: { catchUpMaxDeltas: number; catchUpMaxAgeMs: number };
  store: Store;
  logger: Logger;
  security: Pick<Security, 'access' | 'socketLimiter'>;
  /** The observers of subscriptions (metrics, the audience count). */
  hooks: SubscriptionHooks;
}

/** Serves `subscribe`: events within the rate, private elections only to a token that opens them, catch-up within bounds. */
export function serveSubscriptions(io: TallyServer, { config, store, logger, security, hooks }: SubscriptionServingDeps): void {
  io.on('connection', (socket) => limitSocketEvents(socket, security.socketLimiter));
  registerSubscriptions(io, {
    store,
    logger,
    hooks: {
      ...hooks,
      authorize: async (socket, request) => expireWith(socket, await security.access.authorise(request.electionId, request.token ?? handshakeToken(socket))),
    },
    limits: { maxDeltas: config.catchUpMaxDeltas, maxAgeMs: config.catchUpMaxAgeMs },
  });
}

import type { Logger } from 'pino';
import type { Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import type { createPublisher, SubscriptionHooks, TallyServer } from '../push/subscriptions.ts';
import type { Store } from '../store/store.ts';
import { createMemoryAudienceBoard, type AudienceBoard } from './audience-board.ts';
import { createAudience } from './audience.ts';
import { meterDeliveries } from './delivery-meter.ts';
import { localElectionCounts } from './local-rooms.ts';
import { createMetrics } from './metrics.ts';
import { adapterCheck, storeCheck, type ReadinessCheck } from './readiness.ts';

type Publisher = ReturnType<typeof createPublisher>;

export interface OpsDeps {
  io: TallyServer;
  store: Store;
  /** AUDIENCE_INTERVAL_MS: how often this node reports its subscribers and pushes the audience. */
  config: { audienceIntervalMs: number };
  /**
   * Where the nodes' audience counts meet: built by whoever opens Redis, on that Redis (every node must
   * use the same one); by default this node's own, which is right for the embedded store (one node).
   */
  audienceBoard?: AudienceBoard;
  logger: Logger;
  /** The conflation window a room would open now (0: no conflation), for the metrics. */
  conflateWindowMs?: () => number;
}

/**
 * What operations watch, built in one place for the composition root: metrics, readiness checks and
 * the audience count, and the thin wrappers that feed them. None of it changes what a bulletin does.
 */
export function createOps({ io, store, config, logger, audienceBoard = createMemoryAudienceBoard(), conflateWindowMs = () => 0 }: OpsDeps) {
  const metrics = createMetrics({ connectedClients: () => io.engine.clientsCount, subscribersByElection: () => localElectionCounts(io), conflateWindowMs });
  const audience = createAudience({ io, board: audienceBoard, intervalMs: config.audienceIntervalMs, onError: (err) => logger.debug({ err }, 'audience count failed') });
  audience.start();
  store.connection?.on('error', () => metrics.redisErrors.inc());

  const countDeliveries = (n: number) => metrics.deliveries.inc(n);
  meterDeliveries(io, countDeliveries);
  // A cluster adapter set after start-up replaces the metered one: meter the new one on first use.
  io.on('connection', () => meterDeliveries(io, countDeliveries));

  let closing = false;
  const readiness: ReadinessCheck[] = [
    { name: 'process', check: () => { if (closing) throw new Error('shutting down'); } },
    storeCheck(store),
    adapterCheck(io),
  ];

  const subscriptionHooks: SubscriptionHooks = {
    snapshot: audience.decorate,
    subscribed: (result) => metrics.subscribes.inc({ result }),
  };

  return {
    metrics,
    audience,
    readiness,
    subscriptionHooks,
    /** The publisher, counting pushes; snapshots carry the audience. */
    meterPublisher(publisher: Publisher): Publisher {
      return {
        ...publisher,
        delta(delta) {
          metrics.pushes.inc({ event: 'delta' });
          publisher.delta(delta);
        },
        snapshot(snapshot) {
          metrics.pushes.inc({ event: 'snapshot' });
          publisher.snapshot(audience.decorate(snapshot));
        },
      };
    },
    /** A snapshot read over HTTP, with its audience when the count answers. */
    async withAudience(snapshot: Snapshot): Promise<Snapshot> {
      const count = await audience.total(snapshot.electionId);
      return count === undefined ? snapshot : { ...snapshot, audience: count };
    },
    /** Turns /readyz to 503 and withdraws this node's audience. Idempotent. */
    async close(): Promise<void> {
      closing = true;
      await audience.stop();
    },
  };
}

export type Ops = ReturnType<typeof createOps>;

import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

let processRegistry: Registry | undefined;

/**
 * Process metrics (event-loop lag, memory, GC, handles) once per process: they describe the process,
 * not an app, and registering them per app would start one event-loop monitor per test server.
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, eventLoopMonitoringPrecision: 20 });
  }
  return processRegistry;
}

/** Live figures the gauges read at scrape time (never on the push path). */
export interface MetricSources {
  connectedClients: () => number;
  subscribersByElection: () => Map<string, number>;
  /** The conflation window (milliseconds) a room opening one now gets; 0 without conflation. */
  conflateWindowMs: () => number;
}

/** Subscribe outcomes: a catch-up replay, a fresh snapshot, or an error ack. */
export type SubscribeOutcome = 'recovered' | 'snapshot' | 'refused';

/** The gauges, read from `sources` at scrape time. */
function registerGauges(registers: Registry[], sources: MetricSources): void {
  new Gauge({
    name: 'tallyroom_conflate_window_seconds',
    help: 'The conflation window a room opening one now gets: CONFLATE_MS, wider while the server is busy (up to CONFLATE_MAX_MS); 0 without conflation',
    registers,
    collect() {
      this.set(sources.conflateWindowMs() / 1000);
    },
  });
  new Gauge({
    name: 'tallyroom_connected_clients',
    help: 'Socket.io clients connected to this node',
    registers,
    collect() {
      this.set(sources.connectedClients());
    },
  });
  new Gauge({
    name: 'tallyroom_subscribers',
    help: 'Sockets on this node subscribed to each election (sum over nodes for the audience)',
    labelNames: ['election'] as const,
    registers,
    collect() {
      this.reset();
      for (const [election, count] of sources.subscribersByElection()) this.set({ election }, count);
    },
  });
}

/**
 * The app's Prometheus metrics, in a registry of its own (several apps may share a process in tests).
 * Every name is documented in docs/operations.md.
 */
export function createMetrics(sources: MetricSources) {
  const registry = new Registry();
  const registers = [registry];

  const bulletins = new Counter({
    name: 'tallyroom_bulletins_total',
    help: 'Bulletins posted, by outcome (accepted, duplicate, refused) and reason (the error code of a refusal)',
    labelNames: ['outcome', 'reason'] as const,
    registers,
  });
  const ingestSeconds = new Histogram({
    name: 'tallyroom_ingest_duration_seconds',
    help: 'Time from a bulletin request arriving to its answer, by outcome',
    labelNames: ['outcome'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers,
  });
  const pushes = new Counter({
    name: 'tallyroom_pushes_total',
    help: 'Changes this node pushed to an election room (one per accepted bulletin or definition change), by event',
    labelNames: ['event'] as const,
    registers,
  });
  const deliveries = new Counter({
    name: 'tallyroom_deliveries_total',
    help: "Messages written to this node's subscribers by room broadcasts (deltas, snapshots, audience counts)",
    registers,
  });
  const subscribes = new Counter({
    name: 'tallyroom_subscribes_total',
    help: 'Subscribe requests by result: recovered (catch-up replay of missed deltas), snapshot (fresh snapshot), refused',
    labelNames: ['result'] as const,
    registers,
  });
  const redisErrors = new Counter({
    name: 'tallyroom_redis_errors_total',
    help: 'Errors reported by the Redis connection (disconnects, timeouts, refused commands)',
    registers,
  });
  registerGauges(registers, sources);
  // Zero series for the outcomes every dashboard plots, so rates exist before the first event.
  bulletins.inc({ outcome: 'accepted', reason: '' }, 0);
  for (const result of ['recovered', 'snapshot', 'refused'] as const) subscribes.inc({ result }, 0);
  redisErrors.inc(0);

  return {
    bulletins,
    ingestSeconds,
    pushes,
    deliveries,
    subscribes,
    redisErrors,
    contentType: registry.contentType,
    /** The text exposition of the process and app metrics. */
    async render(): Promise<string> {
      return `${await processMetrics().metrics()}\n${await registry.metrics()}`;
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

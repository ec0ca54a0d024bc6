import { Router } from 'express';
import type { Metrics } from '../ops/metrics.ts';
import { checkReadiness, type ReadinessCheck } from '../ops/readiness.ts';

export interface OpsRoutesDeps {
  metrics: Metrics;
  readiness: readonly ReadinessCheck[];
}

/**
 * `/healthz` (the process answers: restart it if not), `/readyz` (it can serve: route traffic to it
 * only if so; 503 names the failing check) and `/metrics` (Prometheus). Outside `/api`, as load
 * balancers and scrapers expect; keep `/metrics` internal at the load balancer.
 */
export function opsRoutes({ metrics, readiness }: OpsRoutesDeps): Router {
  const router = Router();
  const started = Date.now();

  router.get('/healthz', (_req, res) => {
    res.set('cache-control', 'no-store').json({ status: 'ok', uptimeSeconds: Math.round((Date.now() - started) / 1000) });
  });

  router.get('/readyz', async (_req, res) => {
    const report = await checkReadiness(readiness);
    res.set('cache-control', 'no-store').status(report.ready ? 200 : 503).json({ status: report.ready ? 'ready' : 'not_ready', checks: report.checks });
  });

  router.get('/metrics', async (_req, res) => {
    res.set('cache-control', 'no-store').type(metrics.contentType).send(await metrics.render());
  });

  return router;
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRedisStore } from '../../server/store/redis-store.ts';
import { iran2017, seed000 } from '../fixtures/seeds.ts';
import { startPrivateRedis, type PrivateRedis } from '../helpers/private-redis.ts';
import { define, useTestServer } from '../helpers/test-server.ts';
import { collectDeltas, eventuallyAsync } from '../helpers/wait-for.ts';

/** The value of one series in a Prometheus text exposition (labels exactly as written), or undefined. */
function series(text: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

describe('health, readiness and metrics', () => {
  const server = useTestServer();
  beforeAll(() => define(server, 'metered', iran2017));

  it('/healthz and /readyz answer 200 with every check when Redis answers', async () => {
    expect(await server.request('GET', '/healthz', undefined, { token: null })).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await server.request('GET', '/readyz', undefined, { token: null })).toEqual({
      status: 200,
      body: { status: 'ready', checks: { process: 'ok', store: 'ok', adapter: 'ok' } },
    });
  });

  it('counts bulletins by outcome and reason, times them, and counts pushes, deliveries and subscribes', async () => {
    const watchers = await Promise.all([server.socket(), server.socket(), server.socket()]);
    for (const w of watchers) await w.emitWithAck('subscribe', { electionId: 'metered' });
    const stream = collectDeltas(watchers[0]!);
    expect((await server.request('POST', '/api/elections/metered/bulletins', seed000)).status).toBe(201);
    expect((await server.request('POST', '/api/elections/metered/bulletins', seed000)).status).toBe(200);
    const backwards = { ...seed000, id: 'backwards', ballotsCounted: 24_900_000, votes: { rouhani: 14_000_000 } };
    expect((await server.request('POST', '/api/elections/metered/bulletins', backwards)).status).toBe(409);
    await stream.until(1);
    const late = await server.socket();
    expect(await late.emitWithAck('subscribe', { electionId: 'metered', sinceVersion: 0 })).toMatchObject({ recovered: true });

    const res = await fetch(`${server.url}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(series(text, 'tallyroom_bulletins_total{outcome="accepted",reason=""}')).toBe(1);
    expect(series(text, 'tallyroom_bulletins_total{outcome="duplicate",reason=""}')).toBe(1);
    expect(series(text, 'tallyroom_bulletins_total{outcome="refused",reason="counts_backwards"}')).toBe(1);
    expect(series(text, 'tallyroom_ingest_duration_seconds_count{outcome="accepted"}')).toBe(1);
    expect(series(text, 'tallyroom_pushes_total{event="delta"}')).toBe(1);
    // One delta to three subscribers; audience updates may add more, never fewer.
    expect(series(text, 'tallyroom_deliveries_total')).toBeGreaterThanOrEqual(3);
    expect(series(text, 'tallyroom_subscribes_total{result="snapshot"}')).toBe(3);
    expect(series(text, 'tallyroom_subscribes_total{result="recovered"}')).toBe(1);
    expect(series(text, 'tallyroom_connected_clients')).toBe(4);
    expect(series(text, 'tallyroom_subscribers{election="metered"}')).toBe(4);
    expect(series(text, 'tallyroom_redis_errors_total')).toBe(0);
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    // CONFLATE_MS (200 by default) at least; wider only while the server is busy, never past CONFLATE_MAX_MS.
    expect(series(text, 'tallyroom_conflate_window_seconds')).toBeGreaterThanOrEqual(0.2);
    expect(series(text, 'tallyroom_conflate_window_seconds')).toBeLessThanOrEqual(2);
  });
});

describe('/readyz when Redis goes away', () => {
  // Started first and stopped last: after hooks run in reverse order, so the server closes before its Redis stops.
  let redis: PrivateRedis;
  beforeAll(async () => {
    redis = await startPrivateRedis();
  });
  afterAll(() => redis?.stop());
  const server = useTestServer(async () => ({ store: (await openRedisStore({ url: redis.url, prefix: 'ops-test:' })).store, prefix: 'ops-test:', env: { REDIS_URL: redis.url } }));

  it('answers 503 naming the store, while /healthz stays 200, and counts the Redis errors', async () => {
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    await redis.stop();
    const res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { status: string; checks: Record<string, string> };
    expect(body.status).toBe('not_ready');
    expect(body.checks.store).toMatch(/store cannot answer/);
    expect(body.checks.process).toBe('ok');
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    // The client reports each failed reconnection; the first comes within a retry delay.
    await eventuallyAsync(async () => ((series(await (await fetch(`${server.url}/metrics`)).text(), 'tallyroom_redis_errors_total') ?? 0) > 0 ? true : undefined), 5000, 'a Redis error counted');
  });
});

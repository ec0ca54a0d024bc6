import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { AddressInfo } from 'node:net';
import { createApp, type App } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { openRedisStore } from '../../server/store/redis-store.ts';
import type { Store } from '../../server/store/store.ts';
import { iran2017, seed000 } from '../fixtures/seeds.ts';
import { TEST_TOKEN } from '../helpers/test-server.ts';
import { io as connect } from 'socket.io-client';

/** Redis that does not answer: every read and write is a clear 503, never a hang or a 2xx. */
describe('when Redis does not answer', () => {
  let app: App;
  let store: Store;
  let url: string;

  beforeAll(async () => {
    // Port 1 on loopback: nothing listens, so every connection attempt is refused.
    ({ store } = await openRedisStore({ url: 'redis://127.0.0.1:1', prefix: 'nowhere:', readyTimeoutMs: 200 }));
    app = createApp({ config: loadConfig({ INGEST_TOKENS: `desk:${TEST_TOKEN}`, NODE_ENV: 'test' }), store, logger: pino({ level: 'silent' }) });
    await new Promise<void>((r) => app.httpServer.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  const send = (method: string, path: string, body?: unknown) =>
    fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined }).then(async (r) => ({ status: r.status, body: await r.json() }));

  it.each([
    ['PUT', '/api/elections/iran-2017', iran2017],
    ['POST', '/api/elections/iran-2017/bulletins', seed000],
    ['GET', '/api/elections/iran-2017', undefined],
    ['GET', '/api/elections', undefined],
  ])('%s %s answers 503 store_unavailable', async (method, path, body) => {
    const res = await send(method, path, body);
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('store_unavailable');
    expect(res.body.error.message).toMatch(/retry/);
  });

  it('still refuses invalid bulletins as invalid, before touching the store', async () => {
    expect((await send('POST', '/api/elections/iran-2017/bulletins', { votes: {} })).status).toBe(400);
  });

  it('answers a subscribe with an error ack', async () => {
    const socket = connect(url, { transports: ['websocket'], reconnection: false });
    try {
      const ack = await socket.emitWithAck('subscribe', { electionId: 'iran-2017' });
      expect(ack).toMatchObject({ ok: false, error: { code: 'store_unavailable' } });
    } finally {
      socket.disconnect();
    }
  });
});

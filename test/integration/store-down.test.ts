import { describe, expect, it } from 'vitest';
import { openRedisStore } from '../../server/store/redis-store.ts';
import { iran2017, seed000 } from '../fixtures/seeds.ts';
import { useTestServer } from '../helpers/test-server.ts';

/** Redis that does not answer: every read and write is a clear 503, never a hang or a 2xx. */
describe('when Redis does not answer', () => {
  // Port 1 on loopback: nothing listens, so every connection attempt is refused.
  const server = useTestServer(async () => ({ store: (await openRedisStore({ url: 'redis://127.0.0.1:1', prefix: 'nowhere:', readyTimeoutMs: 200 })).store, prefix: 'nowhere:' }));

  const send = (method: string, path: string, body?: unknown) => server.request(method, path, body);

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
    const socket = await server.socket();
    const ack = await socket.emitWithAck('subscribe', { electionId: 'iran-2017' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'store_unavailable' } });
  });
});

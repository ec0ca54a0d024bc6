import { io as connect } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { createTallyClient } from '../../client/sdk/index.ts';
import { useTestServer } from '../helpers/test-server.ts';
import { eventually } from '../helpers/wait-for.ts';

describe('CONNECT_RATE_LIMIT', () => {
  const server = useTestServer({ store: 'memory', env: { CONNECT_RATE_LIMIT: '1' } });

  it('refuses connections beyond the rate with a reason and a wait, which the SDK honours', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 3 }, () => {
        const socket = connect(server.url, { transports: ['websocket'], reconnection: false, forceNew: true });
        return new Promise<{ ok: true } | { ok: false; data: unknown }>((resolve) => {
          socket.once('connect', () => resolve({ ok: true }));
          socket.once('connect_error', (error) => resolve({ ok: false, data: (error as { data?: unknown }).data }));
        }).finally(() => socket.disconnect());
      }),
    );
    expect(outcomes.filter((o) => o.ok).length).toBe(1);
    const refused = outcomes.find((o) => !o.ok) as { ok: false; data: { code: string; retryAfterMs: number } };
    expect(refused.data).toMatchObject({ code: 'rate_limited', retryAfterMs: expect.any(Number) });
    expect(refused.data.retryAfterMs).toBeGreaterThanOrEqual(1000);

    // The bucket is empty now: the SDK is refused too, and waits at least as long as told, not its
    // own (much shorter) backoff.
    const client = createTallyClient({ url: server.url, transports: ['websocket'], backoff: { baseMs: 10, capMs: 20 } });
    try {
      const sub = client.subscribe('anything');
      const status = await eventually(() => (sub.status.state === 'reconnecting' && sub.status.retryAt !== null ? sub.status : undefined), 5000, 'refused');
      expect(status.reason).toMatch(/too many connections/);
      expect(status.retryAt! - status.since).toBeGreaterThanOrEqual(1000);
    } finally {
      client.close();
    }
  });
});

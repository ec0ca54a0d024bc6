import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { createApp, type App } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { createMemoryStore } from '../../server/store/memory-store.ts';
import { TEST_TOKEN } from './test-server.ts';

/**
 * A server that can be stopped and started again on the same port, as a deploy or a crash does to
 * clients, plus a twin on the same (embedded) store that stays up: bulletins posted to the twin while
 * the main server is down are what clients must catch up on. Without a socket.io adapter the twin's
 * deltas never reach the main server's clients, which is also how a real gap is made.
 */
export async function startRestartableServer(env: Record<string, string> = {}) {
  const store = createMemoryStore();
  const config = loadConfig({ INGEST_TOKENS: `desk:${TEST_TOKEN}`, NODE_ENV: 'test', ...env });
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const listen = async (port: number): Promise<App> => {
    const app = createApp({ config, store, logger });
    await new Promise<void>((resolve, reject) => {
      app.httpServer.once('error', reject);
      app.httpServer.listen(port, '127.0.0.1', () => resolve());
    });
    return app;
  };
  let main: App | null = await listen(0);
  const port = (main.httpServer.address() as AddressInfo).port;
  const twin = await listen(0);
  const url = `http://127.0.0.1:${port}`;
  const twinUrl = `http://127.0.0.1:${(twin.httpServer.address() as AddressInfo).port}`;

  return {
    url,
    twinUrl,
    /** An API call with the test token, to the main server or (`via: 'twin'`) the twin. */
    async request(method: string, path: string, body?: unknown, via: 'main' | 'twin' = 'main'): Promise<{ status: number; body: any }> {
      const res = await fetch(`${via === 'twin' ? twinUrl : url}${path}`, {
        method,
        headers: { authorization: `Bearer ${TEST_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    /** The main server goes away: every socket is dropped, the port refuses connections. */
    async stop(): Promise<void> {
      await main?.close();
      main = null;
    },
    /** The main server comes back on the same port, with everything the store holds. */
    async start(): Promise<void> {
      main ??= await listen(port);
    },
    /** The main server's socket.io, while it is up. */
    io() {
      return main?.io ?? null;
    },
    async close(): Promise<void> {
      await main?.close();
      await twin.close();
      await store.close();
    },
  };
}

export type RestartableServer = Awaited<ReturnType<typeof startRestartableServer>>;

/** Fails loudly unless the answer is a success. */
export function ok<T extends { status: number; body: unknown }>(answer: T, what: string): T {
  if (answer.status >= 300) throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer;
}

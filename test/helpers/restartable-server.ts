import type { AddressInfo } from 'node:net';
import type { App } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { createMemoryStore } from '../../server/store/memory-store.ts';
import { callApi, TEST_TOKEN, type ApiAnswer } from './api.ts';
import { listenApp } from './test-server.ts';

/** The decision desk's token on these servers (DESK_TOKENS, label `anchor`). */
export const DESK_TEST_TOKEN = 'anchor-desk-token-0123456789';

/**
 * A server that can be stopped and started again on the same port, as a deploy or a crash does to
 * clients, plus a twin on the same (embedded) store that stays up: bulletins posted to the twin while
 * the main server is down are what clients must catch up on. Without a socket.io adapter the twin's
 * deltas never reach the main server's clients, which is also how a real gap is made.
 */
export async function startRestartableServer(env: Record<string, string> = {}) {
  const store = createMemoryStore();
  const config = loadConfig({ INGEST_TOKENS: `desk:${TEST_TOKEN}`, DESK_TOKENS: `anchor:${DESK_TEST_TOKEN}`, NODE_ENV: 'test', ...env });
  const first = await listenApp(config, store);
  let main: App | null = first.app;
  const port = (main.httpServer.address() as AddressInfo).port;
  const { app: twin, url: twinUrl } = await listenApp(config, store);
  const url = first.url;

  return {
    url,
    twinUrl,
    /** An API call with the test token, to the main server or (`via: 'twin'`) the twin. */
    request(method: string, path: string, body?: unknown, via: 'main' | 'twin' = 'main'): Promise<ApiAnswer> {
      return callApi(via === 'twin' ? twinUrl : url, method, path, body);
    },
    /** The main server goes away: every socket is dropped, the port refuses connections. */
    async stop(): Promise<void> {
      await main?.close();
      main = null;
    },
    /** The main server comes back on the same port, with everything the store holds. */
    async start(): Promise<void> {
      main ??= (await listenApp(config, store, port)).app;
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

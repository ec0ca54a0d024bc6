import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { io as connect, type Socket } from 'socket.io-client';
import { createApp, type App } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { createMemoryStore } from '../../server/store/memory-store.ts';
import { openRedisStore } from '../../server/store/redis-store.ts';
import type { Store } from '../../server/store/store.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/events.ts';
import { deleteKeys, randomPrefix, REDIS_URL } from './redis.ts';

export const TEST_TOKEN = 'test-desk-token-0123456789';
export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TestServer {
  url: string;
  app: App;
  store: Store;
  prefix: string;
  /** fetch against the server; `token: null` sends no Authorization header. */
  request(method: string, path: string, body?: unknown, options?: { token?: string | null; headers?: Record<string, string>; raw?: string }): Promise<{ status: number; body: any }>;
  /** A real socket.io client on a WebSocket. */
  socket(): Promise<TestSocket>;
  close(): Promise<void>;
}

/**
 * Boots the real app on port 0 with a real store: Redis under a private prefix (default), or the
 * embedded one. `close` disconnects every client, stops the server and deletes the prefix's keys.
 */
export async function startTestServer(options: { store?: 'redis' | 'memory'; prefix?: string; keepKeys?: boolean; env?: Record<string, string> } = {}): Promise<TestServer> {
  const prefix = options.prefix ?? randomPrefix();
  const config = loadConfig({ INGEST_TOKENS: `desk:${TEST_TOKEN},second-desk:${TEST_TOKEN}-2`, REDIS_URL, REDIS_PREFIX: prefix, NODE_ENV: 'test', PORT: '0', ...options.env });
  const store = options.store === 'memory' ? createMemoryStore() : (await openRedisStore({ url: REDIS_URL, prefix })).store;
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const app = createApp({ config, store, logger });
  await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}`;
  const sockets: TestSocket[] = [];

  return {
    url,
    app,
    store,
    prefix,
    async request(method, path, body, { token = TEST_TOKEN, headers = {}, raw } = {}) {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: {
          ...(body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    async socket() {
      const socket: TestSocket = connect(url, { transports: ['websocket'], reconnection: false, forceNew: true });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      return socket;
    },
    async close() {
      for (const s of sockets) s.disconnect();
      await app.close();
      await store.close();
      if (!options.keepKeys) await deleteKeys(prefix);
    },
  };
}

/** Defines an election through the API, failing loudly if refused. */
export async function define(server: TestServer, electionId: string, definition: unknown): Promise<void> {
  const res = await server.request('PUT', `/api/elections/${electionId}`, definition);
  if (res.status !== 201 && res.status !== 200) throw new Error(`define ${electionId}: ${res.status} ${JSON.stringify(res.body)}`);
}

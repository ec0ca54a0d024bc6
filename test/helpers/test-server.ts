import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { createApp, type App } from '../../server/app.ts';
import { loadConfig, type Config } from '../../server/config.ts';
import { createRedisAudienceBoard, type AudienceBoard } from '../../server/ops/audience-board.ts';
import { createMemoryStore } from '../../server/store/memory-store.ts';
import { openRedisStore } from '../../server/store/redis-store.ts';
import type { Store } from '../../server/store/store.ts';
import { callApi, ok, TEST_TOKEN, type ApiAnswer, type ApiOptions } from './api.ts';
import { deleteKeys, randomPrefix, REDIS_URL } from './redis.ts';
import { connectSocket, type TestSocket } from './socket.ts';

export { TEST_TOKEN } from './api.ts';
export type { TestSocket } from './socket.ts';

export interface TestServer {
  url: string;
  app: App;
  store: Store;
  prefix: string;
  /** An API call to the server (`callApi`); `token: null` sends no Authorization header. */
  request(method: string, path: string, body?: unknown, options?: ApiOptions): Promise<ApiAnswer>;
  /** A real socket.io client on a WebSocket. */
  socket(): Promise<TestSocket>;
  close(): Promise<void>;
}

/** How a test server is made: its store, its key prefix, whether its keys outlive it, its settings. */
export interface TestServerOptions {
  store?: 'redis' | 'memory' | Store;
  prefix?: string;
  keepKeys?: boolean;
  env?: Record<string, string>;
}

/**
 * The real app listening on 127.0.0.1 at `port` (0: a free one), logging only what TEST_LOG_LEVEL asks
 * for. Rejects when the port is taken.
 */
export async function listenApp(config: Config, store: Store, port = 0, audienceBoard?: AudienceBoard): Promise<{ app: App; url: string }> {
  const app = createApp({ config, store, logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }), ...(audienceBoard ? { audienceBoard } : {}) });
  await new Promise<void>((resolve, reject) => {
    app.httpServer.once('error', reject);
    app.httpServer.listen(port, '127.0.0.1', () => resolve());
  });
  return { app, url: `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}` };
}

/**
 * Boots the real app on port 0 with a real store: Redis under a private prefix (default), the
 * embedded one, or one the test opened itself (a Redis of its own, or one that does not answer).
 * `close` disconnects every client, stops the server, closes the store and deletes the prefix's keys.
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const prefix = options.prefix ?? randomPrefix();
  const config = loadConfig({ INGEST_TOKENS: `desk:${TEST_TOKEN},second-desk:${TEST_TOKEN}-2`, REDIS_URL, REDIS_PREFIX: prefix, NODE_ENV: 'test', PORT: '0', ...options.env });
  const given = typeof options.store === 'object' ? options.store : null;
  const redis = given || options.store === 'memory' ? null : (await openRedisStore({ url: REDIS_URL, prefix })).store;
  const store = given ?? redis ?? createMemoryStore();
  // As the entry does: on the Redis it opens, the audience board every node shares.
  const { app, url } = await listenApp(config, store, 0, redis ? createRedisAudienceBoard(redis.redis, prefix) : undefined);
  const sockets: TestSocket[] = [];

  return {
    url,
    app,
    store,
    prefix,
    request: (method, path, body, options) => callApi(url, method, path, body, options),
    socket: () => connectSocket(url, { opened: sockets }),
    async close() {
      for (const s of sockets) s.disconnect();
      await app.close();
      await store.close();
      if (!options.keepKeys && !given) await deleteKeys(prefix);
    },
  };
}

/**
 * A test server for the enclosing `describe` (or file): started before its tests, from `options` or
 * from what `options()` resolves to (a store the test opens first), and closed after them. The handle
 * stands for the server, so hooks and tests use it as the server itself.
 */
export function useTestServer(options: TestServerOptions | (() => Promise<TestServerOptions>) = {}): TestServer {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startTestServer(typeof options === 'function' ? await options() : options);
  });
  afterAll(async () => {
    await server?.close();
  });
  const started = (): TestServer => {
    if (!server) throw new Error('the test server starts in beforeAll: use it in a hook or a test');
    return server;
  };
  return {
    get url() {
      return started().url;
    },
    get app() {
      return started().app;
    },
    get store() {
      return started().store;
    },
    get prefix() {
      return started().prefix;
    },
    request: (...call) => started().request(...call),
    socket: () => started().socket(),
    close: () => started().close(),
  };
}

/** Defines an election through the API and posts `bulletins` to it in order, failing loudly if any is refused. */
export async function define(server: { request(method: string, path: string, body?: unknown): Promise<ApiAnswer> }, electionId: string, definition: unknown, ...bulletins: unknown[]): Promise<void> {
  ok(await server.request('PUT', `/api/elections/${electionId}`, definition), `define ${electionId}`);
  for (const [i, b] of bulletins.entries()) ok(await server.request('POST', `/api/elections/${electionId}/bulletins`, b), `${electionId}: bulletin ${i + 1}`);
}

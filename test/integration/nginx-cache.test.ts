import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NGINX_PATH, startNginx, type NginxProcess } from '../../bench/infra/nginx.ts';
import { originLoad, runPollers } from '../../bench/lib/pollers.ts';
import { iran2017, seed000 } from '../fixtures/seeds.ts';
import { define, TEST_TOKEN, useTestServer } from '../helpers/test-server.ts';
import { eventuallyAsync } from '../helpers/wait-for.ts';

const later = (electionId: string, n: number) => ({ ...seed000, id: `${electionId}-${n}`, issuedAt: undefined, ballotsCounted: 25_000_000 + n * 10_000, votes: { rouhani: 14_619_000 + n * 6_000, raisi: 10_125_000 + n * 4_000 } });

const installed = existsSync(NGINX_PATH);
if (!installed) console.warn(`nginx-cache.test.ts: SKIPPED: no nginx at ${NGINX_PATH} (apt-get install nginx-light; .ci/run installs it)`);

describe.skipIf(!installed)('deploy/nginx-cache.conf: a real nginx caching in front of a node (real Redis)', () => {
  const server = useTestServer();
  let nginx: NginxProcess;
  /** What reached the origin: each request's path and status. */
  const origin: Array<{ method: string; url: string; status: number }> = [];
  const counters = new Map<string, number>();

  beforeAll(async () => {
    server.app.httpServer.on('request', (req, res) => {
      // express rewrites req.url while routing; originalUrl is the path as asked.
      const url = (req as { originalUrl?: string }).originalUrl ?? req.url ?? '';
      res.once('finish', () => origin.push({ method: req.method ?? '', url, status: res.statusCode }));
    });
    await define(server, 'proxied', iran2017, seed000);
    await define(server, 'proxied-private', { ...iran2017, visibility: 'private' }, seed000);
    nginx = await startNginx({ upstreams: [new URL(server.url).host] });
  });
  afterAll(async () => {
    await nginx?.stop();
  });

  const viaProxy = (path: string, headers: Record<string, string> = {}) => fetch(`${nginx.url}${path}`, { headers });
  const reachedOrigin = (path: string) => origin.filter((o) => o.method === 'GET' && o.url === path);
  async function post(electionId: string): Promise<void> {
    const n = (counters.get(electionId) ?? 0) + 1;
    counters.set(electionId, n);
    const res = await server.request('POST', `/api/elections/${electionId}/bulletins`, later(electionId, n));
    if (res.status !== 201) throw new Error(`post ${electionId} ${n}: ${res.status} ${JSON.stringify(res.body)}`);
  }

  it('caches the snapshot: a miss, then hits with the origin\'s ETag and Cache-Control; the origin sees one request', async () => {
    const first = await viaProxy('/api/elections/proxied');
    expect(first.status).toBe(200);
    expect(first.headers.get('x-cache-status')).toBe('MISS');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+\.1(\.a\d+)?"$/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=1, stale-while-revalidate=5');
    const hits = await Promise.all(Array.from({ length: 20 }, () => viaProxy('/api/elections/proxied')));
    expect(hits.map((h) => h.headers.get('x-cache-status'))).toEqual(Array(20).fill('HIT'));
    expect(hits.every((h) => h.headers.get('etag') === etag)).toBe(true);
    expect(reachedOrigin('/api/elections/proxied')).toHaveLength(1);
    // A reader's own If-None-Match is answered by nginx.
    expect((await viaProxy('/api/elections/proxied', { 'if-none-match': etag! })).status).toBe(304);
  });

  it('once stale, nginx revalidates with the ETag: the origin answers 304 (nothing changed), readers keep getting the answer', async () => {
    await eventuallyAsync(async () => {
      const res = await viaProxy('/api/elections/proxied');
      expect(res.status).toBe(200);
      return reachedOrigin('/api/elections/proxied').some((o) => o.status === 304) ? true : undefined;
    }, 10_000, 'a revalidation answered 304 by the origin');
    expect(nginx.log().some((l) => l.uri === '/api/elections/proxied' && l.cache === 'REVALIDATED')).toBe(true);
  });

  it('a new version reaches readers through the cache within max-age and a poll', async () => {
    await post('proxied');
    const committed = Date.now();
    const version = await eventuallyAsync(async () => {
      const body = (await (await viaProxy('/api/elections/proxied')).json()) as { version: number };
      return body.version === 2 ? body.version : undefined;
    }, 5000, 'version 2 through nginx');
    expect(version).toBe(2);
    // max-age=1, plus the one background revalidation that brings it.
    expect(Date.now() - committed).toBeLessThan(3000);
  });

  it('a private election is never stored nor served from the cache (negative control of the hits above)', async () => {
    const token = TEST_TOKEN;
    for (let i = 0; i < 3; i++) {
      const res = await viaProxy(`/api/elections/proxied-private?access_token=${token}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('private, no-store');
      expect(res.headers.get('x-cache-status')).toBe('BYPASS');
    }
    for (let i = 0; i < 3; i++) expect((await viaProxy('/api/elections/proxied-private', { authorization: `Bearer ${token}` })).headers.get('x-cache-status')).toBe('BYPASS');
    expect(origin.filter((o) => o.method === 'GET' && o.url.startsWith('/api/elections/proxied-private'))).toHaveLength(6);
    // Without a token: 401, never a cached copy of someone else's answer, and the 401 is not kept either.
    expect((await viaProxy('/api/elections/proxied-private')).status).toBe(401);
    expect((await viaProxy('/api/elections/proxied-private')).status).toBe(401);
    expect(origin.filter((o) => o.method === 'GET' && o.url === '/api/elections/proxied-private' && o.status === 401)).toHaveLength(2);
  });

  it('300 polling readers of three elections, a bulletin every 500 ms each: the origin sees a few requests per election per second, every reader every version in order', async () => {
    const electionIds = ['night-a', 'night-b', 'night-c'];
    for (const id of electionIds) await define(server, id, iran2017, seed000);
    const before = nginx.log().length;
    const originBefore = origin.length;
    const result = await runPollers({ url: nginx.url, electionIds, readers: 300, pollMs: 500, seconds: 4, bulletinMs: 500, settleMs: 2500, post });
    const log = nginx.log().slice(before);
    const load = originLoad(log, electionIds, result.seconds);
    expect(result).toMatchObject({ wentBack: 0, gaps: 0, resyncs: 0, behindAtEnd: 0, failedRequests: 0 });
    // A bulletin per election per tick; a busy machine may make fewer ticks than 8.
    expect(result.bulletins).toBeGreaterThanOrEqual(9);
    // Every version within max-age + one poll: nginx keeps an answer for max-age counted in whole
    // seconds (up to 2 s for max-age=1), then serves it once more while the revalidation runs.
    expect(result.lag.max).toBeLessThan(2000 + 2 * 500 + 1000);
    // The nginx log and the origin agree on what reached the origin (the background revalidations included).
    const atOrigin = origin.slice(originBefore).filter((o) => o.method === 'GET' && electionIds.some((id) => o.url.startsWith(`/api/elections/${id}`))).length;
    expect(Math.abs(load.originRequests - atOrigin)).toBeLessThanOrEqual(3);
    // Readers ask 2 per second each; the origin sees a few per election per second.
    expect(load.perElectionPerSec).toBeLessThan(10);
    expect(result.requests / load.originRequests).toBeGreaterThan(10);
  });
});

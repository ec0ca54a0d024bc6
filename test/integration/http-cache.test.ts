import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VIEWER_AUDIENCE } from '../../server/security/viewer-tokens.ts';
import { openRedisStore } from '../../server/store/redis-store.ts';
import type { Store } from '../../server/store/store.ts';
import { iran2017, seed000, seed002 } from '../fixtures/seeds.ts';
import { deleteKeys, randomPrefix, REDIS_URL } from '../helpers/redis.ts';
import { define, startTestServer, type TestServer } from '../helpers/test-server.ts';
import { eventuallyAsync } from '../helpers/wait-for.ts';

const SECRET = 'viewer-secret-for-http-cache-0123456789';

/** The Redis store, counting the reads a poll could cost: the version token and full loads. */
function counting(store: Store) {
  const reads = { readCas: 0, load: 0 };
  const wrapped: Store = {
    kind: store.kind,
    connection: store.connection,
    nights: store.nights,
    load: (id) => (reads.load++, store.load(id)),
    readCas: (id) => (reads.readCas++, store.readCas(id)),
    findBulletin: (id, b) => store.findBulletin(id, b),
    commit: (request) => store.commit(request),
    readHistory: (id, after, limit) => store.readHistory(id, after, limit),
    list: () => store.list(),
    ping: () => store.ping(),
    close: () => store.close(),
  };
  return { store: wrapped, reads: () => ({ ...reads }) };
}

async function countingServer(prefix: string, env: Record<string, string>) {
  const { store, reads } = counting((await openRedisStore({ url: REDIS_URL, prefix })).store);
  return { server: await startTestServer({ store, prefix, env: { VIEWER_JWT_SECRET: SECRET, ...env } }), reads };
}

function viewerToken(elections: string[]): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ elections }).setProtectedHeader({ alg: 'HS256' }).setAudience(VIEWER_AUDIENCE).setIssuedAt(now).setExpirationTime(now + 600).sign(new TextEncoder().encode(SECRET));
}

const get = (server: TestServer, path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers });
// Iran 2017, seed 002: the Interior Ministry's final figures after the first briefing (seed 000).
const final2017 = { ...seed002 };

describe('cacheable reads: ETag of the epoch and version, 304, Cache-Control (real Redis)', () => {
  const prefix = randomPrefix();
  let trusting: Awaited<ReturnType<typeof countingServer>>;
  let asking: Awaited<ReturnType<typeof countingServer>>;

  beforeAll(async () => {
    // One node trusting its cached version for ten seconds, one asking Redis every time: the same keys.
    trusting = await countingServer(prefix, { HTTP_CACHE_TRUST_MS: '10000' });
    asking = await countingServer(prefix, { HTTP_CACHE_TRUST_MS: '0', HTTP_MAX_AGE_S: '7', HTTP_STALE_WHILE_REVALIDATE_S: '30' });
    await define(trusting.server, 'cache-2017', iran2017, seed000);
    await define(trusting.server, 'cache-private', { ...iran2017, visibility: 'private' }, seed000);
  });
  afterAll(async () => {
    await trusting?.server.close();
    await asking?.server.close();
    await deleteKeys(prefix);
  });

  it('the snapshot (Iran 2017, first Interior Ministry briefing, seed 000): strong ETag "<epoch>.<version>", default Cache-Control, 304 without a body', async () => {
    const first = await get(trusting.server, '/api/elections/cache-2017');
    expect(first.status).toBe(200);
    const snapshot = await first.json();
    expect(snapshot).toMatchObject({ version: 1, rounds: [{ ballotsCounted: seed000.ballotsCounted }] });
    // The body carries the audience, so the tag does too: the same tag is the same bytes.
    expect(first.headers.get('etag')).toBe(`"${snapshot.epoch}.1.a${snapshot.audience}"`);
    expect(first.headers.get('cache-control')).toBe('public, max-age=1, stale-while-revalidate=5');
    expect(first.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const again = await get(trusting.server, '/api/elections/cache-2017', { 'if-none-match': first.headers.get('etag')! });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
  });

  it('within HTTP_CACHE_TRUST_MS a 304 reads nothing from Redis; with 0 every read asks for the version (negative control)', async () => {
    const etag = (await get(trusting.server, '/api/elections/cache-2017')).headers.get('etag')!;
    const before = trusting.reads();
    for (let i = 0; i < 20; i++) expect((await get(trusting.server, '/api/elections/cache-2017', { 'if-none-match': etag })).status).toBe(304);
    expect(trusting.reads()).toEqual(before);

    const askingTag = (await get(asking.server, '/api/elections/cache-2017')).headers.get('etag')!;
    expect(askingTag).toBe(etag);
    const askedBefore = asking.reads();
    for (let i = 0; i < 20; i++) expect((await get(asking.server, '/api/elections/cache-2017', { 'if-none-match': askingTag })).status).toBe(304);
    expect(asking.reads().readCas - askedBefore.readCas).toBe(20);
    // Only the token: the version did not change, so nothing was loaded.
    expect(asking.reads().load).toBe(askedBefore.load);
  });

  it('a new version answers 200 with its tag: at once on the node that committed it, on another once its trust ends', async () => {
    const etag = (await get(trusting.server, '/api/elections/cache-2017')).headers.get('etag')!;
    const posted = await asking.server.request('POST', '/api/elections/cache-2017/bulletins', final2017);
    expect(posted.status).toBe(201);
    // The committing node (no trust window) sees it at once.
    const changed = await get(asking.server, '/api/elections/cache-2017', { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect((await changed.json()).version).toBe(2);
    expect(changed.headers.get('etag')).toMatch(/^"[\w-]+\.2\.a\d+"$/);
    // The other node trusts its copy for ten seconds: still the old version, from memory.
    expect((await get(trusting.server, '/api/elections/cache-2017', { 'if-none-match': etag })).status).toBe(304);

    // A commit on the trusting node ends its trust at once (the node's own publisher touches it).
    const correction = { ...final2017, id: 'iran-2017-correction', correction: true, votes: { ...final2017.votes, rouhani: 23_549_616 } };
    expect((await trusting.server.request('POST', '/api/elections/cache-2017/bulletins', correction)).status).toBe(201);
    const seen = await get(trusting.server, '/api/elections/cache-2017', { 'if-none-match': etag });
    expect(seen.status).toBe(200);
    expect((await seen.json()).version).toBe(3);
  });

  it('the configuration is respected: HTTP_MAX_AGE_S and HTTP_STALE_WHILE_REVALIDATE_S', async () => {
    const res = await get(asking.server, '/api/elections/cache-2017');
    expect(res.headers.get('cache-control')).toBe('public, max-age=7, stale-while-revalidate=30');
    expect((await get(asking.server, '/feeds/cache-2017.csv')).headers.get('cache-control')).toBe('public, max-age=7, stale-while-revalidate=30');
  });

  it('a private election is never stored: "private, no-store" on its snapshot and feed, 401 without a token', async () => {
    expect((await get(trusting.server, '/api/elections/cache-private')).status).toBe(401);
    const token = await viewerToken(['cache-private']);
    const snapshot = await get(trusting.server, `/api/elections/cache-private?access_token=${token}`);
    expect(snapshot.status).toBe(200);
    expect(snapshot.headers.get('cache-control')).toBe('private, no-store');
    const feed = await get(trusting.server, `/feeds/cache-private.json?access_token=${token}`);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('cache-control')).toBe('private, no-store');
    // The public one beside it is public.
    expect((await get(trusting.server, '/feeds/cache-2017.json')).headers.get('cache-control')).toBe('public, max-age=1, stale-while-revalidate=5');
  });

  it('feeds: the tag names the version, format, round and locale; 304 from memory, 200 once the version moves', async () => {
    const first = await get(trusting.server, '/feeds/cache-2017/rounds/1.xml?lang=fa');
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+\.3\.xml\.1\.fa-IR"$/);
    const before = trusting.reads();
    expect((await get(trusting.server, '/feeds/cache-2017/rounds/1.xml?lang=fa', { 'if-none-match': etag })).status).toBe(304);
    expect(trusting.reads()).toEqual(before);
    // Another locale is other bytes: its own tag.
    expect((await get(trusting.server, '/feeds/cache-2017/rounds/1.xml?lang=en', { 'if-none-match': etag })).status).toBe(200);

    const again = { ...final2017, id: 'iran-2017-correction-2', correction: true, votes: { ...final2017.votes, rouhani: 23_549_617 } };
    expect((await trusting.server.request('POST', '/api/elections/cache-2017/bulletins', again)).status).toBe(201);
    const moved = await get(trusting.server, '/feeds/cache-2017/rounds/1.xml?lang=fa', { 'if-none-match': etag });
    expect(moved.status).toBe(200);
    expect(moved.headers.get('etag')).toMatch(/\.4\.xml\.1\.fa-IR"$/);
  });

  it('a night snapshot: ETag "<epoch>.<version>", public Cache-Control, 304; a bulletin of one of its contests changes it', async () => {
    expect((await trusting.server.request('PUT', '/api/nights/cache-night', { name: 'Ballot day', contests: ['cache-2017'] })).status).toBe(201);
    const first = await get(trusting.server, '/api/nights/cache-night');
    expect(first.status).toBe(200);
    const night = await first.json();
    const etag = first.headers.get('etag')!;
    expect(etag).toBe(`"${night.epoch}.${night.version}"`);
    expect(first.headers.get('cache-control')).toBe('public, max-age=1, stale-while-revalidate=5');
    const again = await get(trusting.server, '/api/nights/cache-night', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const next = { ...final2017, id: 'iran-2017-night-correction', correction: true, votes: { ...final2017.votes, rouhani: 23_549_618 } };
    expect((await trusting.server.request('POST', '/api/elections/cache-2017/bulletins', next)).status).toBe(201);
    const moved = await eventuallyAsync(async () => {
      const res = await get(trusting.server, '/api/nights/cache-night', { 'if-none-match': etag });
      return res.status === 200 ? res : undefined;
    }, 5000, 'the night to move');
    expect(moved.headers.get('etag')).not.toBe(etag);
  });

  it('with a short trust window, another node\'s commit is served within it', async () => {
    const prefix2 = randomPrefix();
    const a = await startTestServer({ prefix: prefix2, keepKeys: true, env: { HTTP_CACHE_TRUST_MS: '300' } });
    const b = await startTestServer({ prefix: prefix2, env: { HTTP_CACHE_TRUST_MS: '300' } });
    try {
      await define(a, 'cache-short', iran2017, seed000);
      const etag = (await get(a, '/api/elections/cache-short')).headers.get('etag')!;
      expect((await b.request('POST', '/api/elections/cache-short/bulletins', final2017)).status).toBe(201);
      const started = Date.now();
      const version = await eventuallyAsync(async () => {
        const res = await get(a, '/api/elections/cache-short', { 'if-none-match': etag });
        return res.status === 200 ? ((await res.json()) as { version: number }).version : undefined;
      }, 3000, 'node a to serve version 2');
      expect(version).toBe(2);
      expect(Date.now() - started).toBeLessThan(1500);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

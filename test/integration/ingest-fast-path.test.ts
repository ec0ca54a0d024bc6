import { beforeAll, describe, expect, it } from 'vitest';
import { iran2017, seed000 } from '../fixtures/seeds.ts';
import { answerOf, sendApi } from '../helpers/api.ts';
import { define, TEST_TOKEN, useTestServer } from '../helpers/test-server.ts';

/**
 * `POST /api/elections/:id/bulletins` is answered by the fast path (server/http/bulletin-fast-path.ts)
 * unless the request has a query string, which sends it to the express route. Both must answer every
 * request alike: the same status, body and headers, on twin elections at the same version.
 */
describe('the bulletin fast path and the express route', () => {
  const DESK = 'desk-only-token-0123456789';
  const SCOPED = 'scoped-token-0123456789';
  const ORIGIN = 'https://newsroom.example';
  /** Headers the two answers must share (the rest, like Date, differ by nature). */
  const COMPARED = ['content-type', 'content-security-policy', 'x-content-type-options', 'strict-transport-security', 'x-frame-options', 'retry-after', 'access-control-allow-origin', 'vary'];

  const server = useTestServer({ env: { DESK_TOKENS: `desk:${DESK}`, INGEST_TOKENS: `desk:${TEST_TOKEN},scoped:${SCOPED}@elsewhere`, CORS_ORIGINS: ORIGIN } });
  beforeAll(async () => {
    await define(server, 'twin-fast', iran2017);
    await define(server, 'twin-express', iran2017);
  });

  interface Case {
    token?: string | null;
    body?: string;
    contentType?: string;
    headers?: Record<string, string>;
    /** Posts to this election id instead of the twin (the same for both routes). */
    election?: string;
  }

  async function send(route: 'fast' | 'express', c: Case) {
    const election = c.election ?? `twin-${route}`;
    const res = await sendApi(server.url, 'POST', `/api/elections/${election}/bulletins${route === 'express' ? '?' : ''}`, undefined, {
      token: c.token,
      headers: { 'content-type': c.contentType ?? 'application/json', ...c.headers },
      raw: c.body ?? JSON.stringify(seed000),
    });
    return { ...(await answerOf(res)), headers: Object.fromEntries(COMPARED.map((h) => [h, res.headers.get(h)])) };
  }

  /**
   * An answer as it must be the same on both twins: messages and deltas name the election, and a
   * delta carries its own epoch and time.
   */
  function comparable(answer: Awaited<ReturnType<typeof send>>) {
    const copy = JSON.parse(JSON.stringify(answer).replaceAll('twin-express', 'twin-fast'));
    if (copy.body?.delta) Object.assign(copy.body.delta, { at: 'at', epoch: 'epoch' });
    return copy;
  }

  /** Both routes, in this order, on their twin elections: each step sees the state the previous left. */
  const steps: Array<[string, Case, number, string | null]> = [
    ['a first bulletin', { body: JSON.stringify({ ...seed000, id: 'one' }) }, 201, null],
    ['the same bulletin again', { body: JSON.stringify({ ...seed000, id: 'one' }) }, 200, null],
    ['the same id with other figures', { body: JSON.stringify({ ...seed000, id: 'one', ballotsCounted: 25_100_000 }) }, 409, 'id_conflict'],
    ['a charset in the content type', { contentType: 'application/json; charset=utf-8', body: JSON.stringify({ ...seed000, id: 'two', ballotsCounted: 25_100_000 }) }, 201, null],
    ['a body starting with a byte order mark', { body: `\uFEFF${JSON.stringify({ ...seed000, id: 'bom', ballotsCounted: 25_200_000 })}` }, 201, null],
    ['a browser on an allowed origin', { headers: { origin: ORIGIN }, body: JSON.stringify({ ...seed000, id: 'cors', ballotsCounted: 25_300_000 }) }, 201, null],
    ['no token', { token: null }, 401, 'unauthorized'],
    ['an unknown token', { token: 'no-such-token-at-all' }, 401, 'unauthorized'],
    ['a desk token', { token: DESK }, 403, 'forbidden'],
    ['a token scoped to another election', { token: SCOPED }, 403, 'forbidden'],
    ['a body that is not JSON', { body: '{"ballotsCounted": 1,' }, 400, 'invalid_json'],
    ['an empty body', { body: '' }, 400, 'validation_failed'],
    ['a body over 64 KB', { body: JSON.stringify({ ...seed000, id: 'big', source: 'x'.repeat(70_000) }) }, 413, 'payload_too_large'],
    ['an unknown candidate', { body: JSON.stringify({ ...seed000, id: 'who', ballotsCounted: 25_400_000, votes: { ...seed000.votes, ahmadinejad: 5 } }) }, 422, 'unknown_candidate'],
    ['counts going backwards', { body: JSON.stringify({ ...seed000, id: 'back', votes: { ...seed000.votes, raisi: 1 } }) }, 409, 'counts_backwards'],
    ['an unknown election', { election: 'nowhere' }, 404, 'not_found'],
    ['an id that is not an election id', { election: 'Not_An_Id' }, 404, 'not_found'],
  ];

  it.each(steps)('answer %s alike', async (_name, c, status, code) => {
    const fast = await send('fast', c);
    const viaExpress = await send('express', c);
    expect(fast.status).toBe(status);
    if (code) expect(fast.body.error.code).toBe(code);
    expect(comparable(fast)).toEqual(comparable(viaExpress));
  });

  it('left the twin elections at the same version and figures', async () => {
    const fast = (await server.request('GET', '/api/elections/twin-fast')).body;
    const viaExpress = (await server.request('GET', '/api/elections/twin-express')).body;
    expect(fast.version).toBe(4);
    expect(fast.rounds).toEqual(viaExpress.rounds);
  });
});

describe('rate limits per client address behind a trusted proxy, on both routes', () => {
  // Three tokens per route, each used at most twice: the per-token limit (the same 2/60 s) never bites.
  const TOKENS = ['a', 'b', 'c', 'd', 'e', 'f'].map((k) => `proxy-token-${k}-0123456789`);

  const server = useTestServer({ env: { TRUST_PROXY: 'loopback', INGEST_RATE_LIMIT: '2/60s', INGEST_TOKENS: [`desk:${TEST_TOKEN}`, ...TOKENS.map((t, i) => `desk-${i}:${t}`)].join(',') } });
  beforeAll(async () => {
    await define(server, 'proxied', iran2017);
  });

  const post = (path: string, token: string, forwardedFor: string, id: string) =>
    server.request('POST', `/api/elections/proxied/bulletins${path}`, { ...seed000, id }, { token, headers: { 'x-forwarded-for': forwardedFor } });

  it.each([
    ['the fast path', ''],
    ['the express route', '?'],
  ])('counts each forwarded address on its own (%s)', async (_name, path) => {
    const [a, b, c] = (path ? TOKENS.slice(3) : TOKENS.slice(0, 3)) as [string, string, string];
    const from = path ? '10.0.1' : '10.0.0';
    // Two from one address (the limit), with the same figures: the second is a duplicate, not a new version.
    expect((await post(path, a, `${from}.1`, `${from}-one`)).status).toBe(201);
    expect((await post(path, a, `${from}.1`, `${from}-one`)).status).toBe(200);
    // A third from that address is refused, whatever the token...
    const third = await post(path, b, `${from}.1`, `${from}-one`);
    expect(third.status).toBe(429);
    expect(third.body.error.message).toContain('from this address');
    // ...while another address, behind the same proxy, is not.
    expect((await post(path, c, `${from}.2`, `${from}-one`)).status).toBe(200);
  });
});

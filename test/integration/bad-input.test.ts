import { beforeAll, describe, expect, it } from 'vitest';
import { iran2017, iran2024, seed000, seed001 } from '../fixtures/seeds.ts';
import { define, TEST_TOKEN, useTestServer, type TestServer } from '../helpers/test-server.ts';

/**
 * Every mistake gets a clear error (status, code, message, the field) before anything is stored.
 * Each case runs against an election at a known version; afterwards nothing has moved.
 */
describe('bad input', () => {
  const post = (body: unknown, options?: Parameters<TestServer['request']>[3]) => server.request('POST', '/api/elections/iran-2017/bulletins', body, options);

  const server = useTestServer();
  beforeAll(async () => {
    await define(server, 'iran-2017', iran2017);
    await define(server, 'iran-2024', iran2024);
    expect((await post(seed000)).status).toBe(201);
  });

  const cases: Array<[string, () => Promise<{ status: number; body: any }>, number, string, string | null]> = [
    ['no token', () => post(seed000, { token: null }), 401, 'unauthorized', null],
    ['an unknown token', () => post(seed000, { token: 'not-a-configured-token' }), 401, 'unauthorized', null],
    ['a body that is not JSON', () => post(undefined, { raw: '{"ballotsCounted": 1,' }), 400, 'invalid_json', null],
    ['a body that is not declared JSON', () => post(undefined, { raw: '{}', headers: { 'content-type': 'text/plain' } }), 415, 'unsupported_media_type', null],
    ['a body over 64 KB', () => post({ ...seed000, id: 'big', source: 'x'.repeat(70_000) }), 413, 'payload_too_large', null],
    ['an unknown election', () => server.request('POST', '/api/elections/nowhere/bulletins', seed000), 404, 'not_found', null],
    ['a malformed election id', () => server.request('POST', '/api/elections/Not%20An%20Id/bulletins', seed000), 404, 'not_found', null],
    ['a body that is an array', () => post([seed000]), 400, 'validation_failed', ''],
    ['a misspelled field', () => post({ ...seed000, id: 'typo', ballotCounted: 1 }), 400, 'validation_failed', ''],
    ['a negative figure', () => post({ ...seed000, id: 'neg', ballotsCounted: -5 }), 400, 'validation_failed', 'ballotsCounted'],
    ['a figure as text', () => post({ ...seed000, id: 'text', votes: { rouhani: '14.6 million' } }), 400, 'validation_failed', 'votes.rouhani'],
    ['a fractional figure', () => post({ ...seed000, id: 'frac', ballotsCast: 40_000_000.5 }), 400, 'validation_failed', 'ballotsCast'],
    ['an unknown candidate', () => post({ ...seed000, id: 'who', votes: { ...seed000.votes, ahmadinejad: 5 } }), 422, 'unknown_candidate', 'votes.ahmadinejad'],
    ['more counted than cast', () => post({ id: 'cast', ballotsCounted: 26_000_000, ballotsCast: 25_500_000, votes: seed000.votes }), 422, 'inconsistent_figures', 'ballotsCounted'],
    ['more counted than eligible', () => post({ id: 'elig', ballotsCounted: 60_000_000, ballotsCast: 60_000_000, votes: seed000.votes }), 422, 'inconsistent_figures', 'ballotsCounted'],
    ['invalid ballots that do not make up the count', () => post({ id: 'inv', ballotsCounted: 26_000_000, ballotsCast: 40_000_000, votes: seed000.votes, invalid: 1 }), 422, 'inconsistent_figures', 'invalid'],
    ['exact votes above the count', () => post({ ...seed000, id: 'exact', approximate: false }), 422, 'inconsistent_figures', 'votes'],
    ['a runoff before round 1 ended', () => server.request('POST', '/api/elections/iran-2024/bulletins', seed001), 422, 'round_not_open', 'round'],
    ['counts going backwards', () => post({ ...seed000, id: 'back', votes: { ...seed000.votes, raisi: 1 } }), 409, 'counts_backwards', 'votes.raisi'],
    ['an old id with new figures', () => post({ ...seed000, ballotsCounted: 25_100_000 }), 409, 'id_conflict', 'id'],
  ];

  it.each(cases)('refuses %s with a clear error, storing nothing', async (_name, send, status, code, path) => {
    const before = (await server.request('GET', '/api/elections/iran-2017')).body.version;
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toEqual(expect.any(String));
    expect(res.body.error.message.length).toBeGreaterThan(10);
    if (path !== null) expect(res.body.error.issues.map((i: { path: string }) => i.path)).toContain(path);
    expect((await server.request('GET', '/api/elections/iran-2017')).body.version).toBe(before);
  });

  it('refuses bad definitions naming the field', async () => {
    const badId = await server.request('PUT', '/api/elections/Iran_2017', iran2017);
    expect(badId).toMatchObject({ status: 400, body: { error: { code: 'validation_failed', issues: [{ path: 'electionId' }] } } });
    const fraction = await server.request('PUT', '/api/elections/x-2017', { ...iran2017, rule: { kind: 'majority', threshold: 0.5 } });
    expect(fraction).toMatchObject({ status: 400, body: { error: { issues: [{ path: 'rule.threshold' }] } } });
    const unauthenticated = await server.request('PUT', '/api/elections/x-2017', iran2017, { token: null });
    expect(unauthenticated.status).toBe(401);
    expect((await server.request('GET', '/api/elections/x-2017')).status).toBe(404);
  });

  it('answers unknown routes and malformed queries in the same error shape', async () => {
    expect(await server.request('GET', '/api/nothing-here')).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    const query = await server.request('GET', '/api/elections/iran-2017/bulletins?since=-1');
    expect(query).toMatchObject({ status: 400, body: { error: { code: 'validation_failed', issues: [{ path: 'since' }] } } });
  });

  it('accepts the second configured token and records its label', async () => {
    const res = await post({ ...seed000, id: 'second-desk-post', ballotsCounted: 25_500_000, votes: { rouhani: 14_900_000 } }, { token: `${TEST_TOKEN}-2` });
    expect(res.status).toBe(201);
    const history = await server.request('GET', `/api/elections/iran-2017/bulletins?since=${res.body.version - 1}`);
    expect(history.body.bulletins[0].by).toBe('second-desk');
  });
});

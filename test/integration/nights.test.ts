import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_NIGHT_CONTESTS } from '../../shared/schemas/night.schema.ts';
import { initialState } from '../../shared/tally/election-state.ts';
import { iran2017, iran2024, round1Final2024, seed000, seed002 } from '../fixtures/seeds.ts';
import { ok } from '../helpers/api.ts';
import { define, useTestServer } from '../helpers/test-server.ts';

/**
 * Nights over HTTP on the real app and Redis: defined, read as one snapshot whose lines follow every
 * bulletin, shared by several nights, and every refusal answered with its code and field, writing nothing.
 */
describe('nights over HTTP', () => {
  const server = useTestServer();
  const night = (contests: string[], extra: object = {}) => ({ name: 'Ballot day', contests, ...extra });
  const put = (id: string, body: unknown, options?: Parameters<typeof server.request>[3]) => server.request('PUT', `/api/nights/${id}`, body, options);

  beforeAll(async () => {
    await define(server, 'iran-2017', iran2017);
    await define(server, 'iran-2024', iran2024);
    await define(server, 'quiet', { ...iran2017, name: 'Not reported yet' });
    await define(server, 'embargoed', { ...iran2017, name: 'Embargoed', visibility: 'private' });
  });

  it('defines a night (201), reads it back as one snapshot, and answers an identical body with 200 at the same version', async () => {
    const body = night(['iran-2017', 'iran-2024', 'quiet'], { majority: 2, keyContests: ['iran-2024'], regions: { tehran: { name: 'Tehran', contests: ['iran-2017', 'quiet'] } } });
    const created = await put('ballot-day', body);
    expect(created.status).toBe(201);
    expect(created.body.contests.map((c: { electionId: string; region: string | null; status: string }) => [c.electionId, c.region, c.status])).toEqual([
      ['iran-2017', 'tehran', 'not-started'],
      ['iran-2024', null, 'not-started'],
      ['quiet', 'tehran', 'not-started'],
    ]);
    expect(created.body.summary.majority).toEqual({ needed: 2, given: true, reachedBy: null });
    expect(created.body.keyContests).toEqual(['iran-2024']);
    const read = await server.request('GET', '/api/nights/ballot-day');
    expect(read.body).toEqual(created.body);
    const again = await put('ballot-day', body);
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(created.body.version);
    expect((await server.request('GET', '/api/nights')).body.nights).toEqual([{ nightId: 'ballot-day', name: 'Ballot day', contests: 3, version: created.body.version, updatedAt: created.body.updatedAt }]);
  });

  it('follows each bulletin: the line, its version, and the summary (Iran 2017, seeds 000 and 002)', async () => {
    const before = (await server.request('GET', '/api/nights/ballot-day')).body;
    ok(await server.request('POST', '/api/elections/iran-2017/bulletins', seed000), 'seed 000');
    const counting = await eventuallyNight((n) => n.contests[0].version === 1);
    expect(counting.version).toBeGreaterThan(before.version);
    expect(counting.contests[0]).toMatchObject({ status: 'counting', leader: { id: 'rouhani', party: 'Moderation and Development' }, percentCounted: 62.5, leading: [{ id: 'rouhani', seats: 1 }] });
    expect(counting.summary.contests).toEqual({ total: 3, decided: 0, counting: 1, notStarted: 2 });
    ok(await server.request('POST', '/api/elections/iran-2017/bulletins', seed002), 'seed 002');
    const decided = await eventuallyNight((n) => n.contests[0].version === 2);
    expect(decided.contests[0]).toMatchObject({ status: 'decided', projectionStatus: 'final', winners: [{ id: 'rouhani', party: 'Moderation and Development', seats: 1 }], leading: [] });
    expect(decided.summary.parties).toEqual([{ party: 'Moderation and Development', color: '#7b2cbf', won: 1, leading: 0, gains: 0, losses: 0 }]);
    expect(decided.summary.seats).toEqual({ total: 3, won: 1, leading: 0, notStarted: 2 });
  });

  it('holds an election in several nights, each line following it', async () => {
    ok(await put('runoffs', night(['iran-2024'])), 'a second night');
    ok(await server.request('POST', '/api/elections/iran-2024/bulletins', round1Final2024), 'round 1 final');
    for (const id of ['ballot-day', 'runoffs']) {
      const n = await eventuallyNight((s) => s.contests.some((c: { electionId: string; version: number }) => c.electionId === 'iran-2024' && c.version === 1), id);
      // Round 1 ended without a majority: the contest counts on until the runoff decides it.
      expect(n.contests.find((c: { electionId: string }) => c.electionId === 'iran-2024')).toMatchObject({ status: 'counting', projectionStatus: 'final', round: 1 });
    }
  });

  it('replaces a night under a new epoch, keeping the lines it still holds', async () => {
    const before = (await server.request('GET', '/api/nights/ballot-day')).body;
    const replaced = await put('ballot-day', night(['iran-2017', 'iran-2024'], { name: 'Ballot day, two races' }));
    expect(replaced.status).toBe(200);
    expect(replaced.body.epoch).not.toBe(before.epoch);
    expect(replaced.body.version).toBeGreaterThan(before.version);
    expect(replaced.body.contests.map((c: { electionId: string; version: number }) => [c.electionId, c.version])).toEqual([['iran-2017', 2], ['iran-2024', 1]]);
    // The night no longer holds "quiet": its bulletins leave the night alone.
    ok(await server.request('POST', '/api/elections/quiet/bulletins', seed000), 'quiet reports');
    expect((await server.request('GET', '/api/nights/ballot-day')).body.version).toBe(replaced.body.version);
  });

  const refusals: Array<[string, () => Promise<{ status: number; body: any }>, number, string, string | null]> = [
    ['no token', () => put('refused', night(['iran-2017']), { token: null }), 401, 'unauthorized', null],
    ['an unknown contest', () => put('refused', night(['iran-2017', 'nowhere'])), 422, 'unknown_contest', 'contests.1'],
    ['a private contest', () => put('refused', night(['iran-2017', 'embargoed'])), 422, 'private_contest', 'contests.1'],
    ['a contest listed twice', () => put('refused', night(['iran-2017', 'iran-2024', 'iran-2017'])), 400, 'validation_failed', 'contests.2'],
    ['no contest', () => put('refused', night([])), 400, 'validation_failed', 'contests'],
    [`more than ${MAX_NIGHT_CONTESTS} contests`, () => put('refused', night(Array.from({ length: MAX_NIGHT_CONTESTS + 1 }, (_, i) => `c-${i}`))), 400, 'validation_failed', 'contests'],
    ['a key contest outside the night', () => put('refused', night(['iran-2017'], { keyContests: ['iran-2024'] })), 400, 'validation_failed', 'keyContests.0'],
    ['a region naming a contest outside the night', () => put('refused', night(['iran-2017'], { regions: { north: { name: 'North', contests: ['iran-2024'] } } })), 400, 'validation_failed', 'regions.north.contests.0'],
    ['a contest in two regions', () => put('refused', night(['iran-2017'], { regions: { a: { name: 'A', contests: ['iran-2017'] }, b: { name: 'B', contests: ['iran-2017'] } } })), 400, 'validation_failed', 'regions.b.contests.0'],
    ['a region id with a dot', () => put('refused', night(['iran-2017'], { regions: { 'a.b': { name: 'A', contests: ['iran-2017'] } } })), 400, 'validation_failed', 'regions.a.b'],
    ['a previous holder of a contest outside the night', () => put('refused', night(['iran-2017'], { previous: { 'iran-2024': 'Reformists' } })), 400, 'validation_failed', 'previous.iran-2024'],
    ['a majority of zero', () => put('refused', night(['iran-2017'], { majority: 0 })), 400, 'validation_failed', 'majority'],
    ['an unknown field', () => put('refused', { ...night(['iran-2017']), seatsNeeded: 3 }), 400, 'validation_failed', ''],
    ['a malformed night id', () => put('Bad%20Id', night(['iran-2017'])), 400, 'validation_failed', 'nightId'],
  ];

  it.each(refusals)('refuses %s with its code and field, writing nothing', async (_what, send, status, code, path) => {
    const answer = await send();
    expect(answer.status).toBe(status);
    expect(answer.body.error.code).toBe(code);
    expect(answer.body.error.message).toEqual(expect.any(String));
    if (path !== null) expect(answer.body.error.issues.map((i: { path: string }) => i.path)).toContain(path);
    expect((await server.request('GET', '/api/nights/refused')).status).toBe(404);
    expect((await server.request('GET', '/api/nights')).body.nights.map((n: { nightId: string }) => n.nightId)).toEqual(['ballot-day', 'runoffs']);
  });

  it(`takes a night of ${MAX_NIGHT_CONTESTS} contests, the bound, and reads it back in one snapshot`, async () => {
    const ids = Array.from({ length: MAX_NIGHT_CONTESTS }, (_, i) => `seat-${i}`);
    // Created in the store itself: 2,000 PUTs from one address would meet the write rate limit.
    for (let i = 0; i < ids.length; i += 200) {
      await Promise.all(ids.slice(i, i + 200).map((id) => server.store.commit({ electionId: id, expected: null, state: initialState(`epoch-${id}`, new Date().toISOString()), definition: { ...iran2017, name: id }, entries: [] })));
    }
    const created = await put('everything', night(ids));
    expect(created.status).toBe(201);
    expect(created.body.contests).toHaveLength(MAX_NIGHT_CONTESTS);
    expect(created.body.summary.seats.total).toBe(MAX_NIGHT_CONTESTS);
    expect(created.body.summary.majority.needed).toBe(MAX_NIGHT_CONTESTS / 2 + 1);
  }, 120_000);

  it('answers 404 for an unknown or malformed night id', async () => {
    expect((await server.request('GET', '/api/nights/nowhere')).body.error.code).toBe('not_found');
    expect((await server.request('GET', '/api/nights/Not%20An%20Id')).status).toBe(404);
  });

  /** The night once `check` holds (a line follows its commit just after the answer). */
  async function eventuallyNight(check: (n: any) => boolean, id = 'ballot-day'): Promise<any> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const n = (await server.request('GET', `/api/nights/${id}`)).body;
      if (check(n)) return n;
      if (Date.now() > deadline) throw new Error(`night ${id} never matched: ${JSON.stringify(n).slice(0, 400)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
});

describe('nights and a token scoped to some elections', () => {
  const SCOPED = 'scoped-wire-token-0123456789';
  const server = useTestServer({ env: { INGEST_TOKENS: `desk:${SCOPED.replace('scoped', 'full')},wire:${SCOPED}@iran-2017` } });
  beforeAll(async () => {
    for (const id of ['iran-2017', 'iran-2024']) ok(await server.request('PUT', `/api/elections/${id}`, id === 'iran-2017' ? iran2017 : iran2024, { token: SCOPED.replace('scoped', 'full') }), id);
  });

  it('defines a night only of the elections in its scope (403 naming the contest otherwise, writing nothing)', async () => {
    const refused = await server.request('PUT', '/api/nights/scoped', { name: 'Scoped', contests: ['iran-2017', 'iran-2024'] }, { token: SCOPED });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'forbidden', issues: [{ path: 'contests.1' }] });
    expect((await server.request('GET', '/api/nights/scoped')).status).toBe(404);
    expect((await server.request('PUT', '/api/nights/scoped', { name: 'Scoped', contests: ['iran-2017'] }, { token: SCOPED })).status).toBe(201);
  });
});

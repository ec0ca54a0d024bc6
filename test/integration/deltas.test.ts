import { beforeAll, describe, expect, it } from 'vitest';
import type { DeltaList } from '../../shared/schemas/api.schema.ts';
import type { Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import { expandWireDelta } from '../../shared/tally/compact-delta.ts';
import { applyDelta } from '../../shared/tally/delta.ts';
import { iran2017, iran2024, round1Final2024, seed000, seed001, seed002 } from '../fixtures/seeds.ts';
import { define, useTestServer } from '../helpers/test-server.ts';

/** The snapshot without the server's audience count, which deltas do not carry. */
const figures = ({ audience: _audience, ...rest }: Snapshot) => rest;

describe('GET /api/elections/:id/deltas?since=V: what a poller missed (real Redis)', () => {
  // A short replay bound, so "older than the kept history" is a few bulletins away.
  const server = useTestServer({ env: { CATCHUP_MAX_DELTAS: '3' } });
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers });

  beforeAll(async () => {
    await define(server, 'deltas-2017', iran2017, seed000);
    await define(server, 'deltas-2024', iran2024, round1Final2024, seed001);
  });

  it('Iran 2017 (seed 000 then the final figures, seed 002): the delta since version 1 applied to the snapshot at 1 gives the snapshot at 2', async () => {
    const before = (await (await get('/api/elections/deltas-2017')).json()) as Snapshot;
    expect(before.version).toBe(1);
    expect((await server.request('POST', '/api/elections/deltas-2017/bulletins', seed002)).status).toBe(201);
    const res = await get('/api/elections/deltas-2017/deltas?since=1');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=1, stale-while-revalidate=5');
    const list = (await res.json()) as DeltaList;
    expect(list).toMatchObject({ electionId: 'deltas-2017', epoch: before.epoch, version: 2 });
    expect(list.deltas.map((d) => [d.prevVersion, d.version])).toEqual([[1, 2]]);
    const full = expandWireDelta(before, list.deltas[0]!);
    const after = applyDelta(before, full!);
    const now = (await (await get('/api/elections/deltas-2017')).json()) as Snapshot;
    expect(figures(after!)).toEqual(figures(now));
    expect(after!.rounds[0]!.candidates[0]).toMatchObject({ id: 'rouhani', votes: 23_500_000 });
  });

  it('at the current version: no deltas; the same request again is a 304 by its ETag', async () => {
    const res = await get('/api/elections/deltas-2017/deltas?since=2');
    expect(res.status).toBe(200);
    expect(((await res.json()) as DeltaList).deltas).toEqual([]);
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+\.2\.since-2\.-"$/);
    const again = await get('/api/elections/deltas-2017/deltas?since=2', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });

  it.each([['abc'], ['-1'], ['1.5'], ['']])('since=%j is 400 validation_failed naming since', async (since) => {
    const res = await get(`/api/elections/deltas-2017/deltas?since=${since}`);
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error).toMatchObject({ code: 'validation_failed', message: expect.stringContaining('since'), issues: [expect.objectContaining({ path: 'since' })] });
  });

  it('without since: 400 naming since', async () => {
    const res = await get('/api/elections/deltas-2017/deltas');
    expect(res.status).toBe(400);
    expect((await res.json()).error.issues).toEqual([expect.objectContaining({ path: 'since' })]);
  });

  it('410 history_gone with the snapshot URL: older than the kept history, another epoch, ahead of the version, across the definition', async () => {
    // Iran 2024: round 1 final, then the runoff (seed 001), then three later runoff counts.
    for (const [i, counted] of [20_000_000, 25_000_000, 29_000_000].entries()) {
      const later = { ...seed001, id: `runoff-${i}`, issuedAt: `2024-07-06T0${6 + i}:30:00+03:30`, ballotsCounted: counted, votes: { pezeshkian: counted / 2 + 1_000_000, jalili: counted / 2 - 1_000_000 } };
      expect((await server.request('POST', '/api/elections/deltas-2024/bulletins', later)).status).toBe(201);
    }
    const { version, epoch } = (await (await get('/api/elections/deltas-2024')).json()) as Snapshot;
    expect(version).toBe(5);
    // Three back is within CATCHUP_MAX_DELTAS=3 (the negative control); four is not.
    expect((await get(`/api/elections/deltas-2024/deltas?since=2&epoch=${epoch}`)).status).toBe(200);
    for (const query of ['since=1', 'since=4&epoch=another-epoch', 'since=6']) {
      const res = await get(`/api/elections/deltas-2024/deltas?${query}`);
      expect({ query, status: res.status }).toEqual({ query, status: 410 });
      const { error } = await res.json();
      expect(error).toMatchObject({ code: 'history_gone', snapshot: '/api/elections/deltas-2024' });
      expect(res.headers.get('etag')).toBeNull();
    }
    // A redefinition (a name fixed) among the changes: no delta says it, so the snapshot it is.
    const at = ((await (await get('/api/elections/deltas-2017')).json()) as Snapshot).version;
    expect((await get(`/api/elections/deltas-2017/deltas?since=${at}`)).status).toBe(200);
    expect((await server.request('PUT', '/api/elections/deltas-2017', { ...iran2017, name: `${iran2017.name} (official)` })).status).toBe(200);
    const across = await get(`/api/elections/deltas-2017/deltas?since=${at}`);
    expect(across.status).toBe(410);
    expect((await across.json()).error.snapshot).toBe('/api/elections/deltas-2017');
  });

  it('an unknown election is 404; a private one needs its token', async () => {
    expect((await get('/api/elections/no-such-night/deltas?since=0')).status).toBe(404);
    await define(server, 'deltas-private', { ...iran2017, visibility: 'private' }, seed000);
    expect((await get('/api/elections/deltas-private/deltas?since=1')).status).toBe(401);
  });
});

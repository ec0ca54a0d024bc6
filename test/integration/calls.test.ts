import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExportLineSchema } from '../../shared/schemas/export.schema.ts';
import { iran2017, seed000 } from '../fixtures/seeds.ts';
import { randomPrefix } from '../helpers/redis.ts';
import { define, startTestServer, TEST_TOKEN, useTestServer, type TestServer } from '../helpers/test-server.ts';
import { collectDeltas, fullDelta } from '../helpers/wait-for.ts';

const DESK_TOKEN = 'anchor-desk-token-0123456789';
const env = { DESK_TOKENS: `anchor:${DESK_TOKEN}` };
const calls = '/api/elections/night/calls';

describe('desk calls against a real server, Redis and socket.io clients', { timeout: 30_000 }, () => {
  const prefix = randomPrefix();
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ prefix, keepKeys: true, env });
    await define(server, 'night', iran2017);
    expect((await server.request('POST', '/api/elections/night/bulletins', seed000)).status).toBe(201);
  });
  afterAll(async () => {
    await server.close();
  });

  it('refuses ingest tokens (403), unknown tokens (401), and bad calls with their field, storing nothing', async () => {
    const forbidden = await server.request('POST', calls, { action: 'winner', winner: 'rouhani' });
    expect(forbidden).toMatchObject({ status: 403, body: { error: { code: 'forbidden', message: expect.stringContaining('DESK_TOKENS') } } });
    expect(await server.request('POST', calls, { action: 'winner', winner: 'rouhani' }, { token: 'not-a-token-at-all-0000' })).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    const unknown = await server.request('POST', calls, { action: 'winner', winner: 'nobody' }, { token: DESK_TOKEN });
    expect(unknown).toMatchObject({ status: 422, body: { error: { code: 'unknown_candidate', issues: [{ path: 'winner' }] } } });
    const invalid = await server.request('POST', calls, { action: 'declare', winner: 'rouhani' }, { token: DESK_TOKEN });
    expect(invalid).toMatchObject({ status: 400, body: { error: { code: 'validation_failed', issues: [{ path: 'action' }] } } });
    expect(await server.request('POST', calls, { action: 'retract' }, { token: DESK_TOKEN })).toMatchObject({ status: 409, body: { error: { code: 'call_conflict' } } });
    expect((await server.request('GET', '/api/elections/night')).body.version).toBe(1);
  });

  it('a call and its retraction reach subscribers as deltas, with who, when and the note; a second winner is a conflict', async () => {
    const socket = await server.socket();
    const deltas = collectDeltas(socket);
    expect(await socket.emitWithAck('subscribe', { electionId: 'night' })).toMatchObject({ ok: true, snapshot: { version: 1 } });

    const accepted = await server.request('POST', calls, { action: 'winner', winner: 'rouhani', note: 'decisive lead' }, { token: DESK_TOKEN });
    expect(accepted).toMatchObject({ status: 201, body: { version: 2, call: { version: 2, by: 'anchor', call: { action: 'winner', winner: 'rouhani', round: 1, note: 'decisive lead' } } } });
    const called = fullDelta(await deltas.until(2));
    expect(called.projection).toMatchObject({ status: 'called', modelStatus: 'leading', winner: 'rouhani', calledBy: 'anchor', note: 'decisive lead', calledAt: accepted.body.call.receivedAt });
    expect(called).toMatchObject({ projectionChanged: true, ballotsCountedChange: 0, call: { by: 'anchor', call: { action: 'winner' } } });

    expect(await server.request('POST', calls, { action: 'winner', winner: 'rouhani' }, { token: DESK_TOKEN })).toEqual({ status: 200, body: { version: 2, duplicate: true } });
    const conflict = await server.request('POST', calls, { action: 'winner', winner: 'raisi' }, { token: DESK_TOKEN });
    expect(conflict).toMatchObject({ status: 409, body: { error: { code: 'call_conflict', message: expect.stringContaining('retract') } } });

    expect((await server.request('POST', calls, { action: 'retract', note: 'too soon' }, { token: DESK_TOKEN })).status).toBe(201);
    const retracted = fullDelta(await deltas.until(3));
    expect(retracted.projection).toMatchObject({ status: 'uncalled', modelStatus: 'leading', calledBy: 'anchor', note: 'too soon' });
    expect(retracted.projection.winner).toBeUndefined();
    expect(retracted.call).toMatchObject({ version: 3, call: { action: 'retract' } });
    expect(deltas.received.map((d) => d.version)).toEqual([2, 3]);
  });

  it('the history, the calls list and the export hold every call in order', async () => {
    const page = await server.request('GET', '/api/elections/night/bulletins?since=0');
    expect(page.body.bulletins.map((b: { version: number }) => b.version)).toEqual([1]);
    expect(page.body.calls).toMatchObject([
      { version: 2, by: 'anchor', call: { action: 'winner', winner: 'rouhani' } },
      { version: 3, by: 'anchor', call: { action: 'retract', note: 'too soon' } },
    ]);
    expect((await server.request('GET', '/api/elections/night/bulletins?since=2')).body.calls.map((c: { version: number }) => c.version)).toEqual([3]);

    const list = await server.request('GET', calls);
    expect(list.body).toMatchObject({ electionId: 'night', version: 3, calls: page.body.calls, standing: [{ round: 1, call: null, retracted: { by: 'anchor', modelStatus: 'leading' } }] });

    const text = await (await fetch(`${server.url}/api/elections/night/bulletins?format=ndjson`)).text();
    const lines = text.trimEnd().split('\n').map((l) => ExportLineSchema.parse(JSON.parse(l)));
    expect(lines.map((l) => l.type)).toEqual(['election', 'bulletin', 'call', 'call', 'end']);
    expect(lines[2]).toEqual({ type: 'call', ...page.body.calls[0] });
  });

  it('a subscriber that missed calls catches up on them as deltas', async () => {
    const socket = await server.socket();
    const ack = await socket.emitWithAck('subscribe', { electionId: 'night', sinceVersion: 1, epoch: (await server.request('GET', '/api/elections/night')).body.epoch });
    expect(ack).toMatchObject({ ok: true, recovered: true });
    expect(ack.ok && ack.missed.map((d) => [d.version, d.projection.status])).toEqual([[2, 'called'], [3, 'uncalled']]);
  });

  it('a standing call survives a server restart (it is in Redis, not in the process)', async () => {
    expect((await server.request('POST', calls, { action: 'winner', winner: 'rouhani' }, { token: DESK_TOKEN })).status).toBe(201);
    await server.close();
    server = await startTestServer({ prefix, env });
    const snapshot = await server.request('GET', '/api/elections/night');
    expect(snapshot.body).toMatchObject({ version: 4, rounds: [{ projection: { status: 'called', winner: 'rouhani', calledBy: 'anchor' } }] });
    expect(await server.request('POST', calls, { action: 'winner', winner: 'raisi' }, { token: DESK_TOKEN })).toMatchObject({ status: 409 });
  });
});

describe('desk calls without DESK_TOKENS', () => {
  const server = useTestServer({ store: 'memory' });
  beforeAll(() => define(server, 'night', iran2017));

  it('are refused, saying which variable to set', async () => {
    const answer = await server.request('POST', calls, { action: 'winner', winner: 'rouhani' }, { token: TEST_TOKEN });
    expect(answer).toMatchObject({ status: 403, body: { error: { code: 'forbidden', message: expect.stringContaining('set DESK_TOKENS') } } });
  });
});

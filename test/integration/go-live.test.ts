import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import { iran2017, seed000, seed002 } from '../fixtures/seeds.ts';
import { define, useTestServer } from '../helpers/test-server.ts';
import { collectDeltas, eventually } from '../helpers/wait-for.ts';

const rehearsal = { ...iran2017, mode: 'test' as const };

describe.each(['redis', 'memory'] as const)('test and live modes (%s store)', (storeKind) => {
  const server = useTestServer({ store: storeKind });

  it('an election without a mode is live, as every election was before modes existed', async () => {
    await define(server, 'plain', iran2017);
    expect((await server.request('GET', '/api/elections/plain')).body.mode).toBe('live');
    const goLive = await server.request('POST', '/api/elections/plain/go-live', { confirm: 'plain' });
    expect(goLive).toMatchObject({ status: 409, body: { error: { code: 'definition_conflict', issues: [{ path: 'mode' }] } } });
  });

  it('going live deletes the rehearsal: fresh snapshot to subscribers, new epoch, version goes on, ids free again', async () => {
    await define(server, 'rehearsed', rehearsal);
    expect((await server.request('POST', '/api/elections/rehearsed/bulletins', seed000)).status).toBe(201);
    expect((await server.request('POST', '/api/elections/rehearsed/bulletins', seed002)).status).toBe(201);
    const before: Snapshot = (await server.request('GET', '/api/elections/rehearsed')).body;
    expect(before).toMatchObject({ mode: 'test', version: 2 });

    const watcher = await server.socket();
    const snapshots: Snapshot[] = [];
    watcher.on('snapshot', (s) => snapshots.push(s));
    await watcher.emitWithAck('subscribe', { electionId: 'rehearsed' });

    const wrong = await server.request('POST', '/api/elections/rehearsed/go-live', { confirm: 'iran-2017' });
    expect(wrong).toMatchObject({ status: 400, body: { error: { code: 'validation_failed', issues: [{ path: 'confirm' }] } } });
    expect(await server.request('POST', '/api/elections/rehearsed/go-live', { confirm: 'rehearsed' }, { token: null })).toMatchObject({ status: 401 });

    const live = await server.request('POST', '/api/elections/rehearsed/go-live', { confirm: 'rehearsed' });
    expect(live.status).toBe(200);
    expect(live.body).toMatchObject({ mode: 'live', version: 3, rounds: [] });
    expect(live.body.epoch).not.toBe(before.epoch);
    const pushed = await eventually(() => snapshots[0], 5000, 'snapshot event');
    expect(pushed).toMatchObject({ mode: 'live', version: 3, epoch: live.body.epoch, rounds: [] });

    // The history and the ids went with the figures: the real first bulletin may reuse the rehearsal's id.
    expect((await server.request('GET', '/api/elections/rehearsed/bulletins')).body.bulletins).toEqual([]);
    const real = await server.request('POST', '/api/elections/rehearsed/bulletins', seed000);
    expect(real).toMatchObject({ status: 201, body: { version: 4, delta: { prevVersion: 3, epoch: live.body.epoch } } });
    expect(await server.request('POST', '/api/elections/rehearsed/go-live', { confirm: 'rehearsed' })).toMatchObject({ status: 409 });
  });

  it('a subscriber coming back from the rehearsal gets the fresh snapshot, never a replay across the switch', async () => {
    await define(server, 'comeback', rehearsal);
    await server.request('POST', '/api/elections/comeback/bulletins', seed000);
    const rehearsalEpoch = (await server.request('GET', '/api/elections/comeback')).body.epoch as string;
    const live = (await server.request('POST', '/api/elections/comeback/go-live', { confirm: 'comeback' })).body as Snapshot;
    await server.request('POST', '/api/elections/comeback/bulletins', { ...seed000, id: 'real-1' });

    const socket = await server.socket();
    for (const request of [{ sinceVersion: 1 }, { sinceVersion: 1, epoch: rehearsalEpoch }, { sinceVersion: 0 }]) {
      const ack = await socket.emitWithAck('subscribe', { electionId: 'comeback', ...request });
      expect(ack).toMatchObject({ ok: true, recovered: false, missed: [], snapshot: { version: 3, epoch: live.epoch, mode: 'live' } });
    }
    // From the live epoch's first version on, catching up works as usual.
    const since = await socket.emitWithAck('subscribe', { electionId: 'comeback', sinceVersion: 2, epoch: live.epoch });
    expect(since).toMatchObject({ ok: true, recovered: true, missed: [{ version: 3, prevVersion: 2 }] });
    const stream = collectDeltas(socket);
    await server.request('POST', '/api/elections/comeback/bulletins', { ...seed002, id: 'real-2' });
    await stream.until(4);
  });

  it('a replacement keeps the mode unless it names one; PUT never goes live nor back to test with figures', async () => {
    await define(server, 'modes', rehearsal);
    const renamed = await server.request('PUT', '/api/elections/modes', { ...iran2017, name: 'Renamed rehearsal' });
    expect(renamed).toMatchObject({ status: 200, body: { mode: 'test', name: 'Renamed rehearsal' } });
    const toLive = await server.request('PUT', '/api/elections/modes', { ...iran2017, mode: 'live' });
    expect(toLive).toMatchObject({ status: 409, body: { error: { code: 'definition_conflict', issues: [{ path: 'mode' }] } } });
    expect(toLive.body.error.message).toContain('/api/elections/modes/go-live');

    await define(server, 'live-empty', iran2017);
    expect(await server.request('PUT', '/api/elections/live-empty', rehearsal)).toMatchObject({ status: 200, body: { mode: 'test' } });
    await define(server, 'live-counted', iran2017);
    await server.request('POST', '/api/elections/live-counted/bulletins', seed000);
    expect(await server.request('PUT', '/api/elections/live-counted', rehearsal)).toMatchObject({ status: 409, body: { error: { issues: [{ path: 'mode' }] } } });
    expect(await server.request('PUT', '/api/elections/live-counted', { ...rehearsal, mode: 'bogus' })).toMatchObject({ status: 400, body: { error: { issues: [{ path: 'mode' }] } } });
  });
});

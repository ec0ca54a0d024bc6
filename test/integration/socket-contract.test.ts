import { beforeAll, describe, expect, it } from 'vitest';
import { iran2017, seed000 } from '../fixtures/seeds.ts';
import { define, useTestServer } from '../helpers/test-server.ts';
import { collectDeltas } from '../helpers/wait-for.ts';

describe('socket contract', () => {
  const server = useTestServer();
  beforeAll(async () => {
    await define(server, 'iran-2017', iran2017);
    await define(server, 'other-race', { ...iran2017, name: 'Another race' });
  });

  it('validates subscribe payloads like HTTP bodies, answering with an error ack', async () => {
    const socket = await server.socket();
    const bad = await socket.emitWithAck('subscribe', { electionId: 'Iran 2017', sinceVersion: -1 } as never);
    expect(bad).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    if (bad.ok) throw new Error('accepted');
    expect(bad.error.issues?.map((i) => i.path).sort()).toEqual(['electionId', 'sinceVersion']);
    expect(await socket.emitWithAck('subscribe', 'iran-2017' as never)).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(await socket.emitWithAck('subscribe', { electionId: 'nowhere' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('delivers only the elections subscribed to, and nothing after unsubscribe', async () => {
    const watcher = await server.socket();
    const stream = collectDeltas(watcher);
    await watcher.emitWithAck('subscribe', { electionId: 'iran-2017' });
    await server.request('POST', '/api/elections/other-race/bulletins', { ...seed000, id: 'o1' });
    await server.request('POST', '/api/elections/iran-2017/bulletins', seed000);
    await stream.until(1, 'iran-2017');
    expect(stream.received.map((d) => d.electionId)).toEqual(['iran-2017']);

    expect(await watcher.emitWithAck('unsubscribe', { electionId: 'iran-2017' })).toEqual({ ok: true });
    // A second subscriber is the barrier: once it has version 2, the first would have had it too.
    const barrier = await server.socket();
    const barrierStream = collectDeltas(barrier);
    await barrier.emitWithAck('subscribe', { electionId: 'iran-2017' });
    await server.request('POST', '/api/elections/iran-2017/bulletins', { ...seed000, id: 'b2', ballotsCounted: 26_000_000 });
    await barrierStream.until(2);
    expect(stream.received.map((d) => d.version)).toEqual([1]);
  });

  it('ignores events clients emit: a client cannot push to a room', async () => {
    const attacker = await server.socket();
    const victim = await server.socket();
    const victimStream = collectDeltas(victim);
    await victim.emitWithAck('subscribe', { electionId: 'iran-2017' });
    await attacker.emitWithAck('subscribe', { electionId: 'iran-2017' });
    const fake = { electionId: 'iran-2017', version: 99, prevVersion: 98 };
    (attacker as unknown as { emit(e: string, p: unknown): void }).emit('delta', fake);
    (attacker as unknown as { emit(e: string, p: unknown): void }).emit('snapshot', fake);
    await server.request('POST', '/api/elections/iran-2017/bulletins', { ...seed000, id: 'b3', ballotsCounted: 27_000_000 });
    await victimStream.until(3);
    expect(victimStream.received.map((d) => d.version)).toEqual([3]);
    expect(attacker.connected).toBe(true);
  });
});

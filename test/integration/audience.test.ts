import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisAudienceBoard } from '../../server/ops/audience-board.ts';
import type { AudienceUpdate } from '../../shared/events.ts';
import { iran2017 } from '../fixtures/seeds.ts';
import { randomPrefix, REDIS_URL, deleteKeys } from '../helpers/redis.ts';
import { define, startTestServer, type TestServer, type TestSocket } from '../helpers/test-server.ts';
import { eventually, eventuallyAsync } from '../helpers/wait-for.ts';

/** The last audience each socket was told. */
function lastAudience(socket: TestSocket) {
  const seen: AudienceUpdate[] = [];
  socket.on('audience', (u) => seen.push(u));
  return () => seen.at(-1)?.audience;
}

describe('audience counts across two servers on one Redis', () => {
  const prefix = randomPrefix();
  const env = { AUDIENCE_INTERVAL_MS: '100' };
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    a = await startTestServer({ prefix, env, keepKeys: true });
    b = await startTestServer({ prefix, env, keepKeys: true });
    await define(a, 'watched', iran2017);
  });
  afterAll(async () => {
    await a.close();
    await b.close().catch(() => {});
    await deleteKeys(prefix);
  });

  it('sums both servers for every subscriber, in the snapshot and the audience event, and follows departures', async () => {
    const onA = await Promise.all([a.socket(), a.socket(), a.socket()]);
    const onB = await Promise.all([b.socket(), b.socket()]);
    const last = [...onA, ...onB].map(lastAudience);
    for (const s of [...onA, ...onB]) await s.emitWithAck('subscribe', { electionId: 'watched' });

    for (const read of last) await eventually(() => (read() === 5 ? true : undefined), 5000, 'audience 5');
    expect((await a.request('GET', '/api/elections/watched')).body.audience).toBe(5);
    const late = await b.socket();
    const ack = await late.emitWithAck('subscribe', { electionId: 'watched' });
    if (!ack.ok) throw new Error('subscribe refused');
    expect(ack.snapshot.audience).toBeGreaterThanOrEqual(5);

    late.disconnect();
    onA[0]!.disconnect();
    onA[1]!.disconnect();
    await eventually(() => (last[2]!() === 3 && last[3]!() === 3 ? true : undefined), 5000, 'audience 3 on both servers');

    // A server that stops withdraws its count at once.
    await b.close();
    await eventually(() => (last[2]!() === 1 ? true : undefined), 5000, 'audience 1 after server B stopped');
  });
});

describe('the Redis audience board', () => {
  const prefix = randomPrefix();
  const redis = new Redis(REDIS_URL);
  afterAll(async () => {
    redis.disconnect();
    await deleteKeys(prefix);
  });

  it('forgets a node that stops reporting without withdrawing (it crashed) once its count expires', async () => {
    const board = createRedisAudienceBoard(redis, prefix);
    await board.exchange('crashed-node', new Map([['e1', 7]]), 300);
    const totals = await board.exchange('live-node', new Map([['e1', 2]]), 60_000);
    expect(totals.get('e1')).toBe(9);
    expect(await eventuallyAsync(async () => ((await board.total('e1')) === 2 ? true : undefined), 5000, 'the crashed count to expire')).toBe(true);
    // A node whose count drops to zero withdraws it rather than leaving it to expire.
    await board.exchange('live-node', new Map(), 60_000);
    expect(await board.total('e1')).toBe(0);
  });
});

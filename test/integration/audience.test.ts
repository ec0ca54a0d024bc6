import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AudienceUpdate } from '../../shared/events.ts';
import { iran2017 } from '../fixtures/seeds.ts';
import { randomPrefix, deleteKeys } from '../helpers/redis.ts';
import { define, startTestServer, type TestServer, type TestSocket } from '../helpers/test-server.ts';
import { eventually } from '../helpers/wait-for.ts';

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

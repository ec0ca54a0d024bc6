import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AudienceUpdate } from '../../shared/events.ts';
import { electionKeys } from '../../server/store/keys.ts';
import { callApi } from '../helpers/api.ts';
import { FIELD, figures, postAll } from '../helpers/fault-night.ts';
import { connectSocket } from '../helpers/socket.ts';
import { startPrivateRedisCluster, type PrivateRedisCluster } from '../helpers/private-redis-cluster.ts';
import { randomPrefix } from '../helpers/redis.ts';
import { spawnServer, type ServerProcess } from '../helpers/spawn-server.ts';
import type { TestSocket } from '../helpers/test-server.ts';
import { collectDeltas, eventually, eventuallyAsync } from '../helpers/wait-for.ts';

/**
 * Two Tallyroom processes on a real three-master Redis Cluster (`REDIS_CLUSTER=true`, each given a
 * different seed node): the commit scripts, the sharded adapter and the audience board meet real
 * slots, MOVED redirections and CROSSSLOT refusals, which a single Redis never raises.
 */
const prefix = randomPrefix();
// Two elections whose keys land in different slots (checked below), so a node watching both must
// never put them in one transaction.
const ELECTIONS = ['north', 'south'] as const;
let cluster: PrivateRedisCluster;
let a: ServerProcess;
let b: ServerProcess;
const sockets: TestSocket[] = [];

beforeAll(async () => {
  cluster = await startPrivateRedisCluster(3);
  // Debug level: an audience exchange that fails is logged at debug, and the test must see it.
  const env = (url: string) => ({ REDIS_URL: url, REDIS_CLUSTER: 'true', REDIS_PREFIX: prefix, AUDIENCE_INTERVAL_MS: '200', LOG_LEVEL: 'debug' });
  [a, b] = await Promise.all([spawnServer(env(cluster.urls[0]!)), spawnServer(env(cluster.urls[1]!))]);
  // As a load balancer would: no traffic before /readyz says the store and the adapter answer.
  for (const p of [a, b]) await eventuallyAsync(async () => ((await fetch(`${p.url}/readyz`)).ok ? true : undefined), 10_000, `${p.url} ready`);
}, 30_000);

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await Promise.all([a, b].map((p) => p?.stop('SIGKILL')));
  await cluster?.stop();
});

/** Log lines that report a failure: error level and above, or anything carrying an error object. */
function failures(p: ServerProcess) {
  return p.logs.filter((l) => Number(l.level) >= 50 || 'err' in l);
}

describe('two nodes on a real Redis Cluster', () => {
  it('warms up: a delta posted to node A reaches node B through the sharded adapter', async () => {
    expect((await callApi(a.url, 'PUT', '/api/elections/warmup', FIELD)).status).toBe(201);
    const probe = await connectSocket(b.url, { opened: sockets });
    const deltas = collectDeltas(probe);
    expect((await probe.emitWithAck('subscribe', { electionId: 'warmup', conflated: false })).ok).toBe(true);
    let i = 0;
    await eventuallyAsync(async () => {
      await postAll(a.url, 'warmup', ++i, i);
      return deltas.received.length > 0 ? true : undefined;
    }, 10_000, 'a first delta across the nodes');
    probe.disconnect();
  });

  it('defines elections and delivers every delta posted to node A to an unconflated subscriber on node B, each exactly once', async () => {
    for (const id of ELECTIONS) expect((await callApi(a.url, 'PUT', `/api/elections/${id}`, FIELD)).status).toBe(201);
    const reader = await connectSocket(b.url, { opened: sockets });
    const deltas = collectDeltas(reader);
    const ack = await reader.emitWithAck('subscribe', { electionId: 'north', conflated: false });
    if (!ack.ok) throw new Error(`subscribe refused: ${JSON.stringify(ack.error)}`);
    expect(ack.snapshot.version).toBe(0);

    await postAll(a.url, 'north', 1, 6);
    await deltas.until(6, 'north');
    // Every delta arrives, each exactly once, in order. (They once came out of order here: ioredis sent
    // the first SPUBLISHes to a node while its connection was still opening; the nodes now connect to
    // every Redis node before taking traffic, see redis-cluster-connection.test.ts.)
    expect(deltas.received.map((d) => d.version)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(new Set(deltas.received.map((d) => `${d.prevVersion}>${d.version}`))).toEqual(new Set(['0>1', '1>2', '2>3', '3>4', '4>5', '5>6']));
    const onA = (await callApi(a.url, 'GET', '/api/elections/north')).body;
    const onB = (await callApi(b.url, 'GET', '/api/elections/north')).body;
    expect(onB.version).toBe(6);
    expect(figures(onB)).toEqual(figures(onA));
    reader.disconnect();
  });

  it('catches up after a reconnect: the deltas after sinceVersion come in `missed`, in order', async () => {
    const before = (await callApi(b.url, 'GET', '/api/elections/north')).body;
    await postAll(a.url, 'north', 7, 9);
    const back = await connectSocket(b.url, { opened: sockets });
    const ack = await back.emitWithAck('subscribe', { electionId: 'north', sinceVersion: before.version, epoch: before.epoch, conflated: false });
    if (!ack.ok) throw new Error(`subscribe refused: ${JSON.stringify(ack.error)}`);
    expect(ack.recovered).toBe(true);
    expect(ack.missed.map((d) => d.version)).toEqual([7, 8, 9]);
    expect(ack.snapshot.version).toBe(9);
    back.disconnect();
  });

  it("keeps each election's keys in one slot, and different elections in different slots", async () => {
    const slotsOf = async (id: string) => {
      const k = electionKeys(prefix, id);
      const keys = [k.definition, k.state, k.history, k.ids, k.audience];
      expect(await Promise.all([k.definition, k.state, k.history, k.ids].map((key) => cluster.client.exists(key)))).toEqual([1, 1, 1, 1]);
      return new Set(await Promise.all(keys.map((key) => cluster.client.cluster('KEYSLOT', key))));
    };
    const north = await slotsOf('north');
    await postAll(a.url, 'south', 1, 1);
    const south = await slotsOf('south');
    expect(north.size).toBe(1);
    expect(south.size).toBe(1);
    expect([...north][0]).not.toBe([...south][0]);
  });

  it('sums the audience over both nodes for elections in different slots, with no failure in either log', async () => {
    // Whatever an earlier test left subscribed (when it failed half-way) must not count here.
    for (const s of sockets) s.disconnect();
    const watchers = await Promise.all([connectSocket(a.url, { opened: sockets }), connectSocket(a.url, { opened: sockets }), connectSocket(b.url, { opened: sockets })]);
    const seen = watchers.map((s) => {
      const updates: AudienceUpdate[] = [];
      s.on('audience', (u) => updates.push(u));
      return updates;
    });
    // Every watcher watches both elections: node A reports two slots in one exchange.
    for (const s of watchers) for (const electionId of ELECTIONS) expect((await s.emitWithAck('subscribe', { electionId })).ok).toBe(true);
    // Node A holds two watchers and node B one: a total of 3 on either side is the sum over both nodes.
    const last = (updates: AudienceUpdate[], electionId: string) => updates.filter((u) => u.electionId === electionId).at(-1)?.audience;
    for (const updates of seen) for (const electionId of ELECTIONS) await eventually(() => (last(updates, electionId) === 3 ? true : undefined), 10_000, `audience 3 for ${electionId}`);
    for (const server of [a, b]) for (const electionId of ELECTIONS) expect((await callApi(server.url, 'GET', `/api/elections/${electionId}`)).body.audience).toBe(3);

    expect(failures(a)).toEqual([]);
    expect(failures(b)).toEqual([]);
    expect(a.stderr()).toBe('');
    expect(b.stderr()).toBe('');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followNight, type NightFeed } from '../../client/sdk/night-feed.ts';
import type { NightChange, NightSnapshot } from '../../shared/schemas/night.schema.ts';
import { callApi } from '../helpers/api.ts';
import { bulletin, FIELD } from '../helpers/fault-night.ts';
import { deleteKeys, randomPrefix, REDIS_URL } from '../helpers/redis.ts';
import { connectSocket, type TestSocket } from '../helpers/socket.ts';
import { spawnServer, type ServerProcess } from '../helpers/spawn-server.ts';
import { eventually, eventuallyAsync } from '../helpers/wait-for.ts';

/**
 * Night rooms across two server processes on one real Redis, with real socket.io clients: a bulletin
 * posted to node A reaches night subscribers on node B as one small change, a burst is conflated per
 * window, and a client that was away (or moves to the other node) catches up from the version it holds.
 */
const CONTESTS = 300;
const WINDOW_MS = 400;
const prefix = randomPrefix();
const env = { REDIS_URL, REDIS_PREFIX: prefix, CONFLATE_MS: String(WINDOW_MS), CONFLATE_MAX_MS: String(WINDOW_MS), INGEST_RATE_LIMIT: 'off' };
const ids = Array.from({ length: CONTESTS }, (_, i) => `seat-${i}`);
const sockets: TestSocket[] = [];
const feeds: NightFeed[] = [];
let a: ServerProcess;
let b: ServerProcess;

/** Each contest's bulletins so far, so every post raises its counts. */
const posted = new Map<string, number>();
async function post(base: string, electionId: string): Promise<void> {
  const i = (posted.get(electionId) ?? 0) + 1;
  posted.set(electionId, i);
  const res = await callApi(base, 'POST', `/api/elections/${electionId}/bulletins`, bulletin(i));
  if (res.status !== 201) throw new Error(`${electionId} bulletin ${i}: ${res.status} ${JSON.stringify(res.body)}`);
}

const serverNight = async (base = a.url): Promise<NightSnapshot> => (await callApi(base, 'GET', '/api/nights/ballot-day')).body as NightSnapshot;

/**
 * The server's night once every bulletin posted so far is in its lines: a line follows its commit just
 * after the answer, so a read right after the posts may precede the last of them.
 */
const settledNight = () =>
  eventuallyAsync(async () => {
    const night = await serverNight();
    const lines = new Map(night.contests.map((c) => [c.electionId, c.version]));
    return [...posted].every(([id, n]) => !lines.has(id) || lines.get(id) === n) ? night : undefined;
  }, 10_000, 'every posted bulletin in the night');

/** A socket on `base` recording every `night` event. */
async function listener(base: string) {
  const socket = await connectSocket(base, { opened: sockets });
  const events: NightChange[] = [];
  socket.on('night', (c) => events.push(c));
  const ack = await socket.emitWithAck('subscribeNight', { nightId: 'ballot-day' });
  if (!ack.ok || ack.recovered) throw new Error(`subscribe: ${JSON.stringify(ack)}`);
  return { socket, events, snapshot: ack.snapshot };
}

beforeAll(async () => {
  [a, b] = await Promise.all([spawnServer(env), spawnServer(env)]);
  // Ten at a time, and a 503 (store_unavailable: "retry") sent again, as a client does: on a loaded
  // machine fifty definitions at once can outlast the store's command timeout.
  for (let i = 0; i < ids.length; i += 10) {
    await Promise.all(ids.slice(i, i + 10).map(async (id, j) => {
      const region = (i + j) % 3 === 0 ? 'north' : 'south';
      let res = await callApi(a.url, 'PUT', `/api/elections/${id}`, { ...FIELD, name: `Seat ${id} (${region})` });
      for (let retry = 0; res.status === 503 && retry < 3; retry++) res = await callApi(a.url, 'PUT', `/api/elections/${id}`, { ...FIELD, name: `Seat ${id} (${region})` });
      if (res.status !== 201 && res.status !== 200) throw new Error(`define ${id}: ${res.status}`);
    }));
  }
  const regions = { north: { name: 'North', contests: ids.filter((_, i) => i % 3 === 0) }, south: { name: 'South', contests: ids.filter((_, i) => i % 3 !== 0) } };
  const night = await callApi(a.url, 'PUT', '/api/nights/ballot-day', { name: 'Ballot day', contests: ids, keyContests: ['seat-0'], regions });
  if (night.status !== 201) throw new Error(`define night: ${night.status} ${JSON.stringify(night.body)}`);
}, 120_000);

afterAll(async () => {
  for (const f of feeds) f.close();
  for (const s of sockets) s.disconnect();
  await Promise.all([a, b].map((p) => p?.stop('SIGKILL')));
  await deleteKeys(prefix);
});

describe('night rooms on two nodes', () => {
  it('answers a subscribe with the night snapshot, the same on either node', async () => {
    const [onA, onB] = await Promise.all([listener(a.url), listener(b.url)]);
    expect(onB.snapshot.contests).toHaveLength(CONTESTS);
    expect(onB.snapshot).toEqual(onA.snapshot);
    expect(onB.snapshot).toEqual(await serverNight());
    expect((await onB.socket.emitWithAck('subscribeNight', { nightId: 'nowhere' }))).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect((await onB.socket.emitWithAck('subscribeNight', { nightId: 'Bad Id' } as never))).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
  });

  it('pushes one small change to subscribers on node B for one bulletin posted to node A', async () => {
    const onB = await listener(b.url);
    const before = onB.snapshot.version;
    await post(a.url, 'seat-7');
    const change = await eventually(() => onB.events[0], 5000, 'a night event on B');
    expect(change).toMatchObject({ nightId: 'ballot-day', epoch: onB.snapshot.epoch, prevVersion: before, version: before + 1 });
    expect(change.contests.map((c) => [c.electionId, c.region, c.status, c.version])).toEqual([['seat-7', 'south', 'counting', 1]]);
    expect(change.summary?.contests).toEqual({ total: CONTESTS, decided: 0, counting: 1, notStarted: CONTESTS - 1 });
    // One line and the summary, not the night: a small fraction of the 300-line snapshot.
    const size = JSON.stringify(change).length;
    expect(size).toBeLessThan(2500);
    expect(size * 20).toBeLessThan(JSON.stringify(onB.snapshot).length);
    // Nothing else follows it: a later change is the next event, from the next version.
    await post(a.url, 'seat-8');
    await eventually(() => onB.events[1], 5000, 'the barrier change');
    expect(onB.events.map((e) => e.prevVersion)).toEqual([before, before + 1]);
  });

  it('conflates a burst across contests per window, and each subscriber ends with exactly the server\'s night', async () => {
    const followers = await Promise.all([b.url, b.url, a.url].map(async (url) => {
      const socket = await connectSocket(url, { opened: sockets });
      const feed = followNight(socket, 'ballot-day');
      feeds.push(feed);
      await eventually(() => feed.night ?? undefined, 5000, 'the first snapshot');
      return feed;
    }));
    const raw = await listener(b.url);
    const started = Date.now();
    const burst = ids.slice(20, 80);
    await Promise.all(burst.map((id, i) => post(i % 2 === 0 ? a.url : b.url, id)));
    const final = await settledNight();
    const elapsed = Date.now() - started;
    for (const feed of followers) await eventually(() => (feed.night?.version === final.version ? true : undefined), 5000, 'the final version');
    for (const feed of followers) expect(feed.night).toEqual(final);
    // 60 bulletins from two nodes: at most one event per window (and the leading edge), not one per bulletin.
    await eventually(() => (raw.events.at(-1)?.version === final.version ? true : undefined), 5000, 'the last event');
    expect(raw.events.length).toBeLessThanOrEqual(Math.ceil(elapsed / WINDOW_MS) + 2);
    expect(raw.events.length).toBeLessThan(burst.length / 3);
    expect(raw.events.slice(1).every((e, i) => e.prevVersion === raw.events[i]!.version)).toBe(true);
    const changed = new Set(raw.events.flatMap((e) => e.contests.map((c) => c.electionId)));
    expect([...changed].sort()).toEqual([...burst].sort());
  });

  it('catches a reconnecting subscriber up from the version it holds, with only what it missed', async () => {
    const socket = await connectSocket(b.url, { opened: sockets, reconnection: true, reconnectionDelay: 50, reconnectionDelayMax: 200 });
    const feed = followNight(socket, 'ballot-day');
    feeds.push(feed);
    await eventually(() => feed.night ?? undefined, 5000, 'the first snapshot');
    const held = feed.night!.version;
    socket.io.engine.close();
    await eventually(() => (socket.connected ? undefined : true), 5000, 'the drop');
    await post(a.url, 'seat-100');
    await post(a.url, 'seat-101');
    const final = await settledNight();
    expect(final.version).toBe(held + 2);
    await eventually(() => (feed.night?.version === final.version ? true : undefined), 10_000, 'the catch-up');
    expect(feed.recoveries).toBe(1);
    expect(feed.night).toEqual(final);
  });

  it('catches up a client moving to the other node from what it held there, and refuses a catch-up from another epoch', async () => {
    const [onB, onA] = await Promise.all([listener(b.url), listener(a.url)]);
    await post(a.url, 'seat-150');
    const final = await settledNight();
    // Node A has sent it to its room: what A answers a newcomer is as of its last event.
    await eventually(() => (onA.events.at(-1)?.version === final.version ? true : undefined), 5000, 'node A at the final version');
    const moved = await connectSocket(a.url, { opened: sockets });
    const ack = await moved.emitWithAck('subscribeNight', { nightId: 'ballot-day', sinceVersion: onB.snapshot.version, epoch: onB.snapshot.epoch });
    if (!ack.ok || !ack.recovered) throw new Error(`expected a catch-up: ${JSON.stringify(ack).slice(0, 300)}`);
    expect(ack.missed.contests.map((c) => c.electionId)).toEqual(['seat-150']);
    expect(ack.missed).toMatchObject({ prevVersion: onB.snapshot.version, version: final.version, summary: final.summary });
    const other = await moved.emitWithAck('subscribeNight', { nightId: 'ballot-day', sinceVersion: onB.snapshot.version, epoch: 'not-this-one' });
    expect(other).toMatchObject({ ok: true, recovered: false, snapshot: { version: final.version } });
  });

  it('sends the whole night to subscribers on node B when it is redefined on node A (a new epoch)', async () => {
    const socket = await connectSocket(b.url, { opened: sockets });
    const feed = followNight(socket, 'ballot-day');
    feeds.push(feed);
    await eventually(() => feed.night ?? undefined, 5000, 'the first snapshot');
    const snapshots: NightSnapshot[] = [];
    socket.on('nightSnapshot', (s) => snapshots.push(s));
    const res = await callApi(a.url, 'PUT', '/api/nights/ballot-day', { name: 'Ballot day, the north', contests: ids.filter((_, i) => i % 3 === 0) });
    expect(res.status).toBe(200);
    await eventually(() => snapshots[0], 5000, 'the new snapshot');
    expect(snapshots[0]!.epoch).toBe(res.body.epoch);
    await eventually(() => (feed.night?.epoch === res.body.epoch ? true : undefined), 5000, 'the feed on the new epoch');
    expect(feed.night).toEqual(await serverNight());
  });
});

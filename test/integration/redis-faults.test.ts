import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTallyClient, type TallyClient } from '../../client/sdk/index.ts';
import type { FeedUpdate } from '../../client/sdk/election-feed.ts';
import { callApi } from '../helpers/api.ts';
import { bulletin, FIELD, figures } from '../helpers/fault-night.ts';
import { startPrivateRedis, type PrivateRedis } from '../helpers/private-redis.ts';
import { spawnServer, type ServerProcess } from '../helpers/spawn-server.ts';
import { eventually, eventuallyAsync } from '../helpers/wait-for.ts';

/** A node on a Redis of its own, which these tests stop, restart with its data, and restart empty. */
let redis: PrivateRedis;
let node: ServerProcess;
let client: TallyClient;
const dir = mkdtempSync(join(tmpdir(), 'tallyroom-redis-'));

beforeAll(async () => {
  redis = await startPrivateRedis({ dir });
  node = await spawnServer({ REDIS_URL: redis.url, REDIS_PREFIX: 'faults:', CONFLATE_MS: '0' });
  client = createTallyClient({ url: node.url, transports: ['websocket'], backoff: { baseMs: 100, capMs: 500 } });
}, 30_000);

afterAll(async () => {
  client?.close();
  await node?.stop('SIGKILL');
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const port = () => Number(new URL(redis.url).port);

async function post(i: number): Promise<void> {
  const res = await callApi(node.url, 'POST', '/api/elections/redis-night/bulletins', bulletin(i));
  expect(res.status).toBe(201);
}

describe('when Redis fails under a running node', () => {
  const updates: FeedUpdate[] = [];
  let sub: ReturnType<TallyClient['subscribe']>;

  it('Redis down: ingest answers 503 and stores nothing, pages keep their figures marked stale, and all resumes when it returns', async () => {
    expect((await callApi(node.url, 'PUT', '/api/elections/redis-night', FIELD)).status).toBe(201);
    sub = client.subscribe('redis-night', { onUpdate: (u) => updates.push(u) });
    await post(1);
    await post(2);
    await eventually(() => (sub.snapshot?.version === 2 && sub.status.state === 'live' ? true : undefined), 10_000, 'live at v2');
    const before = figures(sub.snapshot);

    await redis.stop();
    const refused = await callApi(node.url, 'POST', '/api/elections/redis-night/bulletins', bulletin(3));
    expect(refused.status).toBe(503);
    expect(refused.body.error).toMatchObject({ code: 'store_unavailable', message: expect.stringMatching(/nothing was changed/) });
    // The page keeps the last figures and says they may be stale.
    await eventually(() => (sub.status.state === 'reconnecting' ? true : undefined), 10_000, 'stale status');
    expect(sub.status).toMatchObject({ reason: expect.stringMatching(/store/) });
    expect(figures(sub.snapshot)).toEqual(before);

    redis = await startPrivateRedis({ port: port(), dir });
    await eventually(() => (sub.status.state === 'live' ? true : undefined), 15_000, 'live again without a restart');
    // Nothing half-way: the refused bulletin left no trace, so it goes in now as version 3.
    const history = await eventuallyAsync(async () => {
      const res = await callApi(node.url, 'GET', '/api/elections/redis-night/bulletins?since=0');
      return res.status === 200 ? res.body : undefined;
    }, 10_000, 'history readable');
    expect(history.bulletins.map((b: { version: number }) => b.version)).toEqual([1, 2]);
    await post(3);
    await eventually(() => (sub.snapshot?.version === 3 ? true : undefined), 5000, 'v3 pushed');
    expect(figures(sub.snapshot)).toEqual(figures((await callApi(node.url, 'GET', '/api/elections/redis-night')).body));
  });

  it('Redis restarted empty: the new epoch gives clients a fresh snapshot, never a replay across it', async () => {
    const oldEpoch = sub.snapshot!.epoch;
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
    redis = await startPrivateRedis({ port: port() });
    // The newsroom defines the night again and posts more than the client held: same version numbers,
    // other history. Only the epoch tells them apart.
    await eventuallyAsync(async () => ((await callApi(node.url, 'PUT', '/api/elections/redis-night', FIELD)).status === 201 ? true : undefined), 10_000, 'redefined');
    for (let i = 1; i <= 4; i++) await post(i);
    const served = (await callApi(node.url, 'GET', '/api/elections/redis-night')).body;
    expect(served.epoch).not.toBe(oldEpoch);
    await eventually(() => (sub.snapshot?.epoch === served.epoch && sub.snapshot?.version === 4 ? true : undefined), 15_000, 'new epoch at v4');
    expect(figures(sub.snapshot)).toEqual(figures(served));
    // The switch came as a whole snapshot; no delta of the old epoch was applied after it.
    const firstNew = updates.findIndex((u) => u.snapshot.epoch === served.epoch);
    expect(updates[firstNew]).toMatchObject({ kind: 'snapshot', reason: 'resynced' });
    expect(updates.slice(firstNew).every((u) => u.snapshot.epoch === served.epoch)).toBe(true);
  });
});

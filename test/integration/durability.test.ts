import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { callApi } from '../helpers/api.ts';
import { bulletin, FIELD } from '../helpers/fault-night.ts';
import { startPrivateRedis, type PrivateRedis } from '../helpers/private-redis.ts';
import { spawnServer, type ServerProcess } from '../helpers/spawn-server.ts';
import { connectSocket } from '../helpers/socket.ts';
import { eventually, eventuallyAsync } from '../helpers/wait-for.ts';

/** Everything these tests start, stopped at the end whatever happened. */
const started: Array<{ stop(): Promise<unknown> }> = [];
const dirs: string[] = [];
const dataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'tallyroom-durable-'));
  dirs.push(dir);
  return dir;
};

async function redis(options: Parameters<typeof startPrivateRedis>[0] = {}): Promise<PrivateRedis> {
  const r = await startPrivateRedis(options);
  started.push(r);
  return r;
}

async function server(env: Record<string, string>): Promise<ServerProcess> {
  const s = await spawnServer({ REDIS_PREFIX: 'durable:', CONFLATE_MS: '0', ...env });
  started.push(s);
  return s;
}

/** A replica of `primary`, resolved once its link is up and it holds the primary's data. */
async function replicaOf(primary: PrivateRedis): Promise<PrivateRedis> {
  // Its own directory: a replica writes the snapshot it syncs from to disk (never into the repository).
  const replica = await redis({ args: ['--dir', dataDir(), '--replicaof', '127.0.0.1', String(primary.port)] });
  const probe = new Redis(replica.url);
  try {
    await eventuallyAsync(async () => ((await probe.info('replication')).includes('master_link_status:up') ? true : undefined), 15_000, 'replica in sync');
  } finally {
    probe.disconnect();
  }
  return replica;
}

const post = (node: ServerProcess, i: number) => callApi(node.url, 'POST', '/api/elections/durable-night/bulletins', bulletin(i));

afterAll(async () => {
  for (const s of started.reverse()) await s.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('DURABILITY: Tallyroom checks the Redis settings at start', () => {
  it('refuses to start with DURABILITY=fsync on a Redis without appendonly, naming the setting', async () => {
    const plain = await redis();
    const refused = await server({ REDIS_URL: plain.url, DURABILITY: 'fsync' }).then(
      () => null,
      (error: Error) => error.message,
    );
    expect(refused).toMatch(/exited with 1 before listening/);
    expect(refused).toMatch(/DURABILITY=fsync needs Redis appendonly yes, but it is "no"/);
  });

  it('refuses appendfsync everysec (a second of acknowledged bulletins could go in a power cut)', async () => {
    const everysec = await redis({ dir: dataDir(), args: ['--appendfsync', 'everysec'] });
    const refused = await server({ REDIS_URL: everysec.url, DURABILITY: 'fsync' }).then(
      () => null,
      (error: Error) => error.message,
    );
    expect(refused).toMatch(/appendfsync always, but it is "everysec"/);
  });

  it('control: starts with appendonly yes and appendfsync always, and accepts bulletins', async () => {
    const synced = await redis({ dir: dataDir() });
    const node = await server({ REDIS_URL: synced.url, DURABILITY: 'fsync' });
    expect((await callApi(node.url, 'PUT', '/api/elections/durable-night', FIELD)).status).toBe(201);
    expect((await post(node, 1)).status).toBe(201);
  });
});

describe('DURABILITY=replicas: a 201 only once a replica has the commit', () => {
  it('with a replica: 201; with it paused: 503 outcome_unknown; a resend once it is back: the first outcome', async () => {
    const primary = await redis({ dir: dataDir() });
    const replica = await replicaOf(primary);
    const node = await server({ REDIS_URL: primary.url, DURABILITY: 'replicas', REDIS_WAIT_MS: '1000' });
    expect((await callApi(node.url, 'PUT', '/api/elections/durable-night', FIELD)).status).toBe(201);
    expect((await post(node, 1)).status).toBe(201);
    const watcher = await connectSocket(node.url);
    started.push({ stop: async () => void watcher.close() });
    const pushed: string[] = [];
    watcher.on('delta', (d) => pushed.push(`delta v${d.version}`));
    watcher.on('snapshot', (snap) => pushed.push(`snapshot v${snap.version}`));
    expect(await watcher.emitWithAck('subscribe', { electionId: 'durable-night', conflated: false })).toMatchObject({ ok: true });

    replica.pause();
    const unknown = await post(node, 2);
    expect(unknown.status).toBe(503);
    expect(unknown.body.error).toMatchObject({ code: 'outcome_unknown', message: expect.stringMatching(/only 0 of 1 replicas.*resend with the same id/) });
    // Still paused: the resend is not confirmed either, so it is not answered as if it were.
    expect((await post(node, 2)).body.error).toMatchObject({ code: 'outcome_unknown' });

    replica.resume();
    // The commit stood on the primary: the resend is its duplicate, at the version it was given.
    const resent = await post(node, 2);
    expect(resent).toMatchObject({ status: 200, body: { version: 2, duplicate: true } });
    // v2 was never pushed as a delta (its commit was unconfirmed); once confirmed, the stored snapshot
    // is pushed, so a graphics page is not left at v1 until the next bulletin.
    await eventually(() => (pushed.includes('snapshot v2') ? true : undefined), 5000, 'the confirmed snapshot');
    expect(pushed).not.toContain('delta v2');
    expect((await post(node, 3)).body).toMatchObject({ version: 3 });
    await eventually(() => (pushed.includes('delta v3') ? true : undefined), 5000, 'delta v3');
    expect(pushed).toEqual(['snapshot v2', 'delta v3']);
  });

  it('with no replica at all: 503 outcome_unknown, and a replica that joins later confirms the resend', async () => {
    const primary = await redis({ dir: dataDir() });
    const node = await server({ REDIS_URL: primary.url, DURABILITY: 'replicas', REDIS_WAIT_MS: '1000' });
    const created = await callApi(node.url, 'PUT', '/api/elections/durable-night', FIELD);
    expect(created.body.error).toMatchObject({ code: 'outcome_unknown' });
    await replicaOf(primary);
    const again = await callApi(node.url, 'PUT', '/api/elections/durable-night', FIELD);
    expect(again.status).toBeLessThan(300);
    expect((await post(node, 1))).toMatchObject({ status: 201, body: {} });
    expect((await post(node, 1))).toMatchObject({ status: 200, body: { duplicate: true } });
  });
});

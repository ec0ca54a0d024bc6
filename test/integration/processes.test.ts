import { afterAll, describe, expect, it } from 'vitest';
import { iran2017, seed000 } from '../fixtures/seeds.ts';
import { callApi } from '../helpers/api.ts';
import { deleteKeys, randomPrefix, REDIS_URL } from '../helpers/redis.ts';
import { spawnServer, type ServerProcess } from '../helpers/spawn-server.ts';

const prefix = randomPrefix();
const env = { REDIS_URL, REDIS_PREFIX: prefix };
const running: ServerProcess[] = [];

afterAll(async () => {
  await Promise.all(running.map((p) => p.stop('SIGKILL')));
  await deleteKeys(prefix);
});

async function start(): Promise<ServerProcess> {
  const p = await spawnServer(env);
  running.push(p);
  return p;
}

describe('real server processes on one Redis', () => {
  it('keeps every figure across a restart (Redis holds the truth)', async () => {
    const first = await start();
    expect(first.logs.some((l) => String(l.msg).includes('store: redis'))).toBe(true);
    expect((await callApi(first.url, 'PUT', '/api/elections/restart-2017', iran2017)).status).toBe(201);
    expect((await callApi(first.url, 'POST', '/api/elections/restart-2017/bulletins', seed000)).status).toBe(201);
    const before = (await callApi(first.url, 'GET', '/api/elections/restart-2017')).body;
    expect(await first.stop('SIGTERM')).toBe(0);

    const second = await start();
    const after = (await callApi(second.url, 'GET', '/api/elections/restart-2017')).body;
    expect(after).toEqual(before);
    // The duplicate check survived too: resending is harmless after the restart.
    expect(await callApi(second.url, 'POST', '/api/elections/restart-2017/bulletins', seed000)).toEqual({ status: 200, body: { version: 1, duplicate: true } });
  });

  it('two processes racing on one election never give one version twice, and lose nothing', async () => {
    const [a, b] = await Promise.all([start(), start()]);
    // 40 candidates, one per bulletin: each bulletin raises only its own candidate, so every one is
    // valid whatever order the two processes commit them in.
    const field = { name: 'Race', rule: { kind: 'plurality' }, candidates: Array.from({ length: 40 }, (_, i) => ({ id: `c${i}`, name: `Candidate ${i}` })) };
    expect((await callApi(a.url, 'PUT', '/api/elections/race-2017', field)).status).toBe(201);
    const posts = Array.from({ length: 40 }, (_, i) =>
      callApi(i % 2 ? a.url : b.url, 'POST', '/api/elections/race-2017/bulletins', { id: `race-${i}`, ballotsCounted: 40_000, votes: { [`c${i}`]: 100 + i } }),
    );
    const results = await Promise.all(posts);
    expect(results.filter((r) => r.status !== 201).map((r) => JSON.stringify(r))).toEqual([]);
    const versions = results.map((r) => r.body.version as number).sort((x, y) => x - y);
    expect(versions).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));

    const history = (await callApi(b.url, 'GET', '/api/elections/race-2017/bulletins?since=0')).body;
    expect(history.bulletins.map((r: { bulletin: { id: string } }) => r.bulletin.id).sort()).toEqual(Array.from({ length: 40 }, (_, i) => `race-${i}`).sort());
    expect(history.bulletins.map((r: { version: number }) => r.version)).toEqual(versions);
  });
});

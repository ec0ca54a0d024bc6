import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { callApi } from '../helpers/api.ts';
import { FIELD } from '../helpers/fault-night.ts';
import { checkHistory, createHistoryRecorder } from '../helpers/history-checker.ts';
import { startPosters } from '../helpers/poster-load.ts';
import { startPrivateRedis, type PrivateRedis } from '../helpers/private-redis.ts';
import { SENTINEL_NAME, startSentinelGroup } from '../helpers/sentinel-group.ts';
import { spawnServer, type ServerProcess } from '../helpers/spawn-server.ts';
import { storedHistory } from '../helpers/stored-history.ts';
import { eventuallyAsync } from '../helpers/wait-for.ts';

/**
 * The primary crashes (SIGKILL) or hangs (SIGSTOP) under load, with real redis-server processes of the
 * test's own: what a 201 promises must hold (docs/reliability.md), and a request during the fault must
 * be answered within the documented bound, never hang.
 */
const PREFIX = 'crash:';
const ELECTION = 'crash-night';
const COMMAND_TIMEOUT_MS = 1500;
/** The bound docs/reliability.md gives: a read and a commit may each time out (2 × REDIS_COMMAND_TIMEOUT_MS), plus a busy machine. */
const ANSWER_BOUND_MS = 2 * COMMAND_TIMEOUT_MS + 2000;
const started: Array<{ stop(): Promise<unknown> }> = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const s of started.reverse()) await s.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function tallyroom(env: Record<string, string>): Promise<ServerProcess> {
  const s = await spawnServer({ REDIS_PREFIX: PREFIX, CONFLATE_MS: '0', REDIS_COMMAND_TIMEOUT_MS: String(COMMAND_TIMEOUT_MS), INGEST_RATE_LIMIT: 'off', ...env });
  started.push(s);
  expect((await callApi(s.url, 'PUT', `/api/elections/${ELECTION}`, FIELD)).status).toBe(201);
  return s;
}

/** Resident memory of a process (kB), from /proc. */
function rssKb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
}

const waitFor = (check: () => boolean, ms: number, what: string) => eventuallyAsync(async () => (check() ? true : undefined), ms, what);

describe('the Redis primary killed and restarted on its data, again and again', () => {
  it('DURABILITY=fsync, 10 crashes under 8 posters (≥ 2,000 bulletins): every 201 once, gapless; only 503s during outages, each within the bound', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tallyroom-crash-'));
    dirs.push(dir);
    let redis: PrivateRedis = await startPrivateRedis({ dir });
    started.push({ stop: () => redis.stop() });
    const node = await tallyroom({ REDIS_URL: redis.url, DURABILITY: 'fsync' });
    const recorder = createHistoryRecorder();
    let stop = false;
    const load = startPosters({ url: () => node.url, electionId: ELECTION, posters: 8, recorder, done: () => stop, resendAfterMs: 20 });
    for (let crash = 0; crash < 10; crash++) {
      const before = load.accepted.size;
      await waitFor(() => load.accepted.size >= before + 200, 60_000, 'two hundred more bulletins');
      await redis.stop();
      const down = load.refusals.length;
      await waitFor(() => load.refusals.length >= down + 8, 10_000, 'posts refused while Redis is down');
      redis = await startPrivateRedis({ port: redis.port, dir });
    }
    const last = load.accepted.size;
    await waitFor(() => load.accepted.size > last + 50, 30_000, 'ingest after the last restart');
    stop = true;
    await load.finished;

    const final = await storedHistory(redis.url, PREFIX, ELECTION);
    expect(checkHistory(recorder.ops, final)).toEqual([]);
    expect(final.entries.length).toBe(load.accepted.size);
    expect(load.accepted.size).toBeGreaterThanOrEqual(2000);
    const codes = new Set(load.refusals.map((r) => r.code));
    expect([...codes].every((c) => c === 'store_unavailable' || c === 'outcome_unknown')).toBe(true);
    const slowest = Math.max(...load.refusals.map((r) => r.ms));
    console.info(`crash loop: ${load.accepted.size} bulletins, ${load.refusals.length} 503s (${[...codes].join(', ')}), the slowest ${Math.round(slowest)} ms`);
    expect(slowest).toBeLessThan(ANSWER_BOUND_MS);
    expect(node.child.exitCode).toBeNull();
  }, 180_000);
});

describe('the Sentinel primary hung (SIGSTOP) for 30 s with its sockets open', () => {
  it('requests fail within the bound, memory stays bounded, a replica is promoted and ingest resumes while it still hangs', async () => {
    const g = await startSentinelGroup({ replicas: 2, sentinels: 3 });
    started.push(g);
    const node = await tallyroom({ REDIS_SENTINELS: g.sentinels, REDIS_SENTINEL_NAME: SENTINEL_NAME, DURABILITY: 'fsync' });
    const recorder = createHistoryRecorder();
    let stop = false;
    const load = startPosters({ url: () => node.url, electionId: ELECTION, posters: 8, recorder, done: () => stop, paceMs: 20 });
    await waitFor(() => load.accepted.size >= 100, 30_000, 'bulletins accepted');
    const hung = g.nodes.get(await g.primaryPort())!;
    const rssBefore = rssKb(node.child.pid!);
    const refusedBefore = load.refusals.length;
    const hungAt = performance.now();
    hung.pause();
    try {
      await waitFor(() => load.refusals.length > refusedBefore, 10_000, 'a refusal while the primary hangs');
      const acceptedAtHang = load.accepted.size;
      await waitFor(() => load.accepted.size > acceptedAtHang + 50, 30_000, 'ingest on the promoted replica');
      const resumedAfter = performance.now() - hungAt;
      // Keep posting until the 30 s are over: memory must not grow with the hung connection's backlog.
      const rssPeak = { kb: rssBefore };
      while (performance.now() - hungAt < 30_000) {
        rssPeak.kb = Math.max(rssPeak.kb, rssKb(node.child.pid!));
        await new Promise((r) => setTimeout(r, 250));
      }
      const during = load.refusals.filter((r) => r.at >= hungAt);
      const slowest = Math.max(...during.map((r) => r.ms));
      console.info(`primary hung: ingest back after ${(resumedAfter / 1000).toFixed(1)} s; ${during.length} 503s, the slowest ${Math.round(slowest)} ms; node RSS ${Math.round(rssBefore / 1024)} → at most ${Math.round(rssPeak.kb / 1024)} MB`);
      expect(slowest).toBeLessThan(ANSWER_BOUND_MS);
      expect(resumedAfter).toBeLessThan(15_000);
      expect(rssPeak.kb - rssBefore).toBeLessThan(64 * 1024);
    } finally {
      hung.resume();
    }
    stop = true;
    await load.finished;
    expect(node.child.exitCode).toBeNull();
  }, 120_000);
});

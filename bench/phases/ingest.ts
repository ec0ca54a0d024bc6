import type { BenchRedis } from '../infra/redis.ts';
import { benchDefinition, createBulletinSeries, type FieldSize } from '../lib/bulletins.ts';
import { checkHistory, historyFailures, type BulletinRef } from '../lib/checks.ts';
import { nowNs, stampSource } from '../lib/clock.ts';
import { expectStatus, jsonClient, type JsonClient } from '../lib/http.ts';
import { profiledWindow, type ProfileRef } from '../lib/inspector-profiler.ts';
import { cpuBetween, readCpu } from '../lib/proc.ts';
import { summarise, type Summary } from '../lib/stats.ts';
import { BENCH_TOKEN, startTallyroom } from '../targets/tallyroom.ts';

/** Ingest alone: closed-loop posters, no subscribers. */
export interface IngestMeasurement {
  posters: number;
  /** One election per poster (half with 4 candidates, half with 8): a desk posts its own results in order. */
  elections: number;
  seconds: number;
  accepted: number;
  acceptedPerSec: number;
  /** Per request, from send to the full answer, in milliseconds. */
  latency: Summary;
  /** Answers other than 201, by status and error code. */
  refused: Record<string, number>;
  cpuUsPerBulletin: number;
  /**
   * The same posters held to `PACED_RATE` bulletins per second (an open loop: each bulletin is due at
   * its time whatever the answers before it took), latency from the time it was due: what a desk sees
   * at that rate, where the closed loop above only says how fast the server goes flat out.
   */
  paced?: PacedIngest;
  history: { accepted: number; listed: number; missing: number; duplicated: number; unacknowledged: number; wrongVersion: number };
  /** CPU profiles of the measured window (with --cpu-prof). */
  profiles: ProfileRef[];
  failures: string[];
}

export interface PacedIngest {
  rate: number;
  seconds: number;
  sent: number;
  accepted: number;
  achievedRate: number;
  /** From the time each bulletin was due to its full answer, in milliseconds (so a late send counts). */
  latency: Summary;
}

/** The rate of the paced measurement: target 4's. */
export const PACED_RATE = 3000;

/** Unmeasured posting first, so that the measurement sees a warm (JIT-compiled) server: this long, at most. */
const WARMUP_SECONDS = 2;
/** Bulletins a poster plans for: the count rises over this many (a faster server just goes on at the top). */
const PLANNED_PER_SECOND = 500;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/**
 * Posts `rate` bulletins per second for `seconds`, each due at start + k / rate and sent by the next
 * free poster (each on its own election, in order); latency counts from the due time.
 */
async function postPaced<D extends { latencies: number[] }>(desks: D[], rate: number, seconds: number, post: (desk: D, measured: boolean, dueNs: number) => Promise<boolean>): Promise<PacedIngest> {
  for (const d of desks) d.latencies = [];
  const total = Math.round(rate * seconds);
  let next = 0;
  let accepted = 0;
  const start = nowNs() + 50e6;
  await Promise.all(
    desks.map(async (desk) => {
      while (next < total) {
        const due = start + (next++ * 1e9) / rate;
        if (due > nowNs()) await sleep((due - nowNs()) / 1e6);
        if (await post(desk, true, due)) accepted += 1;
      }
    }),
  );
  const span = (nowNs() - start) / 1e9;
  return { rate, seconds, sent: total, accepted, achievedRate: total / span, latency: summarise(desks.flatMap((d) => d.latencies)) };
}

/** Every bulletin of an election in its history, paging with `nextSince`. */
export async function readHistory(api: JsonClient, electionId: string): Promise<BulletinRef[]> {
  const listed: BulletinRef[] = [];
  let since = 0;
  for (;;) {
    const page = expectStatus('read the history', await api.call('GET', `/api/elections/${electionId}/bulletins?since=${since}&limit=1000`), 200).body as {
      bulletins: Array<{ version: number; bulletin: { id: string } }>;
      hasMore: boolean;
      nextSince: number;
    };
    for (const b of page.bulletins) listed.push({ id: b.bulletin.id, version: b.version });
    if (!page.hasMore) return listed;
    if (page.nextSince <= since) throw new Error(`history of ${electionId}: nextSince did not advance past ${since}`);
    since = page.nextSince;
  }
}

export async function measureIngest(posters: number, seconds: number, ctx: { redis: BenchRedis; serverEnv: Record<string, string>; profileDir?: string; log: (l: string) => void }): Promise<IngestMeasurement> {
  ctx.log(`ingest: ${posters} concurrent posters for ${seconds} s, no subscribers`);
  const server = await startTallyroom({ redisUrl: ctx.redis.url, prefix: ctx.redis.newPrefix(), env: ctx.serverEnv, inspect: Boolean(ctx.profileDir) });
  const clients = Array.from({ length: posters }, () => jsonClient(server.url, BENCH_TOKEN));
  try {
    const desks = clients.map((api, i) => {
      const size: FieldSize = i % 2 ? 8 : 4;
      const electionId = `ingest-${posters}-${i}`;
      const series = createBulletinSeries(size, { steps: Math.ceil((seconds + WARMUP_SECONDS) * PLANNED_PER_SECOND), idPrefix: electionId });
      return { api, size, electionId, series, accepted: [] as BulletinRef[], latencies: [] as number[] };
    });
    const refused: Record<string, number> = {};
    const post = async (desk: (typeof desks)[number], measured: boolean, dueNs?: number): Promise<boolean> => {
      const sent = nowNs();
      const bulletin = desk.series.next(stampSource(sent));
      const res = await desk.api.send('POST', `/api/elections/${desk.electionId}/bulletins`, JSON.stringify(bulletin));
      if (measured) desk.latencies.push((nowNs() - (dueNs ?? sent)) / 1e6);
      if (res.status === 201) desk.accepted.push({ id: bulletin.id, version: (res.body as { version: number }).version });
      else {
        const key = `${res.status} ${(res.body as { error?: { code?: string } } | null)?.error?.code ?? ''}`.trim();
        refused[key] = (refused[key] ?? 0) + 1;
      }
      return res.status === 201;
    };
    for (const desk of desks) expectStatus('define an ingest election', await desk.api.call('PUT', `/api/elections/${desk.electionId}`, benchDefinition(desk.size)), 201);
    const postUntil = (stopAt: number, measured: boolean) =>
      Promise.all(
        desks.map(async (desk) => {
          while (nowNs() < stopAt) await post(desk, measured);
        }),
      );
    await postUntil(nowNs() + Math.min(WARMUP_SECONDS, seconds / 2) * 1e9, false);
    const warmAccepted = desks.reduce((n, d) => n + d.accepted.length, 0);

    const cpu0 = readCpu(server.pid);
    const start = nowNs();
    const { profiles } = await profiledWindow(server.inspectPort ? [server.inspectPort] : [], ctx.profileDir, `ingest-${posters}`, () => postUntil(start + seconds * 1e9, true));
    const elapsed = (nowNs() - start) / 1e9;
    const cpu = cpuBetween([cpu0], [readCpu(server.pid)]);
    const accepted = desks.reduce((n, d) => n + d.accepted.length, 0) - warmAccepted;

    const latency = summarise(desks.flatMap((d) => d.latencies));
    ctx.log(`  then paced at ${PACED_RATE}/s for ${seconds} s`);
    const paced = await postPaced(desks, PACED_RATE, seconds, post);

    ctx.log(`  checking that each of ${accepted + warmAccepted} accepted bulletins is in the history exactly once`);
    const failures: string[] = [];
    const totals = { accepted: 0, listed: 0, missing: 0, duplicated: 0, unacknowledged: 0, wrongVersion: 0 };
    for (const desk of desks) {
      const check = checkHistory(desk.accepted, await readHistory(desk.api, desk.electionId));
      failures.push(...historyFailures(`ingest ${posters} posters, ${desk.electionId}`, check));
      totals.accepted += check.accepted;
      totals.listed += check.listed;
      totals.missing += check.missing.length;
      totals.duplicated += check.duplicated.length;
      totals.unacknowledged += check.unacknowledged.length;
      totals.wrongVersion += check.wrongVersion.length;
    }
    const refusedCount = Object.values(refused).reduce((a, b) => a + b, 0);
    if (refusedCount > 0) failures.push(`ingest ${posters} posters: ${refusedCount} bulletins refused (${JSON.stringify(refused)}); every one should have been accepted`);
    return {
      posters,
      elections: desks.length,
      seconds: elapsed,
      accepted,
      acceptedPerSec: accepted / elapsed,
      latency,
      refused,
      cpuUsPerBulletin: cpu.schedNs / 1000 / Math.max(1, accepted),
      paced,
      history: totals,
      profiles,
      failures,
    };
  } finally {
    for (const c of clients) c.close();
    await server.stop();
  }
}

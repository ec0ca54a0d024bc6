import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchRedis } from '../infra/redis.ts';
import type { AddressPool } from '../lib/addresses.ts';
import { nowNs } from '../lib/clock.ts';
import { expectStatus, jsonClient } from '../lib/http.ts';
import { cpuBetween, readCpu } from '../lib/proc.ts';
import { nightDigest, type NightWorkerCommand, type NightWorkerReport } from '../clients/night-worker.ts';
import { BENCH_TOKEN, startTallyroom } from '../targets/tallyroom.ts';

/** The night phase: a night of `contests` contests, `subscribers` in its room, bulletins spread over the contests. */
export interface NightOptions {
  contests: number;
  subscribers: number;
  lowRate: number;
  lowSeconds: number;
  rate: number;
  seconds: number;
  windowMs: number;
  posters: number;
}

export interface NightRate {
  rate: number;
  achievedRate: number;
  accepted: number;
  spanMs: number;
  /** Night pushes the window allows over the span: 1 + ceil(span / window). */
  allowedPushes: number;
  /** `night` frames per subscriber over the span: the most, and the mean. */
  maxFrames: number;
  meanFrames: number;
  cpuUsPerSec: number;
  cpuUsPerBulletin: number;
}

export interface NightMeasurement {
  contests: number;
  subscribers: number;
  windowMs: number;
  connectMs: number;
  idleCpuUsPerSec: number;
  low: NightRate;
  high: NightRate;
  cpuRatio: number;
  rateRatio: number;
  /** Subscribers whose own night state (version, each line's version, summary) is the server's at the end. */
  exact: number;
  failures: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const WORKER = fileURLToPath(new URL('../clients/night-worker.ts', import.meta.url));
const PER_WORKER = 5000;
const FIELD = { rule: { kind: 'plurality' }, candidates: [{ id: 'a', name: 'A', party: 'Party A' }, { id: 'b', name: 'B', party: 'Party B' }, { id: 'c', name: 'C' }] };

/** A worker over IPC: each command answered in order. */
function startWorker(): { child: ChildProcess; send<T>(command: NightWorkerCommand): Promise<T> } {
  const child = fork(WORKER, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting: Array<{ resolve(v: unknown): void; reject(e: Error): void }> = [];
  child.on('message', (m: { ok: boolean; value?: unknown; error?: string }) => {
    const next = waiting.shift();
    if (m.ok) next?.resolve(m.value);
    else next?.reject(new Error(m.error));
  });
  return { child, send: <T>(command: NightWorkerCommand) => new Promise<T>((resolve, reject) => (waiting.push({ resolve: resolve as (v: unknown) => void, reject }), child.send(command))) };
}

/**
 * The night target: the real server with CONFLATE_MS on, one night of `contests` contests, `subscribers`
 * in its room; bulletins posted at a low rate and then at `rate` per second, each to a contest drawn at
 * random. One push per window to the room whatever the rate, server CPU per second flat as the rate
 * grows, and every subscriber's own night exactly the server's at the end, nothing lost or doubled.
 */
export async function measureNight(o: NightOptions, ctx: { redis: BenchRedis; serverEnv: Record<string, string>; addresses: AddressPool; log: (line: string) => void }): Promise<NightMeasurement> {
  ctx.log(`night: ${o.contests} contests, ${o.subscribers.toLocaleString('en')} night subscribers, CONFLATE_MS=${o.windowMs}, ${o.lowRate}/s then ${o.rate}/s`);
  const server = await startTallyroom({ redisUrl: ctx.redis.url, prefix: ctx.redis.newPrefix(), env: { ...ctx.serverEnv, CONFLATE_MS: String(o.windowMs), CONFLATE_MAX_MS: String(o.windowMs) } });
  const posters = Array.from({ length: o.posters }, () => jsonClient(server.url, BENCH_TOKEN));
  const workers = Array.from({ length: Math.max(1, Math.ceil(o.subscribers / PER_WORKER)) }, startWorker);
  const ids = Array.from({ length: o.contests }, (_, i) => `night-${i}`);
  /** Bulletins posted per contest, and the latest version each contest accepted. */
  const posted = new Map<string, number>();
  const counts = new Map<string, number>();
  try {
    const api = posters[0]!;
    for (let i = 0; i < ids.length; i += 25) await Promise.all(ids.slice(i, i + 25).map(async (id) => expectStatus(`define ${id}`, await api.call('PUT', `/api/elections/${id}`, { ...FIELD, name: id }), 201)));
    expectStatus('define the night', await api.call('PUT', '/api/nights/bench-night', { name: 'Bench night', contests: ids }), 201);
    const connectStart = Date.now();
    const share = Math.ceil(o.subscribers / workers.length);
    await Promise.all(workers.map((w, i) => w.send({ cmd: 'connect', url: server.url, nightId: 'bench-night', count: Math.min(share, o.subscribers - i * share), localAddress: ctx.addresses.take(1)[0]! })));
    const connectMs = Date.now() - connectStart;
    await sleep(1000);
    const idle0 = readCpu(server.pid);
    const idleStart = nowNs();
    await sleep(1000);
    const idleCpuUsPerSec = cpuBetween([idle0], [readCpu(server.pid)]).schedNs / 1000 / ((nowNs() - idleStart) / 1e9);
    const run = async (rate: number, seconds: number): Promise<NightRate> => {
      ctx.log(`  ${rate}/s for ${seconds} s`);
      await Promise.all(workers.map((w) => w.send({ cmd: 'mark' })));
      const total = Math.round(rate * seconds);
      let next = 0;
      let accepted = 0;
      const cpu0 = readCpu(server.pid);
      const start = nowNs();
      await Promise.all(posters.map(async (p) => {
        while (next < total) {
          const k = next++;
          await sleep((start + (k * 1e9) / rate - nowNs()) / 1e6);
          const id = ids[Math.floor(Math.random() * ids.length)]!;
          const n = (posted.get(id) ?? 0) + 1;
          posted.set(id, n);
          const res = await p.send('POST', `/api/elections/${id}/bulletins`, JSON.stringify({ id: `b${n}`, ballotsCounted: 100 * n, votes: { a: 50 * n, b: 30 * n + (n % 7), c: 10 * n } }));
          // Two posters on one contest may commit out of order: the later figures win, the other is refused as going down.
          if (res.status !== 201) continue;
          accepted += 1;
          const version = (res.body as { version: number }).version;
          counts.set(id, Math.max(counts.get(id) ?? 0, version));
        }
      }));
      const spanMs = (nowNs() - start) / 1e6;
      const cpu = cpuBetween([cpu0], [readCpu(server.pid)]);
      const final = await settled(api, counts);
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline && (await Promise.all(workers.map((w) => w.send<number>({ cmd: 'at', version: final })))).reduce((a, b) => a + b, 0) < o.subscribers) await sleep(50);
      const reports = await Promise.all(workers.map((w) => w.send<NightWorkerReport>({ cmd: 'report' })));
      return {
        rate,
        achievedRate: total / (spanMs / 1000),
        accepted,
        spanMs,
        allowedPushes: 1 + Math.ceil(spanMs / o.windowMs),
        maxFrames: Math.max(...reports.map((r) => r.maxFrames)),
        meanFrames: reports.reduce((a, r) => a + r.totalFrames, 0) / o.subscribers,
        cpuUsPerSec: cpu.schedNs / 1000 / (spanMs / 1000),
        cpuUsPerBulletin: cpu.schedNs / 1000 / Math.max(1, accepted),
      };
    };
    const low = await run(o.lowRate, o.lowSeconds);
    const high = await run(o.rate, o.seconds);
    const snapshot = expectStatus('read the night', await api.call('GET', '/api/nights/bench-night'), 200).body as { version: number; contests: Array<{ version: number }>; summary: unknown };
    const expected = nightDigest(snapshot.version, snapshot.contests.map((c) => c.version), snapshot.summary);
    const reports = await Promise.all(workers.map((w) => w.send<NightWorkerReport>({ cmd: 'report' })));
    const exact = reports.reduce((a, r) => a + (r.digests[expected] ?? 0), 0);
    const failures: string[] = [];
    if (exact !== o.subscribers) failures.push(`night: ${o.subscribers - exact} of ${o.subscribers} subscribers do not hold the server's night at the end`);
    for (const r of reports) if (r.gaps + r.doubled + r.regressions > 0) failures.push(`night: ${r.gaps} gaps, ${r.doubled} doubled changes, ${r.regressions} older lines at subscribers`);
    for (const r of [low, high]) if (r.maxFrames > r.allowedPushes) failures.push(`night at ${r.rate}/s: ${r.maxFrames} pushes to one subscriber, more than the ${r.allowedPushes} its windows allow`);
    // As in the conflation phase: below 90 % of the rate asked for, the phase did not measure what it is for.
    for (const r of [low, high]) if (r.achievedRate < 0.9 * r.rate) failures.push(`night at ${r.rate}/s: only ${r.achievedRate.toFixed(1)} bulletins/s sent (answers too slow): the rate was not reached, these figures do not measure it`);
    if (high.cpuUsPerSec > 2 * low.cpuUsPerSec) failures.push(`night: server CPU per second grew ${(high.cpuUsPerSec / low.cpuUsPerSec).toFixed(2)}x from ${o.lowRate}/s to ${o.rate}/s (target: at most 2x)`);
    return { contests: o.contests, subscribers: o.subscribers, windowMs: o.windowMs, connectMs, idleCpuUsPerSec, low, high, cpuRatio: high.cpuUsPerSec / low.cpuUsPerSec, rateRatio: high.achievedRate / low.achievedRate, exact, failures };
  } finally {
    for (const p of posters) p.close();
    await Promise.all(workers.map((w) => w.send({ cmd: 'stop' }).catch(() => undefined)));
    await server.stop();
  }
}

/** The night's version once every accepted bulletin is in its lines (a line follows its commit just after the answer). */
async function settled(api: ReturnType<typeof jsonClient>, counts: ReadonlyMap<string, number>): Promise<number> {
  for (const deadline = Date.now() + 20_000; Date.now() < deadline; await sleep(50)) {
    const night = (await api.call('GET', '/api/nights/bench-night')).body as { version: number; contests: Array<{ electionId: string; version: number }> };
    if (night.contests.every((c) => c.version === (counts.get(c.electionId) ?? 0))) return night.version;
  }
  throw new Error('night: the night did not take every accepted bulletin within 20 s');
}

/** The phase's figures in one line, for the log and docs/benchmarks.md. */
export function nightLine(n: NightMeasurement): string {
  const rate = (r: NightRate) => `${r.rate}/s (${r.achievedRate.toFixed(0)} reached, ${r.accepted} accepted): at most ${r.maxFrames} pushes per subscriber (${r.allowedPushes} allowed, mean ${r.meanFrames.toFixed(1)}), server CPU ${(r.cpuUsPerSec / 1000).toFixed(0)} ms/s, ${r.cpuUsPerBulletin.toFixed(0)} µs per bulletin`;
  return `${n.contests} contests, ${n.subscribers} subscribers (connected in ${n.connectMs} ms, idle ${(n.idleCpuUsPerSec / 1000).toFixed(0)} ms/s); ${rate(n.low)}; ${rate(n.high)}; CPU ratio ${n.cpuRatio.toFixed(2)} at ${n.rateRatio.toFixed(1)}x the rate; ${n.exact}/${n.subscribers} subscribers exactly on the server's night`;
}

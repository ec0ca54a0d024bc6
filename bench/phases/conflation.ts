import { SubscriberFleet } from '../clients/fleet.ts';
import type { BenchRedis } from '../infra/redis.ts';
import type { AddressPool } from '../lib/addresses.ts';
import { benchDefinition, createBulletinSeries } from '../lib/bulletins.ts';
import { nowNs, stampSource } from '../lib/clock.ts';
import { allowedPushes, conflationFailures, stateFromSnapshot, type PhaseFrames, type TallyState } from '../lib/conflation-checks.ts';
import { expectStatus, jsonClient } from '../lib/http.ts';
import { cpuBetween, readCpu } from '../lib/proc.ts';
import { sourceAddressesFor, subscriberProcessesFor, type ConflationOptions } from '../options.ts';
import { BENCH_TOKEN, startTallyroom } from '../targets/tallyroom.ts';

/** One rate into the conflated room: what was posted, what the server spent, what every subscriber got. */
export interface ConflationRate {
  rate: number;
  seconds: number;
  sent: number;
  accepted: number;
  /** Answers other than 201, by status and error code (a bulletin overtaken by a later one is refused as going down). */
  refused: Record<string, number>;
  achievedRate: number;
  /** From the first POST sent to the last answer received: bounds every commit of the phase. */
  spanMs: number;
  /** The most pushes the conflator may send over the span: 1 + ceil(span / window). */
  allowedPushes: number;
  /** Server CPU (all threads) over the span: per second of wall time, and per accepted bulletin. */
  cpuUsPerSec: number;
  cpuUsPerBulletin: number;
  frames: PhaseFrames;
  /** The last accepted version and its bulletin's votes: every subscriber must end on exactly this. */
  finalVersion: number;
  /** Whether the server's own snapshot agrees with the last accepted bulletin. */
  snapshotAgrees: boolean;
}

export interface ConflationMeasurement {
  subscribers: number;
  subscriberProcesses: number;
  windowMs: number;
  posters: number;
  connectMs: number;
  /** Server CPU with everyone subscribed and nothing posted (heartbeats), µs per second. */
  idleCpuUsPerSec: number;
  low: ConflationRate;
  high: ConflationRate;
  /** high.cpuUsPerSec ÷ low.cpuUsPerSec: 1 means push cost does not grow with the rate. */
  cpuRatio: number;
  /** rate ratio, for scale: what the CPU ratio would be if cost grew with every bulletin. */
  rateRatio: number;
  serverOutput: string[];
  failures: string[];
}

export interface ConflationContext {
  redis: BenchRedis;
  serverEnv: Record<string, string>;
  addresses: AddressPool;
  subscriberProcesses: number;
  log: (line: string) => void;
}

/** Below this share of the rate asked for, the phase did not measure what it is for: it fails. */
const RATE_REACHED = 0.9;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const ELECTION = 'conflation';
/** Unreported posting at the high rate first, so that both measured rates see a warm (JIT-compiled) server. */
const WARMUP_SECONDS = 1.5;

/**
 * Target 6: the real server with CONFLATE_MS on, `subscribers` in one election's default (conflated)
 * room, bulletins posted at a low rate and then at `rate` per second through the public ingest endpoint;
 * each subscriber keeps its own tally from what it receives and must end on the last accepted bulletin.
 */
export async function measureConflation(o: ConflationOptions, ctx: ConflationContext): Promise<ConflationMeasurement> {
  const processes = subscriberProcessesFor(o.subscribers, ctx.subscriberProcesses);
  ctx.log(`conflation: ${o.subscribers.toLocaleString('en')} subscribers in one room, CONFLATE_MS=${o.windowMs}, ${o.lowRate}/s then ${o.rate}/s`);
  const server = await startTallyroom({ redisUrl: ctx.redis.url, prefix: ctx.redis.newPrefix(), env: { ...ctx.serverEnv, CONFLATE_MS: String(o.windowMs) } });
  const posters = Array.from({ length: o.posters }, () => jsonClient(server.url, BENCH_TOKEN));
  const fleet = await SubscriberFleet.start(processes);
  const group = `conflation-${o.subscribers}`;
  const path = `/api/elections/${ELECTION}`;
  try {
    const api = posters[0]!;
    expectStatus('define the conflation election', await api.call('PUT', path, benchDefinition(8)), 201);
    const planned = Math.ceil(o.lowRate * o.lowSeconds + o.rate * (o.seconds + WARMUP_SECONDS)) + 10;
    const series = createBulletinSeries(8, { steps: planned, idPrefix: ELECTION });
    // A first bulletin before anyone subscribes, so that every snapshot has a round to start from.
    expectStatus('post the first bulletin', await api.send('POST', `${path}/bulletins`, JSON.stringify(series.next(stampSource(nowNs())))), 201);
    const connect = await fleet.connect({ group, urls: [server.url], electionId: ELECTION, total: o.subscribers, addresses: ctx.addresses.take(sourceAddressesFor(o.subscribers)), concurrency: 64, track: true });
    if (connect.failed > 0) throw new Error(`conflation: ${connect.failed} subscribers could not subscribe: ${connect.errors.join('; ')}`);
    await sleep(1000);
    const idle0 = readCpu(server.pid);
    const idleStart = nowNs();
    await sleep(1000);
    const idleCpuUsPerSec = cpuBetween([idle0], [readCpu(server.pid)]).schedNs / 1000 / ((nowNs() - idleStart) / 1e9);

    const run = (rate: number, seconds: number) => postAndCheck({ rate, seconds, windowMs: o.windowMs, subscribers: o.subscribers, group, path, series, posters, fleet, pid: server.pid, log: ctx.log });
    ctx.log(`  warm-up (not reported):`);
    const warmup = await run(o.rate, WARMUP_SECONDS);
    const low = await run(o.lowRate, o.lowSeconds);
    const high = await run(o.rate, o.seconds);
    const failures = [...rateFailures(`conflation warm-up at ${o.rate}/s`, warmup, o.subscribers, false), ...rateFailures(`conflation at ${o.lowRate}/s`, low, o.subscribers), ...rateFailures(`conflation at ${o.rate}/s`, high, o.subscribers)];
    return {
      subscribers: o.subscribers,
      subscriberProcesses: processes,
      windowMs: o.windowMs,
      posters: o.posters,
      connectMs: connect.ms,
      idleCpuUsPerSec,
      low,
      high,
      cpuRatio: high.cpuUsPerSec / low.cpuUsPerSec,
      rateRatio: high.achievedRate / low.achievedRate,
      serverOutput: server.output.slice(-20),
      failures,
    };
  } finally {
    for (const p of posters) p.close();
    await fleet.stop();
    await server.stop();
  }
}

/** What fails one rate of the phase: the frame checks, a server error, a snapshot that disagrees, a rate not reached. */
export function rateFailures(label: string, r: ConflationRate, subscribers: number, requireRate = true): string[] {
  const out = conflationFailures(label, r.frames, subscribers, r.allowedPushes);
  const serverErrors = Object.entries(r.refused).filter(([key]) => key.startsWith('5'));
  if (serverErrors.length) out.push(`${label}: server errors ${JSON.stringify(Object.fromEntries(serverErrors))}`);
  if (!r.snapshotAgrees) out.push(`${label}: the server's snapshot is not the last accepted bulletin`);
  if (r.accepted === 0) out.push(`${label}: no bulletin accepted`);
  if (requireRate && r.achievedRate < RATE_REACHED * r.rate) out.push(`${label}: only ${r.achievedRate.toFixed(1)} bulletins/s sent (answers too slow): the rate was not reached, these figures do not measure it`);
  return out;
}

interface RateRun {
  rate: number;
  seconds: number;
  windowMs: number;
  subscribers: number;
  group: string;
  path: string;
  series: ReturnType<typeof createBulletinSeries>;
  posters: ReturnType<typeof jsonClient>[];
  fleet: SubscriberFleet;
  pid: number;
  log: (line: string) => void;
}

/** Posts `rate`/s for `seconds` over concurrent posters, waits until every subscriber has the last version, checks. */
async function postAndCheck(r: RateRun): Promise<ConflationRate> {
  r.log(`  ${r.rate}/s for ${r.seconds} s`);
  await r.fleet.mark(r.group);
  const total = Math.round(r.rate * r.seconds);
  const refused: Record<string, number> = {};
  let last: { version: number; votes: Record<string, number> } = { version: -1, votes: {} };
  let accepted = 0;
  let next = 0;
  const cpu0 = readCpu(r.pid);
  const start = nowNs();
  const poster = async (api: RateRun['posters'][number]) => {
    while (next < total) {
      const k = next++;
      await sleep((start + (k * 1e9) / r.rate - nowNs()) / 1e6);
      // Made when due, in due order: a bulletin overtaken by a later one on another connection goes down and is refused.
      const bulletin = r.series.next(stampSource(nowNs()));
      const res = await api.send('POST', `${r.path}/bulletins`, JSON.stringify(bulletin));
      if (res.status === 201) {
        accepted += 1;
        const version = (res.body as { version: number }).version;
        if (version > last.version) last = { version, votes: bulletin.votes };
      } else {
        const key = `${res.status} ${(res.body as { error?: { code?: string } } | null)?.error?.code ?? ''}`.trim();
        refused[key] = (refused[key] ?? 0) + 1;
      }
    }
  };
  await Promise.all(r.posters.map(poster));
  const end = nowNs();
  const cpu = cpuBetween([cpu0], [readCpu(r.pid)]);
  const spanMs = (end - start) / 1e6;

  const deadline = Date.now() + 15_000 + r.subscribers;
  while (Date.now() < deadline && (await r.fleet.atVersion(r.group, last.version)) < r.subscribers) await sleep(50);
  const expected: TallyState = { version: last.version, votes: last.votes };
  const snapshot = expectStatus('read the snapshot', await r.posters[0]!.call('GET', r.path), 200).body as Parameters<typeof stateFromSnapshot>[0];
  const fromServer = stateFromSnapshot(snapshot);
  const frames = await r.fleet.summarise(r.group, expected, r.windowMs);
  return {
    rate: r.rate,
    seconds: r.seconds,
    sent: total,
    accepted,
    refused,
    achievedRate: total > 1 ? total / (spanMs / 1000) : r.rate,
    spanMs,
    allowedPushes: allowedPushes(spanMs, r.windowMs),
    cpuUsPerSec: cpu.schedNs / 1000 / (spanMs / 1000),
    cpuUsPerBulletin: cpu.schedNs / 1000 / Math.max(1, accepted),
    frames,
    finalVersion: last.version,
    snapshotAgrees: fromServer.version === expected.version && JSON.stringify(Object.entries(fromServer.votes).sort()) === JSON.stringify(Object.entries(expected.votes).sort()),
  };
}

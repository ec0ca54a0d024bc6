import type { SubscriberFleet } from '../clients/fleet.ts';
import type { AddressPool } from '../lib/addresses.ts';
import { deliveryFailures } from '../lib/checks.ts';
import { nowNs } from '../lib/clock.ts';
import { profiledWindow, type ProfileRef } from '../lib/inspector-profiler.ts';
import { cpuBetween, readCpu, readRssBytes } from '../lib/proc.ts';
import { summarise, type Summary } from '../lib/stats.ts';
import { sourceAddressesFor } from '../options.ts';
import { TARGET_LABELS, type TargetName } from '../lib/names.ts';
import type { FanoutTarget } from './fanout-targets.ts';

/** One target's figures at one step. Times in milliseconds unless named otherwise. */
export interface FanoutMeasurement {
  target: TargetName;
  subscribers: number;
  serverProcesses: number;
  bulletins: number;
  /** Bulletins per second asked for, and achieved (a slow answer delays the next post). */
  rate: number;
  achievedRate: number;
  connect: { ms: number; retries: number; failed: number; errors: string[] };
  /** From send (POST, or emit for the baselines) to each subscriber's parse. */
  latency: Summary;
  /** Per bulletin, from send to the last subscriber's parse (the whole fan-out). */
  lastParse: Summary;
  /** Per bulletin, from send to the first subscriber's parse. */
  firstParse: Summary;
  delivered: number;
  deliveriesPerSec: number;
  cpu: {
    /** Server CPU (all its processes) per delivery, over the measured window, in microseconds. */
    usPerDelivery: number;
    /** The same from /proc/<pid>/stat's 10 ms ticks, as a cross-check. */
    statUsPerDelivery: number;
    /** The main (JavaScript) thread's part; the rest is V8's GC and compiler threads. */
    mainThreadUsPerDelivery: number;
    /** CPU the server spends idle with every subscriber connected (heartbeats), in microseconds per second. */
    idleUsPerSec: number;
    /** usPerDelivery less the idle cost over the window. */
    netUsPerDelivery: number;
    windowMs: number;
  };
  memory: { idleRssBytes: number; subscribedRssBytes: number; bytesPerConnection: number };
  frames: { deltaMeanBytes: number; deltaMaxBytes: number; ackFrameBytes: number; snapshotBytes: number };
  pingsAnswered: number;
  /** CPU profiles of the measured window (with --cpu-prof; the figures of a profiled run are perturbed). */
  profiles: ProfileRef[];
  serverOutput: string[];
  failures: string[];
}

export interface FanoutOptions {
  bulletins: number;
  rate: number;
  /** Handshakes in flight per subscriber process. */
  concurrency: number;
  profileDir?: string;
  log: (line: string) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const sumOver = (pids: number[], read: (pid: number) => number) => pids.reduce((n, pid) => n + read(pid), 0);
const ms = (us: Summary): Summary => ({ count: us.count, min: us.min / 1000, mean: us.mean / 1000, p50: us.p50 / 1000, p90: us.p90 / 1000, p99: us.p99 / 1000, max: us.max / 1000 });

/** Waits until every subscriber has every version, or the deadline; resolves with the time it ended. */
async function awaitDeliveries(fleet: SubscriberFleet, group: string, expected: number, deadlineMs: number): Promise<number> {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    if ((await fleet.progress(group)) >= expected) return nowNs();
    await sleep(20);
  }
  return nowNs();
}

/**
 * One fan-out: `subscribers` subscribe to the target's election, `bulletins` are sent at `rate`, and
 * every subscriber must parse every one exactly once. The server's CPU is read around the window,
 * its memory before and after the subscribers connect.
 */
export async function measureFanout(target: FanoutTarget, fleet: SubscriberFleet, addresses: AddressPool, subscribers: number, o: FanoutOptions): Promise<FanoutMeasurement> {
  const label = `${TARGET_LABELS[target.name]} @ ${subscribers.toLocaleString('en')}`;
  const group = `${target.name}-${subscribers}-${target.electionId}`;
  await sleep(500);
  const idleRssBytes = sumOver(target.pids, readRssBytes);

  o.log(`  ${label}: connecting ${subscribers} subscribers`);
  const connect = await fleet.connect({ group, urls: target.urls, electionId: target.electionId, total: subscribers, addresses: addresses.take(sourceAddressesFor(subscribers)), concurrency: o.concurrency });
  if (connect.failed > 0) throw new Error(`${label}: ${connect.failed} subscribers could not subscribe: ${connect.errors.join('; ')}`);
  await sleep(1000);
  const subscribedRssBytes = sumOver(target.pids, readRssBytes);
  const idleA = target.pids.map(readCpu);
  const idleStart = nowNs();
  await sleep(1000);
  const idleCpu = cpuBetween(idleA, target.pids.map(readCpu));
  const idleUsPerSec = idleCpu.schedNs / 1000 / ((nowNs() - idleStart) / 1e9);

  await fleet.arm(group, target.baseVersion + 1, o.bulletins);
  o.log(`  ${label}: ${o.bulletins} bulletins at ${o.rate}/s`);
  const cpu0 = target.pids.map(readCpu);
  const start = nowNs();
  let lastSent = start;
  const { value: end, profiles } = await profiledWindow(target.inspectPorts, o.profileDir, `fanout-${subscribers}-${target.name}`, async () => {
    for (let k = 0; k < o.bulletins; k++) {
      await sleep((start + (k * 1e9) / o.rate - nowNs()) / 1e6);
      const version = await target.publish(k);
      if (version !== target.baseVersion + 1 + k) throw new Error(`${label}: bulletin ${k} became version ${version}, expected ${target.baseVersion + 1 + k}`);
    }
    lastSent = nowNs();
    return awaitDeliveries(fleet, group, subscribers * o.bulletins, 15_000 + subscribers);
  });
  const cpu = cpuBetween(cpu0, target.pids.map(readCpu));
  const collected = await fleet.collect(group);
  await fleet.close(group);

  const t = collected.tally;
  const windowNs = end - start;
  const failures = deliveryFailures(label, { ...t, closedEarly: collected.closedEarly, protocolErrors: collected.protocolErrors });
  if (collected.protocolSamples.length) failures.push(`${label}: e.g. ${collected.protocolSamples.join(' | ')}`);
  const delivered = Math.max(1, t.delivered);
  const usPerDelivery = cpu.schedNs / 1000 / delivered;
  return {
    target: target.name,
    subscribers,
    serverProcesses: target.pids.length,
    bulletins: o.bulletins,
    rate: o.rate,
    achievedRate: o.bulletins > 1 ? ((o.bulletins - 1) * 1e9) / (lastSent - start) : o.rate,
    connect: { ms: connect.ms, retries: connect.retries, failed: connect.failed, errors: connect.errors },
    latency: ms(summarise(t.latencies)),
    lastParse: ms(summarise(t.lastParse.filter((v) => !Number.isNaN(v)))),
    firstParse: ms(summarise(t.firstParse.filter((v) => !Number.isNaN(v)))),
    delivered: t.delivered,
    deliveriesPerSec: t.delivered / (windowNs / 1e9),
    cpu: {
      usPerDelivery,
      statUsPerDelivery: cpu.statNs / 1000 / delivered,
      mainThreadUsPerDelivery: cpu.mainNs / 1000 / delivered,
      idleUsPerSec,
      netUsPerDelivery: usPerDelivery - (idleUsPerSec * (windowNs / 1e9)) / delivered,
      windowMs: windowNs / 1e6,
    },
    memory: { idleRssBytes, subscribedRssBytes, bytesPerConnection: (subscribedRssBytes - idleRssBytes) / subscribers },
    frames: {
      deltaMeanBytes: collected.deltaFrames.count ? collected.deltaFrames.total / collected.deltaFrames.count : 0,
      deltaMaxBytes: collected.deltaFrames.max,
      ackFrameBytes: connect.ackFrameBytes,
      snapshotBytes: connect.snapshotBytes,
    },
    pingsAnswered: collected.pingsAnswered,
    profiles,
    serverOutput: target.output().slice(-20),
    failures,
  };
}

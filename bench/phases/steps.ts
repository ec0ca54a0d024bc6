import { SubscriberFleet } from '../clients/fleet.ts';
import type { BenchRedis } from '../infra/redis.ts';
import type { AddressPool } from '../lib/addresses.ts';
import { ratiosOf, type Ratios } from '../lib/ratios.ts';
import { subscriberProcessesFor, type BenchOptions } from '../options.ts';
import { measureFanout, type FanoutMeasurement } from './fanout.ts';
import { startBaselineTarget, startTallyroomTarget, type FanoutTarget, type Recording } from './fanout-targets.ts';
import { probeCrossProcess } from './multi-probe.ts';

export interface StepResult {
  subscribers: number;
  serverProcesses: number;
  subscriberProcesses: number;
  /** Set when the step could not run here, with the reason (never a made-up figure). */
  skipped: string | null;
  measurements: FanoutMeasurement[];
  ratios: Ratios | null;
}

export interface StepContext {
  options: BenchOptions;
  redis: BenchRedis;
  addresses: AddressPool;
  /** Where profiles of each measured window go (unset: no profiling). */
  profileDir?: string;
  log: (line: string) => void;
}

async function measured(target: FanoutTarget, fleet: SubscriberFleet, subscribers: number, ctx: StepContext): Promise<FanoutMeasurement> {
  try {
    return await measureFanout(target, fleet, ctx.addresses, subscribers, { bulletins: ctx.options.bulletins, rate: ctx.options.rate, concurrency: 64, profileDir: ctx.profileDir, log: ctx.log });
  } finally {
    await target.stop();
  }
}

/** A single-process step: Tallyroom, then bare socket.io and raw ws replaying its deltas, same subscribers. */
export async function runSingleStep(subscribers: number, ctx: StepContext): Promise<StepResult> {
  const processes = subscriberProcessesFor(subscribers, ctx.options.subscriberProcesses);
  ctx.log(`fan-out: ${subscribers.toLocaleString('en')} subscribers on one server process (${processes} subscriber processes)`);
  const fleet = await SubscriberFleet.start(processes);
  const recording: Recording = { snapshot: null, warmup: [], deltas: [] };
  const electionId = `fanout-${subscribers}`;
  const measurements: FanoutMeasurement[] = [];
  try {
    const tallyroom = await startTallyroomTarget(
      { redis: ctx.redis, serverEnv: ctx.options.serverEnv, inspect: Boolean(ctx.profileDir), processes: 1, electionId, warmup: ctx.options.warmup, bulletins: ctx.options.bulletins },
      recording,
    );
    measurements.push(await measured(tallyroom, fleet, subscribers, ctx));
    for (const name of ['socketio', 'rawws'] as const) measurements.push(await measured(await startBaselineTarget(name, electionId, recording, Boolean(ctx.profileDir)), fleet, subscribers, ctx));
  } finally {
    await fleet.stop();
  }
  return { subscribers, serverProcesses: 1, subscriberProcesses: processes, skipped: null, measurements, ratios: ratiosOf(measurements) };
}

/**
 * The multi-process step: Tallyroom servers on one Redis, subscribers spread over them, bulletins
 * posted round-robin. It first checks that a delta posted to one process reaches the subscribers of
 * the others; if not (no cross-process fan-out in this build), the step is skipped with that reason.
 */
export async function runMultiStep(subscribers: number, serverProcesses: number, ctx: StepContext): Promise<StepResult> {
  const processes = subscriberProcessesFor(subscribers, ctx.options.subscriberProcesses);
  ctx.log(`fan-out: ${subscribers.toLocaleString('en')} subscribers over ${serverProcesses} server processes (${processes} subscriber processes)`);
  const fleet = await SubscriberFleet.start(processes);
  const recording: Recording = { snapshot: null, warmup: [], deltas: [] };
  const base = { subscribers, serverProcesses, subscriberProcesses: processes };
  try {
    const target = await startTallyroomTarget(
      { redis: ctx.redis, serverEnv: ctx.options.serverEnv, inspect: Boolean(ctx.profileDir), processes: serverProcesses, electionId: `fanout-multi-${subscribers}`, warmup: ctx.options.warmup, bulletins: ctx.options.bulletins },
      recording,
    );
    const skipped = await probeCrossProcess(target, fleet, ctx.addresses).catch(async (error: unknown) => {
      await target.stop();
      throw error;
    });
    if (skipped) {
      await target.stop();
      ctx.log(`  skipped: ${skipped}`);
      return { ...base, skipped, measurements: [], ratios: null };
    }
    const measurement = await measured(target, fleet, subscribers, ctx);
    return { ...base, skipped: null, measurements: [measurement], ratios: null };
  } finally {
    await fleet.stop();
  }
}

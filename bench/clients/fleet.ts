import { fileURLToPath } from 'node:url';
import { mergePhaseFrames, type PhaseFrames, type TallyState } from '../lib/conflation-checks.ts';
import { forkTs, type IpcChild } from '../lib/ipc.ts';
import { mergeTallies } from '../lib/ledger.ts';
import { split } from '../options.ts';
import type { CollectResult, ConnectResult, FrameStats, WorkerCommand, WorkerHello } from './messages.ts';

const WORKER = fileURLToPath(new URL('./subscriber-worker.ts', import.meta.url));

/** Sockets a subscriber process keeps below its open-file limit (stdio, IPC, the module loader). */
const FD_HEADROOM = 200;

type Worker = IpcChild<WorkerHello, WorkerCommand>;

function mergeFrames(frames: FrameStats[]): FrameStats {
  return frames.reduce((a, f) => ({ count: a.count + f.count, total: a.total + f.total, min: Math.min(a.min, f.min), max: Math.max(a.max, f.max) }), {
    count: 0,
    total: 0,
    min: Number.POSITIVE_INFINITY,
    max: 0,
  });
}

/**
 * Subscriber processes, and the subscribers they hold, spread evenly. A group is one measured set of
 * subscribers (one election on one target); each command goes to every process and the answers merge.
 */
export class SubscriberFleet {
  private constructor(private readonly workers: Worker[]) {}

  static async start(processes: number): Promise<SubscriberFleet> {
    return new SubscriberFleet(await Promise.all(Array.from({ length: processes }, () => forkTs<WorkerHello, WorkerCommand>(WORKER))));
  }

  get size(): number {
    return this.workers.length;
  }

  get pids(): number[] {
    return this.workers.map((w) => w.pid);
  }

  /** The most subscribers this fleet may hold, given each process's open-file limit. */
  get capacity(): number {
    return this.workers.reduce((n, w) => n + Math.max(0, w.hello.openFileLimit - FD_HEADROOM), 0);
  }

  async connect(options: { group: string; urls: string[]; electionId: string; total: number; addresses: string[]; concurrency: number; track?: boolean }): Promise<ConnectResult> {
    const counts = split(options.total, this.workers.length);
    counts.forEach((count, i) => {
      const limit = this.workers[i]!.hello.openFileLimit;
      if (count > limit - FD_HEADROOM) throw new Error(`${count} subscribers in one process is over its open-file limit (${limit}): use more subscriber processes`);
    });
    const offsets = counts.map((_, i) => counts.slice(0, i).reduce((a, b) => a + b, 0));
    const results = await Promise.all(
      this.workers.map((w, i) =>
        w.ask<ConnectResult>({
          cmd: 'connect',
          group: options.group,
          urls: options.urls,
          electionId: options.electionId,
          count: counts[i]!,
          offset: offsets[i]!,
          addresses: options.addresses,
          concurrency: options.concurrency,
          track: options.track,
        }),
      ),
    );
    const first = results.find((r) => r.snapshotBytes > 0);
    return {
      connected: results.reduce((n, r) => n + r.connected, 0),
      retries: results.reduce((n, r) => n + r.retries, 0),
      failed: results.reduce((n, r) => n + r.failed, 0),
      errors: results.flatMap((r) => r.errors).slice(0, 5),
      ms: Math.max(...results.map((r) => r.ms)),
      ackFrameBytes: first?.ackFrameBytes ?? 0,
      snapshotBytes: first?.snapshotBytes ?? 0,
    };
  }

  /** Starts counting deliveries of versions `firstVersion ..< firstVersion + versions`. */
  async arm(group: string, firstVersion: number, versions: number): Promise<void> {
    await Promise.all(this.workers.map((w) => w.ask({ cmd: 'arm', group, firstVersion, versions })));
  }

  /** First deliveries of armed versions so far, over every process. */
  async progress(group: string): Promise<number> {
    const counts = await Promise.all(this.workers.map((w) => w.ask<number>({ cmd: 'progress', group })));
    return counts.reduce((a, b) => a + b, 0);
  }

  async collect(group: string): Promise<CollectResult> {
    const results = await Promise.all(this.workers.map((w) => w.ask<CollectResult>({ cmd: 'collect', group })));
    return {
      tally: mergeTallies(results.map((r) => r.tally)),
      closedEarly: results.reduce((n, r) => n + r.closedEarly, 0),
      protocolErrors: results.reduce((n, r) => n + r.protocolErrors, 0),
      protocolSamples: results.flatMap((r) => r.protocolSamples).slice(0, 5),
      deltaFrames: mergeFrames(results.map((r) => r.deltaFrames)),
      pingsAnswered: results.reduce((n, r) => n + r.pingsAnswered, 0),
      informationalEvents: results.reduce((n, r) => n + r.informationalEvents, 0),
    };
  }

  /** Conflation phase: starts a new phase (frame times so far are forgotten). */
  async mark(group: string): Promise<void> {
    await Promise.all(this.workers.map((w) => w.ask({ cmd: 'mark', group })));
  }

  /** Conflation phase: subscribers at `version` or later, over every process. */
  async atVersion(group: string, version: number): Promise<number> {
    const counts = await Promise.all(this.workers.map((w) => w.ask<number>({ cmd: 'at-version', group, version })));
    return counts.reduce((a, b) => a + b, 0);
  }

  /** Conflation phase: every subscriber's frames since the mark and final state against `expected`. */
  async summarise(group: string, expected: TallyState, windowMs: number): Promise<PhaseFrames> {
    return mergePhaseFrames(await Promise.all(this.workers.map((w) => w.ask<PhaseFrames>({ cmd: 'summarise', group, expected, windowMs }))));
  }

  async close(group: string): Promise<void> {
    await Promise.all(this.workers.map((w) => w.ask({ cmd: 'close', group })));
  }

  /** Ends every subscriber process (their sockets close with them). */
  async stop(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.stop()));
  }
}

import { fileURLToPath } from 'node:url';
import type { Delta } from '../../shared/schemas/snapshot.schema.ts';
import type { BenchRedis } from '../infra/redis.ts';
import { createBulletinSeries, benchDefinition } from '../lib/bulletins.ts';
import { nowNs, stampSource } from '../lib/clock.ts';
import { expectStatus, jsonClient, type JsonClient } from '../lib/http.ts';
import { forkTs } from '../lib/ipc.ts';
import { freePort } from '../lib/net.ts';
import { TARGET_LABELS, type TargetName } from '../lib/names.ts';
import type { BaselineCommand, BaselineHello } from '../targets/baseline-messages.ts';
import { BENCH_TOKEN, startTallyroom, type TallyroomProcess } from '../targets/tallyroom.ts';


/** A server under measurement, ready for subscribers, that pushes the k-th measured bulletin on demand. */
export interface FanoutTarget {
  name: TargetName;
  urls: string[];
  pids: number[];
  /** V8 inspector ports of the server processes (empty unless profiling). */
  inspectPorts: number[];
  electionId: string;
  /** The version subscribers hold once subscribed; measured bulletins follow it. */
  baseVersion: number;
  /** Sends the k-th measured bulletin (0-based) and resolves with its version once the server took it. */
  publish(k: number): Promise<number>;
  /** Warnings and errors the server printed. */
  output(): string[];
  stop(): Promise<void>;
}

/**
 * What Tallyroom sent, so that the baselines push exactly the same bytes: the snapshot of the subscribe
 * ack, and the deltas (only the stamp in `source` changes, at the same width).
 */
export interface Recording {
  snapshot: unknown;
  warmup: Delta[];
  deltas: Delta[];
}

export interface TallyroomTargetOptions {
  redis: BenchRedis;
  serverEnv: Record<string, string>;
  inspect: boolean;
  processes: number;
  electionId: string;
  warmup: number;
  bulletins: number;
}

/** Tallyroom: `processes` servers on one Redis prefix; bulletins are posted round-robin over them. */
export async function startTallyroomTarget(o: TallyroomTargetOptions, recording: Recording): Promise<FanoutTarget> {
  const prefix = o.redis.newPrefix();
  const servers: TallyroomProcess[] = [];
  const clients: JsonClient[] = [];
  const stop = async () => {
    for (const c of clients) c.close();
    await Promise.all(servers.map((s) => s.stop()));
  };
  try {
    for (let i = 0; i < o.processes; i++) servers.push(await startTallyroom({ redisUrl: o.redis.url, prefix, env: o.serverEnv, inspect: o.inspect }));
    clients.push(...servers.map((s) => jsonClient(s.url, BENCH_TOKEN)));
    const path = `/api/elections/${o.electionId}`;
    expectStatus('define the fan-out election', await clients[0]!.call('PUT', path, benchDefinition(8)), 201);
    const series = createBulletinSeries(8, { steps: o.warmup + o.bulletins, idPrefix: o.electionId });
    const post = async (k: number) => {
      // The stamp is the send time: taken before the body is serialised and written.
      const text = JSON.stringify(series.next(stampSource(nowNs())));
      const res = expectStatus('post a bulletin', await clients[k % clients.length]!.send('POST', `${path}/bulletins`, text), 201);
      return res.body as { version: number; delta: Delta };
    };
    recording.warmup = [];
    recording.deltas = [];
    for (let k = 0; k < o.warmup; k++) recording.warmup.push((await post(k)).delta);
    recording.snapshot = expectStatus('read the snapshot', await clients[0]!.call('GET', path), 200).body;
    return {
      name: 'tallyroom',
      urls: servers.map((s) => s.url),
      pids: servers.map((s) => s.pid),
      inspectPorts: servers.flatMap((s) => (s.inspectPort ? [s.inspectPort] : [])),
      electionId: o.electionId,
      baseVersion: (recording.snapshot as { version: number }).version,
      async publish(k) {
        const { version, delta } = await post(o.warmup + k);
        recording.deltas[k] = delta;
        return version;
      },
      output: () => servers.flatMap((s) => s.output),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

const BASELINE_MODULES: Record<Exclude<TargetName, 'tallyroom'>, string> = {
  socketio: fileURLToPath(new URL('../targets/bare-socketio-server.ts', import.meta.url)),
  rawws: fileURLToPath(new URL('../targets/raw-ws-server.ts', import.meta.url)),
};

/** A baseline server that replays Tallyroom's recording: same snapshot, same deltas, same bytes. */
export async function startBaselineTarget(name: Exclude<TargetName, 'tallyroom'>, electionId: string, recording: Recording, inspect: boolean): Promise<FanoutTarget> {
  if (!recording.snapshot || recording.deltas.length === 0) throw new Error(`${TARGET_LABELS[name]} replays Tallyroom's deltas: measure Tallyroom first`);
  const inspectPort = inspect ? await freePort() : null;
  const child = await forkTs<BaselineHello, BaselineCommand>(BASELINE_MODULES[name], {
    env: { ...process.env, NODE_ENV: 'production' },
    execArgv: inspectPort ? [`--inspect=127.0.0.1:${inspectPort}`] : [],
  });
  await child.ask({ cmd: 'setup', electionId, snapshot: recording.snapshot });
  // The same warm-up as Tallyroom's, into an empty room.
  for (const delta of recording.warmup) await child.ask({ cmd: 'emit', electionId, delta: { ...delta } });
  return {
    name,
    urls: [`http://127.0.0.1:${child.hello.port}`],
    pids: [child.pid],
    inspectPorts: inspectPort ? [inspectPort] : [],
    electionId,
    baseVersion: (recording.snapshot as { version: number }).version,
    async publish(k) {
      const delta = recording.deltas[k];
      if (!delta) throw new Error(`no recorded delta ${k} to replay`);
      return child.ask<number>({ cmd: 'emit', electionId, delta: { ...delta } });
    },
    output: () => [],
    stop: () => child.stop(),
  };
}

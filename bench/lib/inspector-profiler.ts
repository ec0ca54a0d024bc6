import { mkdirSync, writeFileSync } from 'node:fs';
import { WebSocket } from 'ws';
import { renderProfile, summariseProfile, type CpuProfile, type ProfileLine } from './profile.ts';

/**
 * Profiles a server's measured window only, from outside: the server runs with `--inspect` on a port
 * of 127.0.0.1 and the bench drives V8's profiler over the DevTools protocol (Profiler.start / stop),
 * so start-up, module loading and the subscribers' handshakes stay out of the profile and the server
 * needs no change.
 */
export interface WindowProfiler {
  start(): Promise<void>;
  stop(): Promise<CpuProfile>;
  close(): void;
}

/** Microseconds between samples: fine enough for a window of a few seconds. */
const SAMPLING_INTERVAL_US = 250;

export async function attachProfiler(inspectPort: number): Promise<WindowProfiler> {
  const targets = (await (await fetch(`http://127.0.0.1:${inspectPort}/json/list`)).json()) as Array<{ webSocketDebuggerUrl: string }>;
  const url = targets[0]?.webSocketDebuggerUrl;
  if (!url) throw new Error(`no inspector target on port ${inspectPort}`);
  const ws = new WebSocket(url, { perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<number, { resolve(result: any): void; reject(error: Error): void }>();
  ws.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString('utf8')) as { id?: number; result?: unknown; error?: { message: string } };
    if (message.id === undefined) return;
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.error) waiter?.reject(new Error(`inspector: ${message.error.message}`));
    else waiter?.resolve(message.result);
  });
  const call = (method: string, params: object = {}) =>
    new Promise<any>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      ws.send(JSON.stringify({ id, method, params }));
    });
  await call('Profiler.enable');
  await call('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
  return {
    start: () => call('Profiler.start'),
    stop: async () => ((await call('Profiler.stop')) as { profile: CpuProfile }).profile,
    close: () => ws.close(),
  };
}

/** A profile written to disk, with where its busy time went. */
export interface ProfileRef {
  file: string;
  busyMs: number;
  selfByArea: ProfileLine[];
}

/**
 * Runs `window` with every given inspector port profiled (nothing when `dir` is unset), and writes each
 * profile and its markdown summary as `<dir>/<name>[-i].cpuprofile|.md`.
 */
export async function profiledWindow<T>(ports: number[], dir: string | undefined, name: string, window: () => Promise<T>): Promise<{ value: T; profiles: ProfileRef[] }> {
  if (!dir || ports.length === 0) return { value: await window(), profiles: [] };
  const profilers = await Promise.all(ports.map(attachProfiler));
  try {
    await Promise.all(profilers.map((p) => p.start()));
    const value = await window();
    const profiles = await Promise.all(profilers.map((p) => p.stop()));
    mkdirSync(dir, { recursive: true });
    const refs = profiles.map((profile, i) => {
      const file = `${dir}/${name}${profiles.length > 1 ? `-${i + 1}` : ''}`;
      const summary = summariseProfile(profile);
      writeFileSync(`${file}.cpuprofile`, JSON.stringify(profile));
      writeFileSync(`${file}.md`, `${renderProfile(summary)}\n`);
      return { file: `${file}.cpuprofile`, busyMs: summary.busyMs, selfByArea: summary.selfByArea.slice(0, 8) };
    });
    return { value, profiles: refs };
  } finally {
    for (const p of profilers) p.close();
  }
}

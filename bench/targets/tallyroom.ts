import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { track } from '../lib/children.ts';
import { jsonClient } from '../lib/http.ts';
import { freePort, waitUntil } from '../lib/net.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The ingest token of a run's servers: random, so a run never shares a secret with anything else. */
export const BENCH_TOKEN = `bench-${randomBytes(16).toString('hex')}`;

export interface TallyroomProcess {
  url: string;
  pid: number;
  /** The inspector's port, when started with `inspect`. */
  inspectPort: number | null;
  /** Lines the server printed (warnings and errors only, at LOG_LEVEL=warn). */
  output: string[];
  /** SIGTERM, then the exit code (a clean shutdown is 0). */
  stop(): Promise<number | null>;
}

export interface TallyroomOptions {
  redisUrl: string;
  prefix: string;
  /** Extra environment (e.g. settings other issues add), applied last. */
  env?: Record<string, string>;
  /** Opens the V8 inspector on 127.0.0.1 (a free port), so that the bench can profile a window. */
  inspect?: boolean;
}

/**
 * Starts the real server as users run it: `node --import tsx server/main.ts`, production mode, the
 * Redis store, logging at warn, on a free port of 127.0.0.1. Ready once its API answers (at warn it
 * does not log where it listens).
 */
export async function startTallyroom(options: TallyroomOptions): Promise<TallyroomProcess> {
  const port = await freePort();
  const inspectPort = options.inspect ? await freePort() : null;
  const execArgv = ['--import', 'tsx', ...(inspectPort ? [`--inspect=127.0.0.1:${inspectPort}`] : [])];
  const child: ChildProcess = track(spawn(process.execPath, [...execArgv, 'server/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      REDIS_URL: options.redisUrl,
      REDIS_PREFIX: options.prefix,
      INGEST_TOKENS: `bench:${BENCH_TOKEN}`,
      // The benchmark posts and subscribes far faster than any desk: per-node limits would measure themselves.
      INGEST_RATE_LIMIT: 'off',
      SOCKET_EVENT_RATE_LIMIT: 'off',
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  }));
  const output: string[] = [];
  const keep = (chunk: Buffer) => output.push(...String(chunk).split('\n').filter(Boolean));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let gone: string | null = null;
  void exited.then((code) => (gone = `server exited with ${code}: ${output.slice(-5).join(' | ')}`));
  const url = `http://127.0.0.1:${port}`;
  const api = jsonClient(url);
  try {
    await waitUntil(`Tallyroom on port ${port}`, async () => (await api.call('GET', '/api/elections')).status === 200, 30_000, () => gone);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  } finally {
    api.close();
  }
  return {
    url,
    pid: child.pid!,
    inspectPort,
    output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        const code = await exited;
        clearTimeout(timer);
        return code;
      }
      return exited;
    },
  };
}

import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

/** A free loopback port, found by binding port 0. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.once('error', reject);
  });
}

/** Waits until a Redis answers PING at `url` (up to 5 s). */
async function answers(url: string): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    probe.on('error', () => {});
    try {
      await probe.connect();
      await probe.ping();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      probe.disconnect();
    }
  }
}

export interface PrivateRedis {
  url: string;
  port: number;
  /** Stops this Redis (SIGKILL: as abrupt as a crash) and waits for it to exit. */
  stop(): Promise<void>;
  /** SIGSTOP: the process hangs with its sockets open (a stalled primary, a lagging replica). */
  pause(): void;
  /** SIGCONT after `pause`. */
  resume(): void;
}

export interface PrivateRedisOptions {
  port?: number;
  /** Keeps the data in an append-only file there (synced at every write unless `args` says otherwise). */
  dir?: string;
  /** More `redis-server` arguments, after the defaults (so they win): `--replicaof`, `--appendfsync no`... */
  args?: string[];
}

/**
 * A throwaway `redis-server` of this test's own, never the shared one, which a fault test may kill.
 * `port` starts it again where a stopped one was (clients reconnect to the same address); `dir`
 * keeps its data there in an append-only file synced at every write, so a restart finds it all.
 * `pause` and `resume` hang and continue it; `stop` kills it.
 */
export async function startPrivateRedis(options: PrivateRedisOptions = {}): Promise<PrivateRedis> {
  const port = options.port ?? (await freePort());
  const persistence = options.dir ? ['--dir', options.dir, '--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
  // Replicas sync at once (no 5 s wait for more replicas to share a diskless transfer).
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--repl-diskless-sync-delay', '0', ...persistence, ...(options.args ?? [])];
  const child: ChildProcess = spawn('redis-server', args, { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `redis://127.0.0.1:${port}`;
  await answers(url);
  const signal = (name: NodeJS.Signals) => void (child.exitCode === null && child.signalCode === null && child.kill(name));
  return {
    url,
    port,
    pause: () => signal('SIGSTOP'),
    resume: () => signal('SIGCONT'),
    async stop() {
      // A stopped process takes SIGKILL too, but continuing it first keeps the exit prompt.
      signal('SIGCONT');
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

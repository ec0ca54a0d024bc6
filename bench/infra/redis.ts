import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { deleteKeys } from '../../test/helpers/redis.ts';
import { track } from '../lib/children.ts';
import { freePort, waitUntil } from '../lib/net.ts';

/** The Redis a run uses, and how to leave it as it was found. */
export interface BenchRedis {
  url: string;
  /** `private`: a redis-server this run started; `configured`: REDIS_URL, shared, touched only under `prefix`. */
  kind: 'private' | 'configured';
  /** A fresh key prefix for each server (or group of servers) of the run. */
  newPrefix(): string;
  close(): Promise<void>;
}

async function answers(url: string): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
  redis.on('error', () => {}); // "not yet" is an answer here, not an error to print
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } finally {
    redis.disconnect();
  }
}

/**
 * REDIS_URL when it is configured (every key under a random prefix, deleted at the end: the Redis may
 * be shared, so never a FLUSHALL), else a private `redis-server` on a free port without persistence,
 * stopped at the end.
 */
export async function openBenchRedis(configuredUrl: string | undefined): Promise<BenchRedis> {
  const runTag = randomBytes(4).toString('hex');
  const prefixes: string[] = [];
  const newPrefix = () => {
    const prefix = `tallyroom-bench:${runTag}:${prefixes.length}:`;
    prefixes.push(prefix);
    return prefix;
  };
  if (configuredUrl) {
    if (!(await answers(configuredUrl).catch(() => false))) throw new Error(`REDIS_URL ${configuredUrl} does not answer`);
    return {
      url: configuredUrl,
      kind: 'configured',
      newPrefix,
      async close() {
        for (const prefix of prefixes) await deleteKeys(prefix, configuredUrl);
      },
    };
  }
  const port = await freePort();
  const child = track(spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxclients', '1000'], { stdio: ['ignore', 'ignore', 'pipe'] }));
  let exited: string | null = null;
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += String(c)));
  child.once('error', (error) => (exited = `cannot start redis-server (${error.message}); install it or set REDIS_URL`));
  child.once('exit', (code) => (exited ??= `redis-server exited with ${code}: ${stderr}`));
  const url = `redis://127.0.0.1:${port}`;
  await waitUntil('private redis-server', () => answers(url), 10_000, () => exited);
  return {
    url,
    kind: 'private',
    newPrefix,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

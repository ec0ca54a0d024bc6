import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, waitUntil } from '../lib/net.ts';

/** Debian's nginx (`apt-get install nginx-light`); never a downloaded one. */
export const NGINX_PATH = process.env.NGINX_PATH ?? '/usr/sbin/nginx';
/** The deploy example, run as written but for its port, upstreams and paths. */
export const NGINX_CACHE_CONF = fileURLToPath(new URL('../../deploy/nginx-cache.conf', import.meta.url));

/** One line of the cache log (`log_format tallyroom_cache`). */
export interface CacheLogLine {
  /** HIT, MISS, EXPIRED, REVALIDATED, UPDATING, STALE, BYPASS, or '-' (not a cached location). */
  cache: string;
  status: number;
  uri: string;
  /** Whether the request reached the origin (nginx names the upstream it asked). */
  origin: boolean;
}

export interface NginxProcess {
  url: string;
  /** Every request so far, in the order nginx logged them. */
  log(): CacheLogLine[];
  /** Stops nginx and removes its directory. Idempotent. */
  stop(): Promise<void>;
}

/**
 * The deploy example with this run's port, upstream servers and paths: everything nginx writes goes to
 * `dir` (pid, logs, temp files, the cache), so it runs beside any other nginx, as any user.
 */
export function rewriteCacheConf(conf: string, { port, upstreams, dir, workers = 1 }: { port: number; upstreams: string[]; dir: string; workers?: number }): string {
  const servers = upstreams.map((u) => `    server ${u} max_fails=3 fail_timeout=10s;`).join('\n');
  const paths = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((p) => `  ${p}_temp_path ${dir}/temp/${p};`).join('\n');
  const replaced = conf
    .replace(/^worker_processes .*;$/m, `worker_processes ${workers};\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log warn;`)
    .replace(/^events \{.*\}$/m, 'events { worker_connections 4096; }')
    .replace(/(upstream tallyroom \{\n)(?: {4}server .*\n)+/, `$1${servers}\n`)
    .replace(/listen 80;/, `listen 127.0.0.1:${port};`)
    .replace('/var/cache/nginx/tallyroom', `${dir}/cache`)
    .replace('/var/log/nginx/tallyroom-cache.log', `${dir}/cache.log`)
    .replace(/^http \{$/m, `http {\n${paths}`);
  for (const wanted of [`127.0.0.1:${port}`, `${dir}/cache`, `${dir}/cache.log`, servers]) if (!replaced.includes(wanted)) throw new Error(`deploy/nginx-cache.conf changed shape: could not set ${wanted}`);
  return replaced;
}

function parseLine(line: string): CacheLogLine | null {
  const match = /^(\S+) (\d+) "([^"]*)" (\S+)/.exec(line);
  if (!match) return null;
  return { cache: match[1]!, status: Number(match[2]), uri: match[3]!, origin: match[4] !== '-' };
}

/** Starts nginx with the deploy example in front of `upstreams` (host:port), on a free loopback port. */
export async function startNginx({ upstreams, workers = 1 }: { upstreams: string[]; workers?: number }): Promise<NginxProcess> {
  if (!existsSync(NGINX_PATH)) throw new Error(`no nginx at ${NGINX_PATH}: apt-get install nginx-light (or set NGINX_PATH)`);
  const dir = mkdtempSync(join(tmpdir(), 'tallyroom-nginx-'));
  // Workers run as nobody when the master is root: they must be able to write the cache and temp files.
  for (const sub of ['', 'cache', 'temp']) {
    mkdirSync(join(dir, sub), { recursive: true });
    chmodSync(join(dir, sub), 0o777);
  }
  const port = await freePort();
  writeFileSync(join(dir, 'nginx.conf'), rewriteCacheConf(readFileSync(NGINX_CACHE_CONF, 'utf8'), { port, upstreams, dir, workers }));
  const output: string[] = [];
  const child: ChildProcess = spawn(NGINX_PATH, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log'), '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
  // nginx has no channel to its starter: it must not outlive it, however the starter ends.
  const orphan = () => child.kill('SIGKILL');
  process.once('exit', orphan);
  child.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const gone = () => (child.exitCode === null ? null : `nginx exited (${child.exitCode}): ${output.join('').trim() || readFileSync(join(dir, 'error.log'), 'utf8')}`);
    await waitUntil('nginx to listen', () => fetch(`${url}/healthz`).then(() => true, () => false), 10_000, gone);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  let stopped: Promise<void> | null = null;
  return {
    url,
    log: () =>
      existsSync(join(dir, 'cache.log'))
        ? readFileSync(join(dir, 'cache.log'), 'utf8').split('\n').flatMap((l) => parseLine(l) ?? [])
        : [],
    stop() {
      stopped ??= (async () => {
        if (child.exitCode === null) child.kill('SIGTERM');
        await exited;
        process.removeListener('exit', orphan);
        rmSync(dir, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}

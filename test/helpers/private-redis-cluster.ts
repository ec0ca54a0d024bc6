import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Cluster } from 'ioredis';
import { freePort } from './private-redis.ts';
import { eventuallyAsync } from './wait-for.ts';

const run = promisify(execFile);

export interface PrivateRedisCluster {
  /** One `redis://` URL per master, in the order they were created. */
  urls: string[];
  ports: number[];
  /** A Cluster client of the test's own (for KEYSLOT and key checks). */
  client: Cluster;
  /** Every node's port, masters first (with `replicas`, the rest are their replicas). */
  nodePorts: number[];
  /** Kills one node (SIGKILL: a crash) and waits for its exit. */
  kill(port: number): Promise<void>;
  /** Kills every node, waits for the exits and removes their directory. Idempotent. */
  stop(): Promise<void>;
}

/** Starts one cluster-enabled `redis-server` in `dir`, owned by this process (not daemonized, so it cannot outlive `stop`). */
function startNode(port: number, dir: string): { child: ChildProcess; exited: Promise<void> } {
  const child = spawn('redis-server', [
    '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
    '--cluster-enabled', 'yes', '--cluster-config-file', join(dir, `nodes-${port}.conf`), '--dir', dir,
    // A replica takes over a dead master after 1 s without it (the default is 15 s).
    '--cluster-node-timeout', '1000',
  ], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, exited };
}

/** Waits until `redis-cli -p port ping` answers PONG (up to 5 s). */
async function pong(port: number): Promise<void> {
  await eventuallyAsync(async () => ((await run('redis-cli', ['-p', String(port), 'ping']).catch(() => ({ stdout: '' }))).stdout.trim() === 'PONG' ? true : undefined), 5000, `redis-server on ${port}`);
}

/** Waits until every node reports `cluster_state:ok` (all 16384 slots served, the nodes agree). */
async function clusterOk(ports: number[]): Promise<void> {
  const ok = async (port: number) => (await run('redis-cli', ['-p', String(port), 'cluster', 'info'])).stdout.includes('cluster_state:ok');
  await eventuallyAsync(async () => ((await Promise.all(ports.map(ok))).every(Boolean) ? true : undefined), 10_000, 'cluster_state:ok');
}

/**
 * A throwaway Redis Cluster of `masters` masters and `replicas` replicas each, on free loopback ports with its
 * config files in a temp dir: never the shared Redis. Made the way an operator makes one
 * (`redis-cli --cluster create`), so the test meets the real MOVED redirections and slot checks.
 */
export async function startPrivateRedisCluster(masters = 3, replicas = 0): Promise<PrivateRedisCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'tallyroom-cluster-'));
  const ports: number[] = [];
  // One at a time: two probes in parallel could be handed the same free port.
  for (let i = 0; i < masters * (1 + replicas); i++) ports.push(await freePort());
  const nodes = ports.map((port) => startNode(port, dir));
  let stopped = false;
  let client: Cluster | undefined;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    client?.disconnect();
    for (const { child } of nodes) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await Promise.all(nodes.map((n) => n.exited));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await Promise.all(ports.map(pong));
    await run('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', String(replicas), '--cluster-yes']);
    await clusterOk(ports);
    client = new Cluster([{ host: '127.0.0.1', port: ports[0]! }]);
    client.on('error', () => {});
    const masterPorts = ports.slice(0, masters);
    const kill = async (port: number) => {
      const node = nodes[ports.indexOf(port)]!;
      if (node.child.exitCode === null && node.child.signalCode === null) node.child.kill('SIGKILL');
      await node.exited;
    };
    return { urls: masterPorts.map((p) => `redis://127.0.0.1:${p}`), ports: masterPorts, nodePorts: ports, client, kill, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

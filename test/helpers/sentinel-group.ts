import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort, startPrivateRedis, type PrivateRedis } from './private-redis.ts';
import { eventuallyAsync } from './wait-for.ts';

export const SENTINEL_NAME = 'mymaster';

export interface SentinelGroup {
  /** `REDIS_SENTINELS` for Tallyroom: every Sentinel of the group. */
  sentinels: string;
  /** The data nodes by port (the first primary and its replicas), as they run now. */
  nodes: Map<number, PrivateRedis>;
  /** The port the Sentinels name as primary now. */
  primaryPort(): Promise<number>;
  /**
   * Kills the current primary (SIGKILL), runs `afterKill` (e.g. resume paused replicas), and resolves
   * once the Sentinels name another primary.
   */
  failover(afterKill?: () => void): Promise<{ killed: number; promoted: number }>;
  /**
   * Starts a killed node again on its port and data directory, as a replica of the current primary (as
   * an orchestrator brings a failed node back; left to itself, Sentinel reconfigures a returning old
   * primary only on its next 10 s check).
   */
  restart(port: number): Promise<PrivateRedis>;
  /** Resolves once every node but the primary is an in-sync replica of it. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

/** Every data node keeps an append-only file synced at each write, so DURABILITY=fsync/replicas accept it. */
const persistence = (dir: string) => ['--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always'];

async function startSentinel(dir: string, primaryPort: number, quorum: number): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  const file = join(dir, `sentinel-${port}.conf`);
  // down-after 1 s: the tests kill primaries on purpose; production would use a few seconds.
  writeFileSync(file, [
    `port ${port}`, 'bind 127.0.0.1', `dir ${dir}`,
    `sentinel monitor ${SENTINEL_NAME} 127.0.0.1 ${primaryPort} ${quorum}`,
    `sentinel down-after-milliseconds ${SENTINEL_NAME} 1000`,
    `sentinel failover-timeout ${SENTINEL_NAME} 4000`,
    `sentinel parallel-syncs ${SENTINEL_NAME} 2`,
    '',
  ].join('\n'));
  const child = spawn('redis-server', [file, '--sentinel'], { stdio: 'ignore' });
  const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, retryStrategy: () => 50, maxRetriesPerRequest: 0 });
  probe.on('error', () => {});
  try {
    await eventuallyAsync(async () => ((await probe.ping().catch(() => null)) === 'PONG' ? true : undefined), 10_000, `sentinel on ${port}`);
  } finally {
    probe.disconnect();
  }
  return { port, child };
}

/**
 * A real Sentinel deployment of the test's own: one primary, `replicas` replicas and `sentinels`
 * Sentinels (quorum: a majority), each a `redis-server` process with its own directory.
 */
export async function startSentinelGroup({ replicas = 2, sentinels = 3 } = {}): Promise<SentinelGroup> {
  const root = mkdtempSync(join(tmpdir(), 'tallyroom-sentinel-'));
  const dirOf = (port: number) => {
    const dir = join(root, `node-${port}`);
    mkdirSync(dir, { recursive: true });
    return dir;
  };
  const nodes = new Map<number, PrivateRedis>();
  const startNode = async (port: number, args: string[] = []) => {
    const node = await startPrivateRedis({ port, args: [...persistence(dirOf(port)), ...args] });
    nodes.set(port, node);
    return node;
  };
  const primary = await startNode(await freePort());
  for (let i = 0; i < replicas; i++) await startNode(await freePort(), ['--replicaof', '127.0.0.1', String(primary.port)]);
  const watchers: Array<{ port: number; child: ChildProcess }> = [];
  for (let i = 0; i < sentinels; i++) watchers.push(await startSentinel(root, primary.port, Math.floor(sentinels / 2) + 1));
  const ask = new Redis(watchers[0]!.port, '127.0.0.1', { maxRetriesPerRequest: 1 });
  ask.on('error', () => {});
  const primaryPort = async () => Number(((await ask.call('SENTINEL', 'get-master-addr-by-name', SENTINEL_NAME)) as string[])[1]);

  const group: SentinelGroup = {
    sentinels: watchers.map((w) => `127.0.0.1:${w.port}`).join(','),
    nodes,
    primaryPort,
    async failover(afterKill) {
      const killed = await primaryPort();
      await nodes.get(killed)!.stop();
      nodes.delete(killed);
      afterKill?.();
      const promoted = await eventuallyAsync(async () => {
        const now = await primaryPort().catch(() => killed);
        return now !== killed ? now : undefined;
      }, 30_000, 'the Sentinels to promote a replica');
      return { killed, promoted };
    },
    restart: async (port) => startNode(port, ['--replicaof', '127.0.0.1', String(await primaryPort())]),
    async settled() {
      await eventuallyAsync(async () => {
        const p = await primaryPort();
        for (const [port] of nodes) {
          if (port === p) continue;
          const info = await nodeInfo(port);
          if (!info.includes(`master_port:${p}`) || !info.includes('master_link_status:up')) return undefined;
        }
        // Every Sentinel knows every replica again (so the next failover may pick any of them).
        const known = (await ask.call('SENTINEL', 'replicas', SENTINEL_NAME)) as unknown[];
        return known.length >= nodes.size - 1 ? true : undefined;
      }, 30_000, 'replicas in sync with the primary');
    },
    async stop() {
      ask.disconnect();
      for (const w of watchers) w.child.kill('SIGKILL');
      for (const node of nodes.values()) await node.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
  await group.settled();
  return group;
}

async function nodeInfo(port: number): Promise<string> {
  const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  probe.on('error', () => {});
  try {
    await probe.connect();
    return await probe.info('replication');
  } catch {
    return '';
  } finally {
    probe.disconnect();
  }
}

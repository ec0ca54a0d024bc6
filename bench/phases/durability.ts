import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { startPrivateRedis, type PrivateRedis } from '../../test/helpers/private-redis.ts';
import type { BenchRedis } from '../infra/redis.ts';
import { measureIngest, type IngestMeasurement } from './ingest.ts';

export type DurabilityMode = 'memory' | 'fsync' | 'replicas';

/** Ingest at one poster count under each DURABILITY, each on the Redis it needs, side by side in one run. */
export interface DurabilityMeasurement {
  posters: number;
  modes: Array<{ mode: DurabilityMode; redis: string; ingest: IngestMeasurement }>;
  failures: string[];
}

const REDIS_OF: Record<DurabilityMode, string> = {
  memory: 'no persistence (as on the CI machine)',
  fsync: 'appendonly yes, appendfsync always',
  replicas: 'appendfsync always + 1 replica (WAIT 1)',
};

/** The Redis a mode needs: private redis-server processes in a directory of their own. */
async function redisFor(mode: DurabilityMode): Promise<{ redis: BenchRedis; env: Record<string, string> }> {
  const dir = mkdtempSync(join(tmpdir(), `tallyroom-bench-${mode}-`));
  const servers: PrivateRedis[] = [];
  const primary = await startPrivateRedis(mode === 'memory' ? {} : { dir: join(dir) });
  servers.push(primary);
  if (mode === 'replicas') {
    const replica = await startPrivateRedis({ args: ['--dir', dir, '--dbfilename', 'replica.rdb', '--replicaof', '127.0.0.1', String(primary.port)] });
    servers.push(replica);
    const probe = new Redis(replica.url);
    for (let i = 0; i < 200 && !(await probe.info('replication')).includes('master_link_status:up'); i++) await new Promise((r) => setTimeout(r, 50));
    probe.disconnect();
  }
  const redis: BenchRedis = {
    url: primary.url,
    kind: 'private',
    newPrefix: () => `tallyroom-bench:${mode}:`,
    async close() {
      for (const s of servers.reverse()) await s.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return { redis, env: { DURABILITY: mode, ...(mode === 'replicas' ? { REDIS_MIN_REPLICAS: '1' } : {}) } };
}

/** Issue "A 201 means it survives": what fsync and replicas cost against memory, measured in one run. */
export async function measureDurability(posters: number, seconds: number, ctx: { serverEnv: Record<string, string>; log: (l: string) => void }): Promise<DurabilityMeasurement> {
  const modes: DurabilityMeasurement['modes'] = [];
  const failures: string[] = [];
  for (const mode of ['memory', 'fsync', 'replicas'] as const) {
    ctx.log(`durability ${mode}: Redis with ${REDIS_OF[mode]}`);
    const { redis, env } = await redisFor(mode);
    try {
      const ingest = await measureIngest(posters, seconds, { redis, serverEnv: { ...ctx.serverEnv, ...env }, log: ctx.log });
      modes.push({ mode, redis: REDIS_OF[mode], ingest });
      failures.push(...ingest.failures.map((f) => `durability ${mode}: ${f}`));
    } finally {
      await redis.close();
    }
  }
  return { posters, modes, failures };
}

import type { Cluster, Redis } from 'ioredis';

/**
 * What a 201 promises (`DURABILITY`, docs/reliability.md): `memory`, the commit is in the primary's
 * memory; `fsync`, it is in the primary's append-only file on disk (`appendonly yes` + `appendfsync
 * always`, which Redis group-commits: it fsyncs once per event-loop turn, before replying); `replicas`,
 * that and also received by `minReplicas` replicas (WAIT) within `waitMs`.
 */
export type DurabilityMode = 'memory' | 'fsync' | 'replicas';

export interface Durability {
  mode: DurabilityMode;
  /** `replicas`: how many replicas must have the commit before the 201 (REDIS_MIN_REPLICAS). */
  minReplicas: number;
  /** `replicas`: how long WAIT may take (REDIS_WAIT_MS); short of replicas by then, 503 `outcome_unknown`. */
  waitMs: number;
  /** false (`DURABILITY_CHECK=off`): trust the operator's word for the Redis settings (CONFIG forbidden). */
  check: boolean;
}

/** The Redis settings `fsync` and `replicas` rest on, as `CONFIG GET` answers them. */
export interface PersistenceSettings {
  appendonly?: string;
  appendfsync?: string;
}

/**
 * Why a Redis with `settings` cannot give `mode` (naming the setting and the fix), or null if it can.
 * Pure, so the refusal's words are tested without a Redis.
 */
export function durabilityProblem(mode: DurabilityMode, settings: PersistenceSettings): string | null {
  if (mode === 'memory') return null;
  const fix = 'set it in redis.conf (or CONFIG SET, then CONFIG REWRITE), or choose DURABILITY=memory';
  if (settings.appendonly !== 'yes') return `DURABILITY=${mode} needs Redis appendonly yes, but it is "${settings.appendonly ?? 'unknown'}": ${fix}`;
  if (settings.appendfsync !== 'always') return `DURABILITY=${mode} needs Redis appendfsync always, but it is "${settings.appendfsync ?? 'unknown'}" (a crash could lose acknowledged bulletins): ${fix}`;
  return null;
}

/** CONFIG GET's flat reply ([name, value, ...]) as settings. */
function settingsOf(reply: unknown): PersistenceSettings {
  const flat = Array.isArray(reply) ? reply.map(String) : [];
  const settings: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) settings[flat[i]!] = flat[i + 1]!;
  return settings;
}

/** The servers whose settings matter: the one Redis, or every master of a Cluster. */
function primaries(redis: Redis): Redis[] {
  const cluster = redis as unknown as Cluster & { isCluster?: boolean };
  return cluster.isCluster ? cluster.nodes('master') : [redis];
}

/**
 * Reads the settings of every primary and says what is wrong with them for `durability`, or null.
 * A Redis that forbids or renames CONFIG (managed services often do) is a problem too, with its way out.
 */
export async function checkRedisDurability(redis: Redis, durability: Durability): Promise<string | null> {
  if (durability.mode === 'memory' || !durability.check) return null;
  for (const node of primaries(redis)) {
    let settings: PersistenceSettings;
    try {
      settings = settingsOf(await node.call('CONFIG', 'GET', 'append*'));
    } catch (error) {
      return (
        `DURABILITY=${durability.mode} cannot check the Redis settings: CONFIG GET failed (${(error as Error).message}). ` +
        'Allow it for this user (ACL +config|get), or, on a managed Redis that forbids or renames CONFIG, make sure the provider ' +
        'runs appendonly yes with appendfsync always and set DURABILITY_CHECK=off'
      );
    }
    const problem = durabilityProblem(durability.mode, settings);
    if (problem) return problem;
  }
  return null;
}

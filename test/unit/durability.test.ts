import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.ts';
import { durabilityProblem } from '../../server/store/durability.ts';

describe('durabilityProblem: what a Redis with these settings can promise', () => {
  it('memory asks nothing of Redis', () => {
    expect(durabilityProblem('memory', {})).toBeNull();
  });

  it('fsync and replicas need appendonly yes and appendfsync always, and name the setting that is not', () => {
    for (const mode of ['fsync', 'replicas'] as const) {
      expect(durabilityProblem(mode, { appendonly: 'yes', appendfsync: 'always' })).toBeNull();
      expect(durabilityProblem(mode, { appendonly: 'no', appendfsync: 'always' })).toMatch(new RegExp(`DURABILITY=${mode} needs Redis appendonly yes, but it is "no"`));
      expect(durabilityProblem(mode, { appendonly: 'yes', appendfsync: 'everysec' })).toMatch(/appendfsync always, but it is "everysec"/);
      expect(durabilityProblem(mode, { appendonly: 'yes' })).toMatch(/appendfsync always, but it is "unknown"/);
    }
  });
});

describe('loadConfig: DURABILITY and its Redis settings', () => {
  const redis = { REDIS_URL: 'redis://127.0.0.1:6379' };

  it('defaults to memory, checked, one replica, a 1 s wait under a 2 s command timeout', () => {
    expect(loadConfig(redis)).toMatchObject({ durability: { mode: 'memory', check: true, minReplicas: 1, waitMs: 1000 }, redisCommandTimeoutMs: 2000 });
    expect(loadConfig({ ...redis, DURABILITY: 'replicas', REDIS_MIN_REPLICAS: '2', REDIS_WAIT_MS: '250', DURABILITY_CHECK: 'off' }).durability).toEqual({
      mode: 'replicas',
      minReplicas: 2,
      waitMs: 250,
      check: false,
    });
  });

  it('refuses a durable mode without Redis, an unknown mode, and a wait the command timeout would cut short', () => {
    expect(() => loadConfig({ DURABILITY: 'fsync' })).toThrow(/DURABILITY: fsync needs REDIS_URL/);
    expect(() => loadConfig({ ...redis, DURABILITY: 'disk' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...redis, DURABILITY: 'replicas', REDIS_WAIT_MS: '2000' })).toThrow(/REDIS_WAIT_MS: 2000 must be below REDIS_COMMAND_TIMEOUT_MS \(2000\)/);
    expect(() => loadConfig({ ...redis, DURABILITY: 'replicas', REDIS_CLUSTER: 'true' })).toThrow(/not supported on a Redis Cluster/);
    expect(() => loadConfig({ ...redis, REDIS_MIN_REPLICAS: '0' })).toThrow(/REDIS_MIN_REPLICAS/);
  });
});

import { Cluster, Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { connectRedis } from '../../server/store/redis-connection.ts';

describe('REDIS_CLUSTER wiring', () => {
  it('is off by default and on with REDIS_CLUSTER=true', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).redisCluster).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test', REDIS_CLUSTER: 'true' }).redisCluster).toBe(true);
    expect(() => loadConfig({ NODE_ENV: 'test', REDIS_CLUSTER: 'yes' })).toThrow(/REDIS_CLUSTER/);
  });

  it('opens a Cluster client seeded from the URL, credentials and options carried to every node', () => {
    const client = connectRedis({ url: 'rediss://desk:s3cret@10.0.0.7:7001', cluster: true }, { connectionName: 'tallyroom', enableOfflineQueue: false }, { lazyConnect: true, shardedSubscribers: true });
    try {
      expect(client).toBeInstanceOf(Cluster);
      const cluster = client as unknown as Cluster;
      expect((cluster as unknown as { startupNodes: unknown }).startupNodes).toEqual([{ host: '10.0.0.7', port: 7001 }]);
      expect(cluster.options).toMatchObject({ enableOfflineQueue: false, shardedSubscribers: true });
      expect(cluster.options.redisOptions).toMatchObject({ username: 'desk', password: 's3cret', connectionName: 'tallyroom', tls: {} });
    } finally {
      client.disconnect();
    }
  });

  it('opens a plain client otherwise', () => {
    const client = connectRedis({ url: 'redis://127.0.0.1:1' }, { lazyConnect: true });
    try {
      expect(client).toBeInstanceOf(Redis);
    } finally {
      client.disconnect();
    }
  });
});

describe('REDIS_SENTINELS wiring', () => {
  it('parses the Sentinels and the master name; REDIS_URL then gives credentials only', () => {
    const config = loadConfig({ NODE_ENV: 'test', REDIS_SENTINELS: '10.0.0.5:26379, 10.0.0.6:26380', REDIS_SENTINEL_NAME: 'results' });
    expect(config.redisSentinels).toEqual({ nodes: [{ host: '10.0.0.5', port: 26379 }, { host: '10.0.0.6', port: 26380 }], name: 'results' });
    expect(config.redisUrl).toBe('redis://results');
    expect(loadConfig({ NODE_ENV: 'test' }).redisSentinels).toBeNull();
  });

  it('refuses a malformed list, a bad name, and Sentinels with a Cluster, naming the variable', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', REDIS_SENTINELS: '10.0.0.5' })).toThrow(/REDIS_SENTINELS: must be host:port/);
    expect(() => loadConfig({ NODE_ENV: 'test', REDIS_SENTINELS: '10.0.0.5:99999' })).toThrow(/REDIS_SENTINELS/);
    expect(() => loadConfig({ NODE_ENV: 'test', REDIS_SENTINELS: 'a:1', REDIS_SENTINEL_NAME: 'no spaces' })).toThrow(/REDIS_SENTINEL_NAME/);
    expect(() => loadConfig({ NODE_ENV: 'test', REDIS_SENTINELS: 'a:1', REDIS_CLUSTER: 'true' })).toThrow(/REDIS_SENTINELS: a Redis Cluster fails over by itself/);
    expect(() => loadConfig({ NODE_ENV: 'test', REDIS_SENTINELS: 'a:1', DURABILITY: 'fsync' })).not.toThrow();
  });

  it('opens a Sentinel client: the master by name, its role checked, failovers detected, credentials from the URL', () => {
    const client = connectRedis(
      { url: 'redis://:s3cret@results/2', sentinels: { nodes: [{ host: '10.0.0.5', port: 26379 }], name: 'results' } },
      { lazyConnect: true, commandTimeout: 1500 },
    );
    expect(client.options).toMatchObject({ sentinels: [{ host: '10.0.0.5', port: 26379 }], name: 'results', role: 'master', failoverDetector: true, password: 's3cret', db: 2, sentinelCommandTimeout: 1500 });
    client.disconnect();
  });
});

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

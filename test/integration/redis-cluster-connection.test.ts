import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cluster, Redis } from 'ioredis';
import { connectRedis, whenConnected } from '../../server/store/redis-connection.ts';
import { startPrivateRedisCluster, type PrivateRedisCluster } from '../helpers/private-redis-cluster.ts';
import { eventually } from '../helpers/wait-for.ts';

/**
 * A fresh Cluster client from `connectRedis` against a real three-master Redis Cluster: it connects to
 * every node up front, so the first commands to a node are not sent while that node's connection is
 * still opening, where they were seen to arrive out of order (sharded pub/sub then delivered
 * consecutive deltas reordered).
 */
let cluster: PrivateRedisCluster;
const clients: Cluster[] = [];

beforeAll(async () => {
  cluster = await startPrivateRedisCluster(3);
}, 30_000);

afterAll(async () => {
  for (const c of clients) c.disconnect();
  await cluster?.stop();
});

function open(url: string, options = {}): Cluster {
  const client = connectRedis({ url, cluster: true }, { maxRetriesPerRequest: null, ...options }, { shardedSubscribers: true }) as unknown as Cluster;
  clients.push(client);
  return client;
}

describe('a Redis Cluster client from connectRedis', () => {
  it('opens a connection to every node by itself once the topology is known', async () => {
    const client = open(cluster.urls[0]!);
    await new Promise((resolve) => client.once('ready', resolve));
    // No command has been sent: without the up-front connections ioredis leaves the other nodes waiting.
    await eventually(() => (client.nodes('all').length === 3 && client.nodes('all').every((n) => n.status === 'ready') ? true : undefined), 5000, 'every node connected');
  });

  it('delivers a burst of SPUBLISHes to a channel on another node in the order they were sent', async () => {
    const pub = open(cluster.urls[0]!, { enableOfflineQueue: false });
    const sub = open(cluster.urls[1]!);
    // As the server does before it takes traffic (server/main.ts).
    expect(await whenConnected(pub as unknown as Redis, 5000)).toBe(true);
    expect(await whenConnected(sub as unknown as Redis, 5000)).toBe(true);
    const seedPort = Number(new URL(cluster.urls[0]!).port);
    // Several channels, so that some live on nodes other than the publisher's seed.
    const channels = ['tallyroom#/#election:north:live#', 'tallyroom#/#election:south#', 'tallyroom#/#election:east#'];
    const got = new Map<string, number[]>(channels.map((c) => [c, []]));
    sub.on('smessage', (channel: string, message: string) => got.get(channel)?.push(Number(message)));
    for (const channel of channels) await sub.ssubscribe(channel);
    const owners = await Promise.all(channels.map(async (c) => pub.slots[Number(await pub.cluster('KEYSLOT', c))]?.[0]));
    expect(owners.some((o) => o !== `127.0.0.1:${seedPort}`)).toBe(true);
    const N = 300;
    await Promise.all(channels.flatMap((channel) => Array.from({ length: N }, (_, i) => pub.spublish(channel, String(i)))));
    await eventually(() => ([...got.values()].every((g) => g.length === N) ? true : undefined), 5000, 'every message');
    for (const channel of channels) expect(got.get(channel)).toEqual(Array.from({ length: N }, (_, i) => i));
  });
});

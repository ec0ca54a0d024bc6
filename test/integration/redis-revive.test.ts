import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { keepSubscriptions } from '../../server/push/kept-subscriptions.ts';
import { reviveOnEnd } from '../../server/store/redis-connection.ts';
import { startPrivateRedis, type PrivateRedis } from '../helpers/private-redis.ts';
import { eventually, eventuallyAsync } from '../helpers/wait-for.ts';

/**
 * Two guards found needed by the Sentinel failover test, each against a real redis-server that is
 * killed and started again on its port: a connection ioredis gave up on ("end") is opened again, and
 * a sharded subscribe refused while the connection is down neither crashes the process nor is lost.
 * A client with `retryStrategy: () => null` reaches "end" as soon as its server dies: the state the
 * failover race leaves a Sentinel client in.
 */
const opened: Array<Redis | PrivateRedis> = [];
afterAll(async () => {
  for (const o of opened.reverse()) await ('stop' in o ? o.stop() : o.disconnect());
});

async function killedAndEnded(): Promise<{ server: PrivateRedis; client: Redis }> {
  const server = await startPrivateRedis();
  opened.push(server);
  const client = new Redis(server.url, { retryStrategy: () => null, maxRetriesPerRequest: 0 });
  opened.push(client);
  client.on('error', () => {});
  await client.ping();
  return { server, client };
}

describe('a Redis connection that ioredis gave up on', () => {
  it('is opened again by reviveOnEnd once the server is back', async () => {
    const { server, client } = await killedAndEnded();
    reviveOnEnd(client);
    await server.stop();
    const again = await startPrivateRedis({ port: server.port });
    opened.push(again);
    expect(await eventuallyAsync(async () => ((await client.ping().catch(() => null)) === 'PONG' ? true : undefined), 10_000, 'ping after revival')).toBe(true);
  });

  it('control: without it the connection stays ended; after quit() reviveOnEnd leaves it ended too', async () => {
    const { server, client: plain } = await killedAndEnded();
    const quitting = reviveOnEnd(new Redis(server.url, { retryStrategy: () => null, maxRetriesPerRequest: 0 }));
    // The barrier: a revived peer on the same server, back once the server is; by then the others had their chance.
    const peer = reviveOnEnd(new Redis(server.url, { retryStrategy: () => null, maxRetriesPerRequest: 0 }));
    for (const c of [quitting, peer]) (opened.push(c), c.on('error', () => {}));
    await Promise.all([quitting.ping(), peer.ping()]);
    await quitting.quit();
    await server.stop();
    await eventually(() => (plain.status === 'end' ? true : undefined), 5000, 'end');
    opened.push(await startPrivateRedis({ port: server.port }));
    await eventuallyAsync(async () => ((await peer.ping().catch(() => null)) === 'PONG' ? true : undefined), 10_000, 'the revived peer back');
    await expect(plain.ping()).rejects.toThrow(/Connection is closed/);
    expect(quitting.status).toBe('end');
  });
});

describe('a sharded subscribe while the subscriber is down', () => {
  it('is refused without a rejection and sent again once the connection is ready', async () => {
    const { server, client } = await killedAndEnded();
    const errors: Error[] = [];
    keepSubscriptions(client, (e) => errors.push(e));
    await server.stop();
    await eventually(() => (client.status === 'end' ? true : undefined), 5000, 'end');
    await client.ssubscribe('room-a'); // resolves: the refusal is kept, not thrown
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/Connection is closed/)]);

    const again = await startPrivateRedis({ port: server.port });
    opened.push(again);
    const messages: string[] = [];
    client.on('smessage', (channel: string, message: string) => messages.push(`${channel}:${message}`));
    await client.connect();
    const publisher = new Redis(again.url);
    opened.push(publisher);
    await eventuallyAsync(async () => (Number(await publisher.spublish('room-a', 'hello')) > 0 ? true : undefined), 5000, 'the channel subscribed again');
    await eventually(() => (messages.includes('room-a:hello') ? true : undefined), 5000, 'the message');
  });

  it('control: the bare client rejects the same subscribe (the adapter would leave that unhandled)', async () => {
    const { server, client } = await killedAndEnded();
    await server.stop();
    await eventually(() => (client.status === 'end' ? true : undefined), 5000, 'end');
    await expect(client.ssubscribe('room-a')).rejects.toThrow(/Connection is closed/);
  });
});

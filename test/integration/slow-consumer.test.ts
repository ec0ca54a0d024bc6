import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTallyClient, type TallyClient } from '../../client/sdk/index.ts';
import type { FeedUpdate } from '../../client/sdk/election-feed.ts';
import { callApi } from '../helpers/api.ts';
import { bulletin, FIELD, figures } from '../helpers/fault-night.ts';
import { deleteKeys, randomPrefix, REDIS_URL } from '../helpers/redis.ts';
import { spawnServer, type ServerProcess } from '../helpers/spawn-server.ts';
import { eventually } from '../helpers/wait-for.ts';

const prefix = randomPrefix();
const LIMIT = 256 * 1024;
let node: ServerProcess;
let client: TallyClient;

beforeAll(async () => {
  node = await spawnServer({ REDIS_URL, REDIS_PREFIX: prefix, CONFLATE_MS: '0', SLOW_CLIENT_MAX_BYTES: String(LIMIT) });
}, 30_000);

afterAll(async () => {
  client?.close();
  await node?.stop('SIGKILL');
  await deleteKeys(prefix);
});

/** The node's resident memory, from its own metrics. */
async function rss(): Promise<number> {
  const text = await (await fetch(`${node.url}/metrics`)).text();
  return Number(/^process_resident_memory_bytes (\d+)/m.exec(text)?.[1]);
}

/** A wide field: each snapshot of it is some 15 KB, so a few hundred fill any socket buffer. */
const WIDE = {
  name: 'Wide field',
  rule: { kind: 'plurality' },
  candidates: Array.from({ length: 100 }, (_, i) => ({ id: `candidate-${i}`, name: `Candidate number ${i} with a long ballot name` })),
};

describe('a slow consumer', () => {
  it('a client that stops reading is cut off before its unsent bytes pass the limit, and resyncs when it reads again', async () => {
    expect((await callApi(node.url, 'PUT', '/api/elections/slow', FIELD)).status).toBe(201);
    expect((await callApi(node.url, 'PUT', '/api/elections/wide', WIDE)).status).toBe(201);
    const votes = Object.fromEntries(WIDE.candidates.map((c, i) => [c.id, 1000 + i]));
    expect((await callApi(node.url, 'POST', '/api/elections/wide/bulletins', { id: 'w1', ballotsCounted: 200_000, votes })).status).toBe(201);

    client = createTallyClient({ url: node.url, transports: ['websocket'], backoff: { baseMs: 100, capMs: 500 } });
    const updates: FeedUpdate[] = [];
    const sub = client.subscribe('slow', { onUpdate: (u) => updates.push(u) });
    await eventually(() => (sub.status.state === 'live' ? true : undefined), 10_000, 'live');
    const before = await rss();

    // The client stops reading its socket (a frozen tab, a stalled network), but keeps asking: every
    // answer (a 15 KB snapshot) piles up on the server's side of the connection.
    const tcp = (client.socket.io.engine.transport as unknown as { ws: { _socket: { pause(): void; resume(): void } } }).ws._socket;
    tcp.pause();
    await callApi(node.url, 'POST', '/api/elections/slow/bulletins', bulletin(1));
    for (let i = 0; i < 1500 && !node.logs.some((l) => l.msg === 'slow client cut off'); i++) {
      client.socket.emit('subscribe', { electionId: 'wide' }, () => {});
      if (i % 50 === 49) await eventually(() => true);
    }
    const cut = await eventually(() => node.logs.find((l) => l.msg === 'slow client cut off'), 20_000, 'cut off');
    const after = await rss();
    console.info(`slow consumer: cut at ${String(cut.bytes)} unsent bytes; node RSS ${Math.round(before / 1e6)} MB before, ${Math.round(after / 1e6)} MB after`);
    // Cut as soon as it passed the limit: within one answer (15 KB) and a frame or two of it.
    expect(Number(cut.bytes)).toBeGreaterThan(LIMIT);
    expect(Number(cut.bytes)).toBeLessThan(LIMIT + 64 * 1024);
    // Bounded: the node held about the limit for it, not everything it was asked for (~20 MB).
    expect(after - before).toBeLessThan(64 * 1024 * 1024);

    // Meanwhile the night goes on; when the client reads again it finds the connection gone,
    // reconnects, and catches up.
    await callApi(node.url, 'POST', '/api/elections/slow/bulletins', bulletin(2));
    tcp.resume();
    await eventually(() => (sub.snapshot?.version === 2 && sub.status.state === 'live' ? true : undefined), 15_000, 'caught up after the cut');
    expect(figures(sub.snapshot)).toEqual(figures((await callApi(node.url, 'GET', '/api/elections/slow')).body));
  });
});

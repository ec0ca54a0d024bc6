import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedUpdate } from '../../client/sdk/election-feed.ts';
import { createTallyClient, type TallyClient } from '../../client/sdk/index.ts';
import { iran2017, seed000 } from '../fixtures/seeds.ts';
import { blockingProxy } from '../helpers/blocking-proxy.ts';
import { define, useTestServer } from '../helpers/test-server.ts';
import { eventually } from '../helpers/wait-for.ts';

const bulletin = (n: number) => ({ ...seed000, id: `poll-${n}`, issuedAt: undefined, ballotsCounted: 25_000_000 + n * 500_000, votes: { rouhani: 14_619_000 + n * 300_000, raisi: 10_125_000 + n * 200_000 } });

/** Follows `iran-2017` and records every version it is handed, in order. */
function follow(client: TallyClient) {
  const versions: number[] = [];
  const kinds: string[] = [];
  const sub = client.subscribe('poll-2017', {
    onUpdate: (u: FeedUpdate) => {
      versions.push(u.snapshot.version);
      kinds.push(u.kind);
    },
  });
  return { sub, versions, kinds };
}

describe('the SDK over HTTP polls (real Redis)', () => {
  const server = useTestServer();
  let proxy: Awaited<ReturnType<typeof blockingProxy>>;
  const clients: TallyClient[] = [];
  const fast = { pollMs: 100, backoff: { baseMs: 50, capMs: 200 } };

  beforeAll(async () => {
    await define(server, 'poll-2017', iran2017, bulletin(1));
    proxy = await blockingProxy(server.url);
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await proxy?.close();
  });

  it("transport: 'poll' follows every version in order by deltas, and never opens a socket", async () => {
    const client = createTallyClient({ url: server.url, transport: 'poll', ...fast });
    clients.push(client);
    const { sub, versions, kinds } = follow(client);
    await eventually(() => (sub.status.state === 'live' ? true : undefined), 5000, 'live');
    for (let n = 2; n <= 6; n++) expect((await server.request('POST', '/api/elections/poll-2017/bulletins', bulletin(n))).status).toBe(201);
    await eventually(() => (sub.snapshot?.version === 6 ? true : undefined), 5000, 'version 6');
    // The snapshot once, then each version by a delta: none skipped, none twice, none back.
    expect(versions).toEqual([1, 2, 3, 4, 5, 6]);
    expect(kinds).toEqual(['snapshot', 'delta', 'delta', 'delta', 'delta', 'delta']);
    expect(client.polling).toBe(true);
    expect(client.socket.connected).toBe(false);
    expect(server.app.io.engine.clientsCount).toBe(0);
    expect(sub.snapshot?.rounds[0]?.candidates.find((c) => c.id === 'rouhani')?.votes).toBe(14_619_000 + 6 * 300_000);
  });

  it('auto: a socket that cannot connect falls back to polls and misses no version; one that can stays on the socket (negative control)', async () => {
    const blocked = createTallyClient({ url: proxy.url, ...fast });
    const open = createTallyClient({ url: server.url, ...fast });
    clients.push(blocked, open);
    const viaProxy = follow(blocked);
    const viaSocket = follow(open);
    await eventually(() => (viaProxy.sub.status.state === 'live' && viaSocket.sub.status.state === 'live' ? true : undefined), 10_000, 'both live');
    expect(proxy.refused()).toBeGreaterThan(0);
    expect(blocked.polling).toBe(true);
    expect(open.polling).toBe(false);
    expect(open.socket.connected).toBe(true);
    const from = viaProxy.sub.snapshot!.version;
    for (let n = 7; n <= 9; n++) expect((await server.request('POST', '/api/elections/poll-2017/bulletins', bulletin(n))).status).toBe(201);
    await eventually(() => (viaProxy.sub.snapshot?.version === 9 && viaSocket.sub.snapshot?.version === 9 ? true : undefined), 5000, 'version 9 on both');
    expect(viaProxy.versions.slice(viaProxy.versions.indexOf(from))).toEqual(Array.from({ length: 10 - from }, (_, i) => from + i));
  });

});

describe('a poller further back than the kept history (real Redis)', () => {
  const server = useTestServer({ env: { CATCHUP_MAX_DELTAS: '1' } });

  it('reads the snapshot again on the 410, then goes on by deltas', async () => {
    await define(server, 'poll-2017', iran2017, bulletin(1));
    const client = createTallyClient({ url: server.url, transport: 'poll', pollMs: 1500, backoff: { baseMs: 50, capMs: 200 } });
    try {
      const { sub, versions, kinds } = follow(client);
      await eventually(() => (sub.status.state === 'live' ? true : undefined), 5000, 'live');
      // Three versions within one poll: more than CATCHUP_MAX_DELTAS=1 behind.
      for (let n = 2; n <= 4; n++) expect((await server.request('POST', '/api/elections/poll-2017/bulletins', bulletin(n))).status).toBe(201);
      await eventually(() => (sub.snapshot?.version === 4 ? true : undefined), 5000, 'version 4');
      expect(kinds).toEqual(['snapshot', 'snapshot']);
      expect(versions).toEqual([1, 4]);
      // One version behind is within the history: a delta.
      expect((await server.request('POST', '/api/elections/poll-2017/bulletins', bulletin(5))).status).toBe(201);
      await eventually(() => (sub.snapshot?.version === 5 ? true : undefined), 5000, 'version 5');
      expect(kinds.at(-1)).toBe('delta');
    } finally {
      client.close();
    }
  });
});

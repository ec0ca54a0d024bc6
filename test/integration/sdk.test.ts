import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '../../client/sdk/connection-status.ts';
import type { FeedUpdate } from '../../client/sdk/election-feed.ts';
import { createTallyClient, subscribe, type Subscription } from '../../client/sdk/index.ts';
import { iran2017, seed000 } from '../fixtures/seeds.ts';
import { ok } from '../helpers/api.ts';
import { startRestartableServer, type RestartableServer } from '../helpers/restartable-server.ts';
import { define } from '../helpers/test-server.ts';
import { eventually } from '../helpers/wait-for.ts';

const bulletin = (n: number) => ({ ...seed000, id: `sdk-${n}`, issuedAt: undefined, ballotsCounted: 25_000_000 + n * 500_000, votes: { rouhani: 14_619_000 + n * 300_000, raisi: 10_125_000 + n * 200_000 } });

/** Everything a subscription reports, in order. */
function recorder() {
  const updates: FeedUpdate[] = [];
  const statuses: ConnectionStatus[] = [];
  const errors: string[] = [];
  return {
    updates,
    statuses,
    errors,
    handlers: { onUpdate: (u: FeedUpdate) => updates.push(u), onStatus: (s: ConnectionStatus) => statuses.push(s), onError: (e: { code: string }) => errors.push(e.code) },
    versions: () => updates.map((u) => u.snapshot.version),
  };
}


/** The snapshot without its audience count, which changes outside the version sequence. */
function versioned(snapshot: unknown) {
  const { audience: _audience, ...rest } = snapshot as Record<string, unknown>;
  return rest;
}

describe('client SDK against a real server', () => {
  let server: RestartableServer;
  const open: Array<{ unsubscribe(): void }> = [];
  const fast = { backoff: { baseMs: 50, capMs: 400 } };

  beforeAll(async () => {
    server = await startRestartableServer();
    await define(server, 'iran-2017', iran2017, bulletin(1));
  });
  afterEach(async () => {
    for (const s of open.splice(0)) s.unsubscribe();
    await server.start();
  });
  afterAll(async () => {
    await server.close();
  });

  function follow(rec: ReturnType<typeof recorder>, electionId = 'iran-2017'): Subscription {
    const sub = subscribe(electionId, rec.handlers, { url: server.url, ...fast });
    open.push(sub);
    return sub;
  }

  it('subscribes, goes live, and applies each published bulletin in order', async () => {
    const rec = recorder();
    const sub = follow(rec);
    await eventually(() => (sub.status.state === 'live' ? true : undefined), 5000, 'live');
    const start = sub.snapshot!.version;
    ok(await server.request('POST', '/api/elections/iran-2017/bulletins', bulletin(2)), 'bulletin 2');
    await eventually(() => (sub.snapshot!.version === start + 1 ? true : undefined), 5000, 'delta');
    expect(rec.updates.at(-1)).toMatchObject({ kind: 'delta', delta: { version: start + 1, prevVersion: start } });
    const fresh = await server.request('GET', '/api/elections/iran-2017');
    expect(versioned(sub.snapshot)).toEqual(versioned(fresh.body));
  });

  it('comes back after a dropped connection and catches up on the two bulletins accepted meanwhile', async () => {
    const rec = recorder();
    const sub = follow(rec);
    await eventually(() => (sub.status.state === 'live' ? true : undefined), 5000, 'live');
    const before = sub.snapshot!.version;

    await server.stop();
    await eventually(() => (sub.status.state === 'reconnecting' ? true : undefined), 5000, 'reconnecting');
    ok(await server.request('POST', '/api/elections/iran-2017/bulletins', bulletin(3), 'twin'), 'bulletin 3 via twin');
    ok(await server.request('POST', '/api/elections/iran-2017/bulletins', bulletin(4), 'twin'), 'bulletin 4 via twin');
    await server.start();

    await eventually(() => (sub.status.state === 'live' ? true : undefined), 10_000, 'live again');
    // Caught up from `missed`: each bulletin arrives as its own delta, none skipped, none twice.
    const after = rec.updates.slice(rec.updates.findIndex((u) => u.snapshot.version === before) + 1);
    expect(after.map((u) => (u.kind === 'delta' ? `delta ${u.delta.version}` : u.reason))).toEqual([`delta ${before + 1}`, `delta ${before + 2}`]);
    expect(versioned(sub.snapshot)).toEqual(versioned((await server.request('GET', '/api/elections/iran-2017')).body));
    // Status went live -> reconnecting -> live, and the version never went down.
    const states = rec.statuses.map((s) => s.state).filter((s, i, all) => s !== all[i - 1]);
    expect(states.slice(-3)).toEqual(['live', 'reconnecting', 'live']);
    const versions = rec.versions();
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
  });

  it('sees a gap (a delta it cannot follow) and catches up instead of guessing', async () => {
    const rec = recorder();
    const sub = follow(rec);
    await eventually(() => (sub.status.state === 'live' ? true : undefined), 5000, 'live');
    const before = sub.snapshot!.version;
    // Accepted by the twin: its delta never reaches the main server's room (no adapter): a gap.
    ok(await server.request('POST', '/api/elections/iran-2017/bulletins', bulletin(5), 'twin'), 'bulletin 5 via twin');
    ok(await server.request('POST', '/api/elections/iran-2017/bulletins', bulletin(6)), 'bulletin 6');
    await eventually(() => (sub.snapshot!.version === before + 2 ? true : undefined), 5000, 'caught up');
    expect(rec.updates.slice(-2).map((u) => (u.kind === 'delta' ? u.delta.version : -1))).toEqual([before + 1, before + 2]);
    expect(versioned(sub.snapshot)).toEqual(versioned((await server.request('GET', '/api/elections/iran-2017')).body));
  });

  it('takes a redefinition as a whole new snapshot', async () => {
    const rec = recorder();
    const sub = follow(rec);
    await eventually(() => (sub.status.state === 'live' ? true : undefined), 5000, 'live');
    ok(await server.request('PUT', '/api/elections/iran-2017', { ...iran2017, name: 'Iran 2017 (renamed)' }), 'redefine');
    await eventually(() => (sub.snapshot!.name === 'Iran 2017 (renamed)' ? true : undefined), 5000, 'renamed');
    expect(rec.updates.at(-1)).toMatchObject({ kind: 'snapshot', reason: 'definition' });
  });

  it('reports an unknown election, keeps trying, and goes live once it is defined', async () => {
    const rec = recorder();
    const sub = follow(rec, 'defined-later');
    await eventually(() => (rec.errors.includes('not_found') ? true : undefined), 5000, 'not_found');
    ok(await server.request('PUT', '/api/elections/defined-later', iran2017), 'define later');
    await eventually(() => (sub.status.state === 'live' ? true : undefined), 10_000, 'live');
    expect(sub.snapshot?.electionId).toBe('defined-later');
  });

  it('follows several elections on one connection, each in its own order', async () => {
    ok(await server.request('PUT', '/api/elections/second-race', iran2017), 'define second');
    const client = createTallyClient({ url: server.url, ...fast });
    open.push({ unsubscribe: () => client.close() });
    const a = client.subscribe('iran-2017');
    const b = client.subscribe('second-race');
    await eventually(() => (a.status.state === 'live' && b.status.state === 'live' ? true : undefined), 5000, 'both live');
    const va = a.snapshot!.version;
    const vb = b.snapshot!.version;
    ok(await server.request('POST', '/api/elections/second-race/bulletins', bulletin(1)), 'second bulletin');
    await eventually(() => (b.snapshot!.version === vb + 1 ? true : undefined), 5000, 'second delta');
    expect(a.snapshot!.version).toBe(va);
    expect(() => client.subscribe('iran-2017')).toThrow(/already subscribed/);
  });
});

import { describe, expect, it } from 'vitest';
import { iran2017, iran2024, round1Final2024, seed000, seed001, seed002 } from '../fixtures/seeds.ts';
import { define, useTestServer } from '../helpers/test-server.ts';
import { collectDeltas } from '../helpers/wait-for.ts';

/** The seed nights through the public API, with real socket.io subscribers and a real Redis. */
describe('a results night, end to end', () => {
  const server = useTestServer();

  it('2017: every subscriber receives each accepted change exactly once, in order', async () => {
    await define(server, 'iran-2017', iran2017);
    expect((await server.request('PUT', '/api/elections/iran-2017', iran2017)).status).toBe(200);
    const subscribers = await Promise.all([server.socket(), server.socket()]);
    const streams = subscribers.map(collectDeltas);
    for (const s of subscribers) {
      // Unconflated (as graphics ask): every accepted change, each on its own.
      const ack = await s.emitWithAck('subscribe', { electionId: 'iran-2017', conflated: false });
      expect(ack).toMatchObject({ ok: true, snapshot: { version: 0 }, missed: [] });
    }

    const first = await server.request('POST', '/api/elections/iran-2017/bulletins', seed000);
    expect(first.status).toBe(201);
    expect(first.body.version).toBe(1);
    expect(first.body.warnings).toEqual([expect.stringContaining('0.72 % above the ballots counted')]);
    expect(first.body.delta).toMatchObject({ leader: 'rouhani', margin: 4_494_000, percentCounted: 62.5 });

    // Resent (a double click): the same answer's version, nothing new stored or pushed.
    expect(await server.request('POST', '/api/elections/iran-2017/bulletins', seed000)).toEqual({ status: 200, body: { version: 1, duplicate: true } });
    // The same id with other figures is a conflict, not an update.
    const conflicting = await server.request('POST', '/api/elections/iran-2017/bulletins', { ...seed000, ballotsCounted: 26_000_000 });
    expect(conflicting).toMatchObject({ status: 409, body: { error: { code: 'id_conflict', issues: [{ path: 'id' }] } } });
    // Issued before the latest accepted one: stale.
    const stale = await server.request('POST', '/api/elections/iran-2017/bulletins', { ...seed000, id: 'late-radio-report', ballotsCounted: 25_100_000, issuedAt: '2017-05-20T06:00:00+04:30' });
    expect(stale).toMatchObject({ status: 409, body: { error: { code: 'stale_bulletin', issues: [{ path: 'issuedAt' }] } } });

    const final = await server.request('POST', '/api/elections/iran-2017/bulletins', seed002);
    expect(final.status).toBe(201);
    expect(final.body.delta).toMatchObject({ version: 2, final: true, projection: { status: 'final', winner: 'rouhani' } });
    expect(final.body.delta.candidates[0]).toMatchObject({ id: 'rouhani', votesChange: 8_881_000 });

    // A barrier: once version 3 has arrived, anything wrongly pushed before it would have too.
    const barrier = await server.request('POST', '/api/elections/iran-2017/bulletins', { ...seed002, id: 'certified', correction: true, ballotsCounted: 41_220_131, ballotsCast: 41_220_131, approximate: false, votes: { rouhani: 23_549_616, raisi: 15_786_449, mirsalim: 478_215, 'hashemi-taba': 215_450 } });
    expect(barrier.status).toBe(201);
    for (const stream of streams) {
      await stream.until(3);
      expect(stream.received.map((d) => d.version)).toEqual([1, 2, 3]);
      expect(stream.received.map((d) => d.prevVersion)).toEqual([0, 1, 2]);
    }

    const snapshot = await server.request('GET', '/api/elections/iran-2017', undefined, { token: null });
    expect(snapshot.body).toMatchObject({ version: 3, rounds: [{ final: true, projection: { status: 'final', winner: 'rouhani' } }] });
    const history = await server.request('GET', '/api/elections/iran-2017/bulletins?since=1', undefined, { token: null });
    expect(history.body).toMatchObject({ version: 3, hasMore: false, nextSince: 3 });
    expect(history.body.bulletins.map((b: { version: number; by: string; bulletin: { id: string } }) => [b.version, b.by, b.bulletin.id])).toEqual([
      [2, 'desk', 'iran-2017-final'],
      [3, 'desk', 'certified'],
    ]);
  });

  it('2024: round 1 ends without a majority, the runoff takes only the pair', async () => {
    await define(server, 'iran-2024', iran2024);
    const early = await server.request('POST', '/api/elections/iran-2024/bulletins', seed001);
    expect(early).toMatchObject({ status: 422, body: { error: { code: 'round_not_open', issues: [{ path: 'round' }] } } });

    const r1 = await server.request('POST', '/api/elections/iran-2024/bulletins', round1Final2024);
    expect(r1.body.delta.projection).toEqual({ status: 'final', runoff: ['pezeshkian', 'jalili'] });
    const intruder = await server.request('POST', '/api/elections/iran-2024/bulletins', { ...seed001, votes: { ...seed001.votes, ghalibaf: 10 } });
    expect(intruder).toMatchObject({ status: 422, body: { error: { code: 'not_in_runoff', issues: [{ path: 'votes.ghalibaf' }] } } });
    const r2 = await server.request('POST', '/api/elections/iran-2024/bulletins', seed001);
    expect(r2.status).toBe(201);

    const snapshot = (await server.request('GET', '/api/elections/iran-2024')).body;
    expect(snapshot.rounds.map((r: { round: number; leader: string }) => [r.round, r.leader])).toEqual([[1, 'pezeshkian'], [2, 'pezeshkian']]);
    expect(snapshot.rounds[1].candidates.map((c: { id: string }) => c.id)).toEqual(['pezeshkian', 'jalili']);
  });

  it('a late subscriber catches up from sinceVersion without a gap, or gets a fresh snapshot', async () => {
    const socket = await server.socket();
    const caughtUp = await socket.emitWithAck('subscribe', { electionId: 'iran-2017', sinceVersion: 1 });
    if (!caughtUp.ok) throw new Error(caughtUp.error.message);
    expect(caughtUp.recovered).toBe(true);
    expect(caughtUp.missed.map((d) => d.version)).toEqual([2, 3]);
    expect(caughtUp.snapshot.version).toBe(3);

    const current = await socket.emitWithAck('subscribe', { electionId: 'iran-2017', sinceVersion: 3, epoch: caughtUp.snapshot.epoch });
    expect(current).toMatchObject({ ok: true, missed: [], recovered: true });
    const otherEpoch = await socket.emitWithAck('subscribe', { electionId: 'iran-2017', sinceVersion: 1, epoch: 'not-this-one' });
    expect(otherEpoch).toMatchObject({ ok: true, missed: [], recovered: false, snapshot: { version: 3 } });
    const ahead = await socket.emitWithAck('subscribe', { electionId: 'iran-2017', sinceVersion: 9 });
    expect(ahead).toMatchObject({ ok: true, missed: [], recovered: false });
  });

  it('a replaced definition reaches subscribers as a new snapshot; removing a candidate with votes is refused', async () => {
    const socket = await server.socket();
    await socket.emitWithAck('subscribe', { electionId: 'iran-2017' });
    const snapshots: unknown[] = [];
    socket.on('snapshot', (s) => snapshots.push(s));

    const renamed = { ...iran2017, candidates: iran2017.candidates.map((c) => (c.id === 'raisi' ? { ...c, name: 'Seyyed Ebrahim Raisi' } : c)) };
    const replaced = await server.request('PUT', '/api/elections/iran-2017', renamed);
    expect(replaced).toMatchObject({ status: 200, body: { version: 4 } });
    await expect.poll(() => snapshots.length).toBe(1);
    expect(snapshots[0]).toMatchObject({ version: 4, candidates: expect.arrayContaining([expect.objectContaining({ name: 'Seyyed Ebrahim Raisi' })]) });

    const removed = await server.request('PUT', '/api/elections/iran-2017', { ...iran2017, candidates: iran2017.candidates.slice(0, 2) });
    expect(removed).toMatchObject({ status: 409, body: { error: { code: 'definition_conflict' } } });
    expect(removed.body.error.issues.map((i: { message: string }) => i.message)).toEqual([
      'candidate "mirsalim" already has votes and cannot be removed',
      'candidate "hashemi-taba" already has votes and cannot be removed',
    ]);
    // After a definition change, a catch-up across it is a fresh snapshot, never a partial replay.
    const across = await socket.emitWithAck('subscribe', { electionId: 'iran-2017', sinceVersion: 3 });
    expect(across).toMatchObject({ ok: true, recovered: false, missed: [] });
  });

  it('lists every election with its version', async () => {
    const list = await server.request('GET', '/api/elections', undefined, { token: null });
    expect(list.body.elections.map((e: { electionId: string; version: number }) => [e.electionId, e.version])).toEqual([['iran-2017', 4], ['iran-2024', 2]]);
  });
});

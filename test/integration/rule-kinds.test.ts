import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ElectionDefinition } from '../../shared/schemas/election.schema.ts';
import type { Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import { expandWireDelta } from '../../shared/tally/compact-delta.ts';
import { applyDelta } from '../../shared/tally/delta.ts';
import { italy2025, italy2025Final, knesset2022, knesset2022Final, knesset2022Votes, tehran2024, tehran2024Round1 } from '../fixtures/rules.ts';
import { randomPrefix } from '../helpers/redis.ts';
import { define, startTestServer, type TestServer } from '../helpers/test-server.ts';
import { collectDeltas } from '../helpers/wait-for.ts';

/**
 * One contest of each kind beyond a single seat, end to end: real Redis, real socket.io subscribers,
 * a correction, and a server restart on the same keys. Subscribers rebuild every snapshot from the
 * pushes (compact or full) and must agree with what the server serves.
 */
describe('rule kinds, end to end over Redis and socket.io', () => {
  const prefix = randomPrefix();
  const DESK = 'anchor-desk-token-0123456789';
  const env = { DESK_TOKENS: `anchor:${DESK}` };
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ prefix, keepKeys: true, env });
  });
  afterAll(async () => {
    await server.close();
    await (await startTestServer({ prefix })).close();
  });

  /** Subscribes, then posts each bulletin, following the pushes into a snapshot of its own; returns it with the server's. */
  async function follow(electionId: string, bulletins: unknown[]): Promise<{ held: Snapshot; served: Snapshot }> {
    const socket = await server.socket();
    const stream = collectDeltas(socket);
    const ack = await socket.emitWithAck('subscribe', { electionId, conflated: false });
    if (!ack.ok) throw new Error('subscribe refused');
    let held = ack.snapshot;
    for (const b of bulletins) {
      const posted = await server.request('POST', `/api/elections/${electionId}/bulletins`, b);
      expect(posted.status, JSON.stringify(posted.body)).toBe(201);
      const wire = await stream.until(posted.body.version, electionId);
      held = applyDelta(held, expandWireDelta(held, wire)!)!;
    }
    socket.disconnect();
    const served = (await server.request('GET', `/api/elections/${electionId}`, undefined, { token: null })).body as Snapshot;
    return { held, served };
  }
  const same = (a: Snapshot, b: Snapshot) => expect({ ...a, audience: undefined }).toEqual({ ...b, audience: undefined });

  it('plurality for 3 seats (a council): decided seats while counting, a correction that moves the third seat, the final three', async () => {
    const council: ElectionDefinition = { name: 'Council', seats: 3, rule: { kind: 'plurality' }, candidates: ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, name: id.toUpperCase() })) };
    await define(server, 'council', council);
    const { held, served } = await follow('council', [
      { id: 'c1', ballotsCounted: 900, ballotsCast: 1_000, votes: { a: 800, b: 750, c: 600, d: 500, e: 50 } },
      { id: 'c2', ballotsCounted: 1_000, final: true, votes: { a: 850, b: 800, c: 650, d: 640, e: 60 } },
      { id: 'c3', ballotsCounted: 1_000, final: true, correction: true, votes: { a: 850, b: 800, c: 630, d: 640, e: 60 } },
    ]);
    same(held, served);
    expect(served.seats).toBe(3);
    expect(served.rounds[0]!.projection).toEqual({ status: 'final', winners: ['a', 'b', 'd'] });
  });

  it('quota (Tehran 2024 shape): 14 elected and 32 in round 2, whose count is corrected; round 2 elects 16', async () => {
    await define(server, 'tehran', tehran2024);
    const field = Array.from({ length: 32 }, (_, i) => `t${i + 15}`);
    const runoff = Object.fromEntries(field.map((id, i) => [id, 330_000 - i * 5_000]));
    const { held, served } = await follow('tehran', [
      tehran2024Round1,
      { id: 'r2a', round: 2, ballotsCounted: 1_000_000, final: true, votes: runoff },
      { id: 'r2b', round: 2, ballotsCounted: 1_000_000, final: true, correction: true, votes: { ...runoff, t31: 400_000 } },
    ]);
    same(held, served);
    expect(served.rounds[0]!.projection).toMatchObject({ status: 'final', runoff: field });
    expect(served.rounds[0]!.projection.winners).toHaveLength(14);
    const second = served.rounds[1]!.projection;
    expect(second.winners).toHaveLength(16);
    expect(second.winners![0]).toBe('t31');
    expect(second.winners).not.toContain('t30');
  });

  it("list (Israel 2022): seats and ranges while counting, the CEC's final 120, a correction that costs Labor the threshold", async () => {
    await define(server, 'knesset', knesset2022);
    const partial = Object.fromEntries(Object.entries(knesset2022Votes).map(([id, v]) => [id, Math.floor(v * 0.9)]));
    const { held, served } = await follow('knesset', [
      { id: 'k1', ballotsCounted: 4_300_000, ballotsCast: 4_764_742, votes: partial },
      knesset2022Final,
      { ...knesset2022Final, id: 'k3', correction: true, votes: { ...knesset2022Votes, labor: 150_000, others: 97_810 } },
    ]);
    same(held, served);
    const seats = served.rounds[0]!.projection.seats!;
    expect(seats.labor).toBe(0);
    expect(Object.values(seats).reduce((a, b) => a + b, 0)).toBe(120);
  });

  it('referendum (Italy 2025, question 1): void at 30.58 % turnout, still void after a correction of the yes count', async () => {
    await define(server, 'italy', italy2025);
    const { held, served } = await follow('italy', [italy2025Final, { ...italy2025Final, id: 'i2', correction: true, votes: { yes: 12_100_000, no: 1_700_000 } }]);
    same(held, served);
    expect(served.rounds[0]!.projection).toEqual({ status: 'final', outcome: 'void' });
  });

  it('after a restart on the same Redis keys, every contest is served as before and takes its next bulletin', async () => {
    const ids = ['council', 'tehran', 'knesset', 'italy'];
    const before = await Promise.all(ids.map(async (id) => (await server.request('GET', `/api/elections/${id}`, undefined, { token: null })).body as Snapshot));
    await server.close();
    server = await startTestServer({ prefix, keepKeys: true, env });
    for (const [i, id] of ids.entries()) same((await server.request('GET', `/api/elections/${id}`, undefined, { token: null })).body as Snapshot, before[i]!);
    const { served } = await follow('council', [{ id: 'c4', ballotsCounted: 1_000, final: true, correction: true, votes: { a: 850, b: 800, c: 650, d: 640, e: 60 } }]);
    expect(served.rounds[0]!.projection.winners).toEqual(['a', 'b', 'c']);
  });

  it("desk calls beyond one seat go through the same route and trail: a seat's winner, a list's seats, the outcome; refusals name the field and store nothing", async () => {
    const calls = (id: string) => `/api/elections/${id}/calls`;
    const socket = await server.socket();
    const stream = collectDeltas(socket);
    await socket.emitWithAck('subscribe', { electionId: 'italy', conflated: false });
    const before = (await server.request('GET', '/api/elections/italy', undefined, { token: null })).body.version;
    const wrong = await server.request('POST', calls('italy'), { action: 'outcome', outcome: 'passed' }, { token: DESK });
    expect(wrong).toMatchObject({ status: 409, body: { error: { code: 'call_conflict', issues: [{ path: 'outcome' }] } } });
    const notAllowed = await server.request('POST', calls('italy'), { action: 'winner', winner: 'yes' }, { token: DESK });
    expect(notAllowed).toMatchObject({ status: 422, body: { error: { code: 'call_not_allowed', issues: [{ path: 'action' }] } } });
    expect((await server.request('GET', '/api/elections/italy', undefined, { token: null })).body.version).toBe(before);
    const voided = await server.request('POST', calls('italy'), { action: 'outcome', outcome: 'void', note: 'Ministry: 30.6 %' }, { token: DESK });
    expect(voided.status).toBe(201);
    const pushed = await stream.until(voided.body.version, 'italy');
    expect(pushed).toMatchObject({ call: { by: 'anchor', call: { action: 'outcome', outcome: 'void' } }, projection: { status: 'called', outcome: 'void', calledBy: 'anchor' } });
    socket.disconnect();

    // The corrected final count (Labor under the threshold) fixes Likud's seats: only that count is callable.
    const likud = ((await server.request('GET', '/api/elections/knesset', undefined, { token: null })).body as Snapshot).rounds[0]!.projection.seats!.likud!;
    const off = await server.request('POST', calls('knesset'), { action: 'seats', list: 'likud', seats: likud - 1 }, { token: DESK });
    expect(off).toMatchObject({ status: 409, body: { error: { code: 'call_conflict', issues: [{ path: 'seats' }] } } });
    const seats = await server.request('POST', calls('knesset'), { action: 'seats', list: 'likud', seats: likud }, { token: DESK });
    expect(seats).toMatchObject({ status: 201, body: { call: { call: { action: 'seats', list: 'likud', seats: likud } } } });
    const elected = await server.request('POST', calls('council'), { action: 'elected', elected: 'd' }, { token: DESK });
    expect(elected).toMatchObject({ status: 409, body: { error: { code: 'call_conflict', issues: [{ path: 'elected' }] } } });
    const history = await server.request('GET', calls('knesset'), undefined, { token: DESK });
    expect(history.body.standing).toEqual([expect.objectContaining({ round: 1, call: expect.objectContaining({ seats: { likud }, by: 'anchor' }) })]);
  });
});

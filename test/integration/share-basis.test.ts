import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import { applyDelta } from '../../shared/tally/delta.ts';
import { expandWireDelta } from '../../shared/tally/compact-delta.ts';
import { iran2024, round1Final2024 } from '../fixtures/seeds.ts';
import { define, useTestServer } from '../helpers/test-server.ts';
import { collectDeltas } from '../helpers/wait-for.ts';

/** Iran's law counts the presidential majority over all ballots cast: over the real API, Redis and socket.io. */
describe('shares of all ballots cast, end to end', () => {
  const server = useTestServer();
  const definition = { ...iran2024, rule: { kind: 'majority' as const, threshold: 50, of: 'cast' as const } };

  it('seed 001 first round (Interior Ministry final): subscribers get Pezeshkian at 42.453 % of 24,535,185 ballots and the invalid ballots', async () => {
    await define(server, 'iran-2024-cast', definition);
    const socket = await server.socket();
    const stream = collectDeltas(socket);
    const ack = await socket.emitWithAck('subscribe', { electionId: 'iran-2024-cast', conflated: false });
    if (!ack.ok) throw new Error('subscribe refused');
    let held: Snapshot = ack.snapshot;

    // Exact figures that do not add up are refused naming `invalid`, and nothing is stored.
    const off = await server.request('POST', '/api/elections/iran-2024-cast/bulletins', { ...round1Final2024, id: 'off', invalid: 1_056_158 });
    expect(off).toMatchObject({ status: 422, body: { error: { code: 'inconsistent_figures', issues: [{ path: 'invalid' }] } } });
    const posted = await server.request('POST', '/api/elections/iran-2024-cast/bulletins', { ...round1Final2024, invalid: 1_056_159 });
    expect(posted.status).toBe(201);
    expect(posted.body.version).toBe(1);

    // What went over the wire (compact or not) expands to the same figures the server computed.
    const wire = await stream.until(1);
    const delta = expandWireDelta(held, wire);
    expect(delta).not.toBeNull();
    held = applyDelta(held, delta!)!;
    const round = held.rounds[0]!;
    expect(round.candidates.slice(0, 2).map((c) => [c.id, c.share])).toEqual([['pezeshkian', 42.453], ['jalili', 38.611]]);
    expect(round).toMatchObject({ invalid: 1_056_159, invalidShare: 4.305, projection: { status: 'final', runoff: ['pezeshkian', 'jalili'] } });
    const fetched = await server.request('GET', '/api/elections/iran-2024-cast', undefined, { token: null });
    expect(fetched.body.rule).toEqual({ kind: 'majority', threshold: 50, of: 'cast' });
    expect(fetched.body.rounds[0]).toEqual(round);
  });
});

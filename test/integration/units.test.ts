import { describe, expect, it } from 'vitest';
import type { Delta } from '../../shared/schemas/snapshot.schema.ts';
import { syntheticNight, unitBulletin } from '../fixtures/units.ts';
import { define, useTestServer } from '../helpers/test-server.ts';
import { collectDeltas } from '../helpers/wait-for.ts';
import { expandWireDelta, isCompactDelta } from '../../shared/tally/compact-delta.ts';
import { applyDelta } from '../../shared/tally/delta.ts';

/** An election reported by units, through the real server, Redis and socket.io. */
describe('reporting units, end to end', () => {
  const server = useTestServer();

  it('a subscriber receives deltas with only the changed unit and the projection fields', async () => {
    const { file, definition } = syntheticNight(7, 14);
    await define(server, 'units-night', definition);
    const socket = await server.socket();
    const stream = collectDeltas(socket);
    const ack = await socket.emitWithAck('subscribe', { electionId: 'units-night' });
    expect(ack).toMatchObject({ ok: true, snapshot: { units: definition.units } });
    if (!ack.ok) throw new Error('subscribe refused');

    for (const [i, row] of file.units.slice(0, 12).entries()) {
      const res = await server.request('POST', '/api/elections/units-night/bulletins', unitBulletin(row, { id: `b-${row.id}` }));
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body.version).toBe(i + 1);
    }
    await stream.until(12);
    // Unit deltas go out compact, carrying the figures of the units that changed; made full, as the SDK
    // does, against the snapshot each follows.
    expect(stream.received.every(isCompactDelta)).toBe(true);
    let snapshot = ack.snapshot;
    const deltas: Delta[] = stream.received.map((received) => {
      const delta = expandWireDelta(snapshot, received);
      if (!delta) throw new Error(`delta v${received.version} does not follow v${snapshot.version}`);
      snapshot = applyDelta(snapshot, delta)!;
      return delta;
    });
    // A slow subscriber may get several versions conflated into one delta: it then carries the units
    // posted over those versions, and only those (unit v-1 of the file is posted at version v).
    for (const d of deltas) {
      expect(d.units?.map((u) => u.id).sort()).toEqual(file.units.slice(d.prevVersion, d.version).map((u) => u.id).sort());
    }
    // Below 10 complete units the model says too early; from the 10th on it projects with ranges.
    const tenth = deltas.find((d) => d.prevVersion < 10 && d.version >= 10)!;
    expect(tenth.statusChange).toEqual({ from: 'too-early', to: expect.stringMatching(/leading|projected|too-close/) });
    const last = deltas.at(-1)!.projection;
    expect(last).toMatchObject({ method: 'unit-swing', level: 90, unitsReporting: 12, unitsTotal: 14 });
    for (const e of last.estimates!) expect(e.low <= e.share && e.share <= e.high).toBe(true);

    const read = (await server.request('GET', '/api/elections/units-night', undefined, { token: null })).body;
    // What the subscriber built from the pushes is the server's own snapshot.
    expect(snapshot.rounds).toEqual(read.rounds);
    expect(read.rounds[0].units.map((u: { id: string }) => u.id)).toEqual(file.units.slice(0, 12).map((u) => u.id));
    expect(read.rounds[0].ballotsCounted).toBe(file.units.slice(0, 12).reduce((s, u) => s + Object.values(u.votes).reduce((a, b) => a + b, 0), 0));
  });

  it('refuses a national total in a unit round, and an unknown unit, with the field at fault', async () => {
    const { file, definition } = syntheticNight(8, 10);
    await define(server, 'units-mixed', definition);
    expect((await server.request('POST', '/api/elections/units-mixed/bulletins', unitBulletin(file.units[0]!))).status).toBe(201);
    const national = await server.request('POST', '/api/elections/units-mixed/bulletins', { ballotsCounted: 10, votes: { a: 10 } });
    expect(national).toMatchObject({ status: 409, body: { error: { code: 'reporting_conflict', issues: [{ path: 'reportingUnit' }] } } });
    const unknown = await server.request('POST', '/api/elections/units-mixed/bulletins', { ...unitBulletin(file.units[1]!), reportingUnit: 'atlantis' });
    expect(unknown).toMatchObject({ status: 422, body: { error: { code: 'unknown_unit', issues: [{ path: 'reportingUnit' }] } } });
    const dropped = await server.request('PUT', '/api/elections/units-mixed', { ...definition, units: definition.units!.slice(1) });
    expect(dropped).toMatchObject({ status: 409, body: { error: { code: 'definition_conflict', issues: [{ path: 'units' }] } } });
  });

  it('accepts a definition of 5,000 units (over the 64 KB bulletin limit)', async () => {
    const { definition } = syntheticNight(9, 5000);
    const body = JSON.stringify(definition);
    expect(body.length).toBeGreaterThan(64 * 1024);
    const res = await server.request('PUT', '/api/elections/units-many', definition);
    expect(res.status).toBe(201);
    expect(res.body.units).toHaveLength(5000);
  });
});

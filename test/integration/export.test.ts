import { beforeAll, describe, expect, it } from 'vitest';
import { exportLines } from '../../server/store/history-records.ts';
import { ExportLineSchema, type ExportLine } from '../../shared/schemas/export.schema.ts';
import { iran2017, seed000, seed002 } from '../fixtures/seeds.ts';
import { define, TEST_TOKEN, useTestServer, type TestServer } from '../helpers/test-server.ts';

async function exportNdjson(server: TestServer, electionId: string) {
  const res = await fetch(`${server.url}/api/elections/${electionId}/bulletins?format=ndjson`);
  const text = await res.text();
  return { res, lines: text.trimEnd().split('\n').map((l) => ExportLineSchema.parse(JSON.parse(l))) };
}

describe('exporting a night as NDJSON', () => {
  const server = useTestServer();
  beforeAll(async () => {
    await define(server, 'night', iran2017);
    await server.request('POST', '/api/elections/night/bulletins', seed000);
    await server.request('PUT', '/api/elections/night', { ...iran2017, name: 'Renamed mid-night' });
    await server.request('POST', '/api/elections/night/bulletins', seed002, { token: `${TEST_TOKEN}-2` });
  });

  it('streams the header, every bulletin and definition change in version order with receive times, and an end line', async () => {
    const { res, lines } = await exportNdjson(server, 'night');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/x-ndjson');
    expect(lines.map((l) => l.type)).toEqual(['election', 'bulletin', 'definition', 'bulletin', 'end']);
    expect(lines[0]).toMatchObject({ type: 'election', electionId: 'night', version: 3, mode: 'live', definition: { name: 'Renamed mid-night' } });
    expect(lines[1]).toMatchObject({ type: 'bulletin', version: 1, by: 'desk', bulletin: { id: seed000.id, ballotsCounted: 25_000_000 } });
    expect(lines[2]).toMatchObject({ type: 'definition', version: 2, definition: { name: 'Renamed mid-night' } });
    expect(lines[3]).toMatchObject({ type: 'bulletin', version: 3, by: 'second-desk', bulletin: { id: seed002.id, final: true } });
    expect(lines[4]).toEqual({ type: 'end', version: 3, lines: 5 });
    const times = lines.flatMap((l) => ('receivedAt' in l ? [Date.parse(l.receivedAt)] : []));
    expect(times).toEqual([...times].sort((x, y) => x - y));
    expect(times.every(Number.isFinite)).toBe(true);
  });

  it('is complete however the history is paged', async () => {
    await define(server, 'long-night', { name: 'Long', rule: { kind: 'plurality' }, candidates: [{ id: 'a', name: 'A' }, { id: 'b', name: 'B' }] });
    for (let i = 1; i <= 23; i++) {
      expect((await server.request('POST', '/api/elections/long-night/bulletins', { ballotsCounted: i * 10, votes: { a: i * 6, b: i * 4 } })).status).toBe(201);
    }
    const read = async (page: number) => {
      const out: ExportLine[] = [];
      for await (const line of exportLines(server.store, 'long-night', new Date(0), page)) out.push(line);
      return out;
    };
    const whole = await read(500);
    expect(whole.filter((l) => l.type === 'bulletin').map((l) => l.version)).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
    expect(await read(5)).toEqual(whole);
    expect(await read(1)).toEqual(whole);
  });

  it('keeps the paged JSON listing as it was, and refuses an unknown format or election', async () => {
    const json = await server.request('GET', '/api/elections/night/bulletins?format=json');
    expect(json.body.bulletins.map((b: { version: number }) => b.version)).toEqual([1, 3]);
    expect(await server.request('GET', '/api/elections/night/bulletins?format=csv')).toMatchObject({ status: 400, body: { error: { code: 'validation_failed', issues: [{ path: 'format' }] } } });
    expect(await server.request('GET', '/api/elections/nowhere/bulletins?format=ndjson')).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
  });
});

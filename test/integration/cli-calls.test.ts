import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExportLineSchema } from '../../shared/schemas/export.schema.ts';
import { iran2017, seed000, seed002 } from '../fixtures/seeds.ts';
import { callApi } from '../helpers/api.ts';
import { deleteKeys, randomPrefix, REDIS_URL } from '../helpers/redis.ts';
import { runCli } from '../helpers/run-cli.ts';
import { spawnServer, type ServerProcess } from '../helpers/spawn-server.ts';
import { TEST_TOKEN } from '../helpers/test-server.ts';

const dir = mkdtempSync(join(tmpdir(), 'tallyroom-cli-calls-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
/** Only an ingest token; TEST_TOKEN is in both lists (a replay of a night with calls needs both). */
const WIRE_TOKEN = 'wire-only-token-0123456789';
const DESK_TOKEN = 'anchor-desk-token-0123456789';

describe('tallyroom call, export and replay with desk calls, against a real server process', { timeout: 180_000 }, () => {
  const prefix = randomPrefix();
  let server: ServerProcess;
  let env: Record<string, string>;
  beforeAll(async () => {
    server = await spawnServer({ REDIS_URL, REDIS_PREFIX: prefix, INGEST_TOKENS: `desk:${TEST_TOKEN},wire:${WIRE_TOKEN}`, DESK_TOKENS: `anchor:${DESK_TOKEN},desk:${TEST_TOKEN}` });
    env = { TALLYROOM_URL: server.url, TALLYROOM_TOKEN: DESK_TOKEN };
    const ingest = { ...env, TALLYROOM_TOKEN: TEST_TOKEN };
    expect((await runCli(['define', 'calls-2017', file('def.json', JSON.stringify(iran2017))], ingest)).code).toBe(0);
    expect((await runCli(['post', 'calls-2017', '--file', '-'], ingest, JSON.stringify(seed000))).code).toBe(0);
  });
  afterAll(async () => {
    await server?.stop();
    await deleteKeys(prefix);
  });

  it('calls, says an unchanged call changed nothing, refuses a conflict (3) and a wire token (4)', async () => {
    const called = await runCli(['call', 'calls-2017', '--winner', 'rouhani', '--note', 'clear lead'], env);
    expect(called).toMatchObject({ code: 0, stderr: '', stdout: 'v2: rouhani called as the winner of round 1 (by anchor)\n' });
    expect(await runCli(['call', 'calls-2017', '--winner', 'rouhani'], env)).toMatchObject({ code: 0, stdout: 'already so at v2: nothing changed\n' });
    const conflict = await runCli(['call', 'calls-2017', '--winner', 'raisi'], env);
    expect(conflict).toMatchObject({ code: 3, stderr: expect.stringMatching(/call refused \(409 call_conflict: .*retract it first/) });
    const wire = await runCli(['call', 'calls-2017', '--retract'], { ...env, TALLYROOM_TOKEN: WIRE_TOKEN });
    expect(wire).toMatchObject({ code: 4, stderr: expect.stringMatching(/403 forbidden.*DESK_TOKENS/) });
    expect(await runCli(['call', 'calls-2017', '--winner', 'a', '--retract'], env)).toMatchObject({ code: 2 });
    const snapshot = (await callApi(server.url, 'GET', '/api/elections/calls-2017')).body;
    expect(snapshot.rounds[0].projection).toMatchObject({ status: 'called', winner: 'rouhani', calledBy: 'anchor', note: 'clear lead' });
  });

  it('exports the calls and replays them in order into another election', async () => {
    expect((await runCli(['call', 'calls-2017', '--retract', '--note', 'recount'], env)).code).toBe(0);
    expect((await runCli(['post', 'calls-2017', '--file', '-'], { ...env, TALLYROOM_TOKEN: TEST_TOKEN }, JSON.stringify(seed002))).code).toBe(0);
    expect((await runCli(['call', 'calls-2017', '--certify'], env)).stdout).toBe('v5: round 1 certified (by anchor)\n');
    const exported = await runCli(['export', 'calls-2017'], env);
    const lines = exported.stdout.trimEnd().split('\n').map((l) => ExportLineSchema.parse(JSON.parse(l)));
    expect(lines.map((l) => l.type)).toEqual(['election', 'bulletin', 'call', 'call', 'bulletin', 'call', 'end']);

    const path = file('night.ndjson', exported.stdout);
    const replayed = await runCli(['replay', path, '--election', 'calls-copy', '--define', '--speed', 'max'], { ...env, TALLYROOM_TOKEN: TEST_TOKEN });
    expect(replayed).toMatchObject({ code: 0, stdout: expect.stringContaining('5 accepted, 0 already there, 0 refused') });
    const copy = (await callApi(server.url, 'GET', '/api/elections/calls-copy/calls')).body;
    expect(copy.calls.map((c: { version: number; by: string; call: { action: string } }) => [c.version, c.by, c.call.action])).toEqual([
      [2, 'desk', 'winner'],
      [3, 'desk', 'retract'],
      [5, 'desk', 'certify'],
    ]);

    // A wire token replays the bulletins but stops, clearly, at the first call.
    const wire = await runCli(['replay', path, '--election', 'calls-wire', '--define', '--speed', 'max'], { ...env, TALLYROOM_TOKEN: WIRE_TOKEN });
    expect(wire).toMatchObject({ code: 4, stderr: expect.stringMatching(/line 3: call refused \(403 forbidden.*DESK_TOKENS/) });
  });
});

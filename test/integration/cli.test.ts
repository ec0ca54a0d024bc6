import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExportLineSchema } from '../../shared/schemas/export.schema.ts';
import { iran2017, iran2024, round1Final2024, seed000, seed001, seed002 } from '../fixtures/seeds.ts';
import { callApi } from '../helpers/api.ts';
import { deleteKeys, randomPrefix, REDIS_URL } from '../helpers/redis.ts';
import { runCli, startCli } from '../helpers/run-cli.ts';
import { spawnServer, type ServerProcess } from '../helpers/spawn-server.ts';
import { TEST_TOKEN } from '../helpers/test-server.ts';
import { eventually } from '../helpers/wait-for.ts';

const dir = mkdtempSync(join(tmpdir(), 'tallyroom-cli-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const ndjson = (lines: unknown[]) => lines.map((l) => JSON.stringify(l)).join('\n') + '\n';

// Each test runs the CLI several times as real processes; on a loaded two-core machine that takes a while.
describe('the tallyroom CLI against a real server process', { timeout: 90_000 }, () => {
  const prefix = randomPrefix();
  let server: ServerProcess;
  let env: Record<string, string>;
  beforeAll(async () => {
    server = await spawnServer({ REDIS_URL, REDIS_PREFIX: prefix });
    env = { TALLYROOM_URL: server.url, TALLYROOM_TOKEN: TEST_TOKEN };
  });
  afterAll(async () => {
    await server?.stop();
    await deleteKeys(prefix);
  });

  it('defines from YAML, posts from flags with human figures, and says a resend changed nothing', async () => {
    const defined = await runCli(['define', 'cli-2017', file('iran2017.yaml', stringify(iran2017)), '--mode', 'test'], env);
    expect(defined).toMatchObject({ code: 0, stderr: '' });
    expect(defined.stdout).toContain('[TEST]');
    const args = ['post', 'cli-2017', '--id', 'b1', '--counted', '25 million', '--cast', 'over 40 million', '--vote', 'rouhani=14.619 million', '--vote', 'raisi=10.125m', '--vote', 'mirsalim=297,276', '--vote', 'hashemi-taba=139131'];
    const posted = await runCli(args, env);
    expect(posted.code).toBe(0);
    expect(posted.stdout).toMatch(/^accepted v1 /);
    expect(posted.stderr).toContain('warning:');
    const snapshot = (await callApi(server.url, 'GET', '/api/elections/cli-2017')).body;
    expect(snapshot.rounds[0]).toMatchObject({ ballotsCounted: 25_000_000, ballotsCast: 40_000_000, approximate: true });
    expect(snapshot.rounds[0].candidates.map((c: { votes: number }) => c.votes)).toEqual([14_619_000, 10_125_000, 297_276, 139_131]);
    expect(await runCli(args, env)).toMatchObject({ code: 0, stdout: 'already accepted at v1: nothing changed\n' });
    const fromFile = await runCli(['post', 'cli-2017', '--file', '-', '--json'], env, JSON.stringify(seed002));
    expect(fromFile.code).toBe(0);
    expect(JSON.parse(fromFile.stdout)).toMatchObject({ version: 2, delta: { final: true } });
  });

  it('exits with a code scripts can trust and one line saying what to fix', async () => {
    const cases: Array<[string[], Record<string, string>, number, RegExp]> = [
      [['post', 'cli-2017', '--counted', '14.619', '--vote', 'rouhani=1'], env, 2, /--counted: .*14\.619m/],
      [['post', 'cli-2017', '--vote', 'rouhani=1'], env, 2, /no ballots counted: pass --counted/],
      [['post', 'cli-2017', '--nonsense'], env, 2, /unknown option '--nonsense'/],
      [['post', 'cli-2017', '--counted', '1', '--vote', 'nobody=1'], env, 3, /422 unknown_candidate/],
      [['post', 'cli-2017', '--counted', '1', '--vote', 'rouhani=1'], { ...env, TALLYROOM_TOKEN: 'not-a-known-token-at-all' }, 4, /401 unauthorized.*TALLYROOM_TOKEN/],
      [['post', 'cli-2017', '--counted', '1', '--vote', 'rouhani=1'], { ...env, TALLYROOM_URL: 'http://127.0.0.1:9' }, 5, /cannot reach http:\/\/127\.0\.0\.1:9/],
      [['define', 'cli-x', join(dir, 'missing.yaml')], env, 2, /cannot read .*missing\.yaml: ENOENT/],
    ];
    const results = await Promise.all(cases.map(([args, e]) => runCli(args, e)));
    for (const [i, [args, , code, message]] of cases.entries()) {
      const result = results[i]!;
      expect({ args, code: result.code }).toEqual({ args, code });
      expect(result.stderr.trim().split('\n').filter((l) => !l.startsWith('(run with')).length).toBe(1);
      expect(result.stderr).toMatch(message);
    }
  });

  it('exports a night and replays it elsewhere: the same figures, versions in the same order', async () => {
    const exported = await runCli(['export', 'cli-2017'], env);
    expect(exported.code).toBe(0);
    const lines = exported.stdout.trimEnd().split('\n').map((l) => ExportLineSchema.parse(JSON.parse(l)));
    expect(lines.map((l) => l.type)).toEqual(['election', 'bulletin', 'bulletin', 'end']);
    const path = file('night.ndjson', exported.stdout);
    const replayed = await runCli(['replay', path, '--election', 'cli-copy', '--define', '--speed', 'max'], env);
    expect(replayed).toMatchObject({ code: 0, stdout: expect.stringContaining('2 accepted, 0 already there, 0 refused') });
    const [original, copy] = await Promise.all(['cli-2017', 'cli-copy'].map(async (id) => (await callApi(server.url, 'GET', `/api/elections/${id}`)).body));
    expect(copy.rounds).toEqual(original.rounds);
    expect(copy).toMatchObject({ version: 2, mode: 'test' });
    // Replaying again is harmless: every line is already there.
    expect((await runCli(['replay', path, '--election', 'cli-copy', '--speed', 'max'], env)).stdout).toContain('0 accepted, 2 already there');
  });

  it('keeps the original spacing divided by --speed', async () => {
    await runCli(['define', 'cli-spaced', file('spaced.json', JSON.stringify(iran2017))], env);
    const night = file('spaced.ndjson', ndjson([
      { type: 'bulletin', receivedAt: '2017-05-20T03:00:00Z', bulletin: { ...seed000 } },
      { type: 'bulletin', receivedAt: '2017-05-20T03:00:04Z', bulletin: { ...seed002 } },
    ]));
    const started = Date.now();
    const result = await runCli(['replay', night, '--election', 'cli-spaced', '--speed', '4'], env);
    expect(result.code).toBe(0);
    // 4 s of original spacing at speed 4: at least 1 s between the two posts.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('stops at the first refused line with its line number, or goes on with --keep-going', async () => {
    await runCli(['define', 'cli-stop', file('stop.json', JSON.stringify(iran2017))], env);
    const backwards = { id: 'backwards', ballotsCounted: 24_900_000, approximate: true, votes: { rouhani: 14_000_000 } };
    const night = file('stop.ndjson', `# a hand-written night: bare bulletins\n${ndjson([seed000, backwards, seed002])}`);
    const stopped = await runCli(['replay', night, '--election', 'cli-stop', '--speed', 'max'], env);
    expect(stopped.code).toBe(3);
    expect(stopped.stdout).toContain('replayed 2 of 3 lines to cli-stop');
    expect(stopped.stderr).toMatch(/stopped at line 3: bulletin backwards refused \(409 counts_backwards/);
    const going = await runCli(['replay', night, '--election', 'cli-stop', '--speed', 'max', '--keep-going'], env);
    expect(going.code).toBe(3);
    expect(going.stdout).toContain('replayed 3 of 3 lines to cli-stop in');
    expect(going.stdout).toContain('1 accepted, 1 already there, 1 refused');
  });

  it('checks every line before sending any', async () => {
    await runCli(['define', 'cli-typo', file('typo.json', JSON.stringify(iran2017))], env);
    const night = file('typo.ndjson', ndjson([seed000, { ...seed002, ballotCounted: 1 }]));
    const result = await runCli(['replay', night, '--election', 'cli-typo', '--speed', 'max'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/typo\.ndjson:2: .*ballotCounted.*nothing was sent/);
    expect((await callApi(server.url, 'GET', '/api/elections/cli-typo')).body.version).toBe(0);
  });

  it('tails an election: the snapshot, then each delta as it is accepted, runoff included', async () => {
    await runCli(['define', 'cli-2024', file('iran2024.json', JSON.stringify(iran2024))], env);
    const tail = startCli(['tail', 'cli-2024', '--count', '2'], env);
    await eventually(() => (tail.lines.some((l) => l.startsWith('snapshot ')) ? true : undefined), 10_000, 'the snapshot line');
    await runCli(['post', 'cli-2024', '--file', '-'], env, JSON.stringify(round1Final2024));
    await runCli(['post', 'cli-2024', '--file', '-'], env, JSON.stringify(seed001));
    expect(await tail.exited).toBe(0);
    expect(tail.lines[1]).toMatch(/^v1 {2}round 1 .*final: runoff Masoud Pezeshkian v Saeed Jalili {2}FINAL/);
    expect(tail.lines[2]).toMatch(/^v2 {2}round 2 .*Masoud Pezeshkian 11,000,000/);
  });

  it('answers --help for every command', async () => {
    const commands = ['define', 'post', 'call', 'go-live', 'replay', 'export', 'tail'];
    const results = await Promise.all(commands.map((command) => runCli([command, '--help'])));
    for (const [i, command] of commands.entries()) {
      const result = results[i]!;
      expect({ command, code: result.code }).toEqual({ command, code: 0 });
      expect(result.stdout).toContain(`Usage: tallyroom ${command}`);
    }
    expect(readFileSync('package.json', 'utf8')).toContain('"tallyroom": "bin/tallyroom.mjs"');
  });
});

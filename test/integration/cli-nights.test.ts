import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iran2017, iran2024, round1Final2024, seed000, seed002 } from '../fixtures/seeds.ts';
import { callApi } from '../helpers/api.ts';
import { deleteKeys, randomPrefix, REDIS_URL } from '../helpers/redis.ts';
import { runCli, startCli } from '../helpers/run-cli.ts';
import { spawnServer, type ServerProcess } from '../helpers/spawn-server.ts';
import { TEST_TOKEN } from '../helpers/test-server.ts';
import { eventually } from '../helpers/wait-for.ts';

const dir = mkdtempSync(join(tmpdir(), 'tallyroom-cli-nights-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const ndjson = (lines: unknown[]) => lines.map((l) => JSON.stringify(l)).join('\n') + '\n';

/** `tallyroom night define|tail` and a night file of many contests for `replay`, against a real server process. */
describe('the CLI on nights of many contests', { timeout: 90_000 }, () => {
  const prefix = randomPrefix();
  let server: ServerProcess;
  let env: Record<string, string>;
  beforeAll(async () => {
    server = await spawnServer({ REDIS_URL, REDIS_PREFIX: prefix, CONFLATE_MS: '50' });
    env = { TALLYROOM_URL: server.url, TALLYROOM_TOKEN: TEST_TOKEN };
  });
  afterAll(async () => {
    await server?.stop();
    await deleteKeys(prefix);
  });

  it('replays a night file whose lines name their contests (Iran 2017 and 2024 interleaved), defining the night in its place', async () => {
    const night = file('two.ndjson', ndjson([
      { type: 'definition', electionId: 'n-2017', definition: iran2017 },
      { type: 'definition', electionId: 'n-2024', definition: iran2024 },
      { type: 'night', nightId: 'two-nights', night: { name: 'Two presidential nights', contests: ['n-2017', 'n-2024'] } },
      { type: 'bulletin', electionId: 'n-2017', bulletin: seed000 },
      { type: 'bulletin', electionId: 'n-2024', bulletin: round1Final2024 },
      { type: 'bulletin', electionId: 'n-2017', bulletin: seed002 },
    ]));
    const replayed = await runCli(['replay', night, '--speed', 'max'], env);
    expect(replayed).toMatchObject({ code: 0, stderr: '' });
    expect(replayed.stdout).toContain('replayed 6 of 6 lines to 2 contests');
    const snapshot = (await callApi(server.url, 'GET', '/api/nights/two-nights')).body;
    expect(snapshot.contests.map((c: { electionId: string; status: string; version: number }) => [c.electionId, c.status, c.version])).toEqual([['n-2017', 'decided', 2], ['n-2024', 'counting', 1]]);
    // Replayed again: every bulletin is already there, the definitions unchanged: nothing counted twice.
    expect((await runCli(['replay', night, '--speed', 'max'], env)).stdout).toContain('3 already there, 0 refused');
    expect((await callApi(server.url, 'GET', '/api/nights/two-nights')).body.version).toBe(snapshot.version);
    // A line that names no contest, with no --election: refused before anything is sent.
    const mixed = await runCli(['replay', file('mixed.ndjson', ndjson([{ type: 'bulletin', electionId: 'n-2017', bulletin: seed000 }, seed002])), '--speed', 'max'], env);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('not every line names its election');
  });

  it('defines a night from YAML, refuses an unknown contest with exit 3, and tails it', async () => {
    const defined = await runCli(['night', 'define', 'yaml-night', file('night.yaml', stringify({ name: 'From YAML', contests: ['n-2017', 'n-2024'], keyContests: ['n-2024'] }))], env);
    expect(defined).toMatchObject({ code: 0, stderr: '' });
    expect(defined.stdout).toMatch(/^created yaml-night: From YAML v\d+: 1 decided, 1 counting, 0 not started; 1\/2 seats won \(2 for a majority\): Moderation and Development 1, independents 0 \(\+1\)\n$/);
    const refused = await runCli(['night', 'define', 'bad-night', file('bad.yaml', stringify({ name: 'Bad', contests: ['nowhere'] }))], env);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/unknown_contest|no election "nowhere"/);

    const tail = startCli(['night', 'tail', 'yaml-night', '--count', '1'], { TALLYROOM_URL: server.url });
    await eventually(() => tail.lines.find((l) => l.startsWith('snapshot From YAML')), 20_000, 'the snapshot line');
    expect((await callApi(server.url, 'POST', '/api/elections/n-2024/bulletins', { id: 'r2', round: 2, ballotsCounted: 1000, votes: { pezeshkian: 600, jalili: 400 } }, { token: TEST_TOKEN })).status).toBe(201);
    expect(await tail.exited).toBe(0);
    expect(tail.lines.slice(1)).toEqual([expect.stringMatching(/^v\d+: Moderation and Development 1, independents 0 \(\+1\)$/), '  n-2024: counting led by Masoud Pezeshkian']);
  });
});

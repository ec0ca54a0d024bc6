import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iran2017, seed000 } from '../fixtures/seeds.ts';
import { deleteKeys, randomPrefix, REDIS_URL } from '../helpers/redis.ts';
import { spawnServer, type ServerProcess } from '../helpers/spawn-server.ts';
import { callApi, TEST_TOKEN } from '../helpers/api.ts';
import { eventually } from '../helpers/wait-for.ts';

describe('structured logs of a real server process', () => {
  const prefix = randomPrefix();
  let server: ServerProcess;
  beforeAll(async () => {
    server = await spawnServer({ REDIS_URL, REDIS_PREFIX: prefix });
  });
  afterAll(async () => {
    await server?.stop();
    await deleteKeys(prefix);
  });

  const send = (method: string, path: string, body: unknown, token = TEST_TOKEN) => callApi(server.url, method, path, body, { token });

  it('writes one JSON line per accepted or refused bulletin, with election, version, token label and reason, and never a token', async () => {
    await send('PUT', '/api/elections/logged', { ...iran2017, mode: 'test' });
    await send('POST', '/api/elections/logged/bulletins', seed000);
    await send('POST', '/api/elections/logged/bulletins', { ...seed000, id: 'backwards', ballotsCounted: 24_900_000, votes: { rouhani: 14_000_000 } });
    await send('POST', '/api/elections/logged/bulletins', seed000, 'a-wrong-token-that-must-not-be-logged');
    await send('POST', '/api/elections/logged/go-live', { confirm: 'logged' });

    const accepted = await eventually(() => server.logs.find((l) => l.msg === 'bulletin accepted'), 5000, 'the accepted line');
    expect(accepted).toMatchObject({ electionId: 'logged', version: 1, by: 'desk', level: 30, service: 'tallyroom' });
    const refused = await eventually(() => server.logs.find((l) => l.msg === 'bulletin refused'), 5000, 'the refused line');
    expect(refused).toMatchObject({ electionId: 'logged', version: 1, by: 'desk', code: 'counts_backwards' });
    expect(String(refused.reason)).toContain('ballotsCounted');
    await eventually(() => server.logs.find((l) => String(l.msg).includes('switched to live')), 5000, 'the go-live line');
    expect(server.logs.filter((l) => l.msg === 'bulletin accepted' || l.msg === 'bulletin refused')).toHaveLength(2);

    const everything = server.logs.map((l) => JSON.stringify(l)).join('\n');
    expect(everything).not.toContain(TEST_TOKEN);
    expect(everything).not.toContain('a-wrong-token-that-must-not-be-logged');
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenDigest } from '../../server/security/token-spec.ts';
import { iran2017, seed000 } from '../fixtures/seeds.ts';
import { spawnServer, type ServerProcess } from '../helpers/spawn-server.ts';
import { callApi } from '../helpers/api.ts';
import { eventually, eventuallyAsync } from '../helpers/wait-for.ts';

const OLD = 'rotation-old-token-0123456789';
const NEW = 'rotation-new-token-0123456789';

/** Rotation as operators do it: a real server process, its TOKENS_FILE edited, then SIGHUP. */
describe('token rotation without a restart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tallyroom-rotation-'));
  const file = join(dir, 'tokens.json');
  const entry = (label: string, secret: string) => ({ label, role: 'ingest', sha256: tokenDigest(secret) });
  let server: ServerProcess;
  let n = 0;
  const post = async (token: string) => (await callApi(server.url, 'POST', '/api/elections/iran-2017/bulletins', { ...seed000, id: `rotation-${++n}` }, { token })).status;

  beforeAll(async () => {
    writeFileSync(file, JSON.stringify([entry('old-desk', OLD)]));
    server = await spawnServer({ TOKENS_FILE: file });
    expect((await callApi(server.url, 'PUT', '/api/elections/iran-2017', iran2017)).status).toBe(201);
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('picks up an edited file by itself, and on SIGHUP keeps the old tokens when the file is broken', { timeout: 30_000 }, async () => {
    expect(await post(OLD)).toBe(201);
    writeFileSync(file, JSON.stringify([entry('old-desk', OLD), entry('new-desk', NEW)]));
    await eventuallyAsync(async () => ((await post(NEW)) === 201 ? true : undefined), 10_000, 'the new token to be accepted');
    expect(await post(OLD)).toBe(201);

    writeFileSync(file, '[{ "label": "broken" }]');
    server.child.kill('SIGHUP');
    await eventually(() => server.logs.find((l) => String(l.msg).includes('not reloaded')), 10_000, 'the refusal in the log');
    expect(await post(NEW)).toBe(201);

    writeFileSync(file, JSON.stringify([entry('new-desk', NEW)]));
    server.child.kill('SIGHUP');
    await eventuallyAsync(async () => ((await post(OLD)) === 401 ? true : undefined), 10_000, 'the old token to be refused');
    expect(await post(NEW)).toBe(201);
    expect(server.child.exitCode).toBeNull();
    expect(JSON.stringify(server.logs)).not.toContain(NEW);
  });

  it('refuses to start on a tokens file that does not parse, saying why', { timeout: 30_000 }, async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, '- label: x\n  sha256: not-hex\n');
    await expect(spawnServer({ TOKENS_FILE: bad })).rejects.toThrow(/exited with 1 before listening: tallyroom: invalid configuration:\n  TOKENS_FILE: .*bad\.yaml: 0\.sha256/);
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { tokenDigest } from '../../server/security/token-spec.ts';
import { VIEWER_AUDIENCE } from '../../server/security/viewer-tokens.ts';
import { iran2017, seed000 } from '../fixtures/seeds.ts';
import { connectSocket } from '../helpers/socket.ts';
import { define, TEST_TOKEN, useTestServer } from '../helpers/test-server.ts';

const SECRET = 'viewer-secret-for-tests-0123456789abcdef';
const WIRE = 'wire-token-scoped-0123456789';
const ANCHOR = 'anchor-desk-token-0123456789';
const FILE_OLD = 'file-token-old-0123456789';
const FILE_NEW = 'file-token-new-0123456789';

/** A viewer token as another newsroom tool would sign it. */
function jwt(elections: string[], expiresInSeconds: number, secret = SECRET) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ elections }).setProtectedHeader({ alg: 'HS256' }).setAudience(VIEWER_AUDIENCE).setIssuedAt(now - 60).setExpirationTime(now + expiresInSeconds).sign(new TextEncoder().encode(secret));
}

describe('tokens, scopes and private elections', () => {
  const tokensFile = join(mkdtempSync(join(tmpdir(), 'tallyroom-tokens-')), 'tokens.yaml');
  const writeTokens = (secret: string) => writeFileSync(tokensFile, `- label: from-file\n  sha256: ${tokenDigest(secret)}\n  elections: [open-2017]\n`);

  beforeAll(() => writeTokens(FILE_OLD));
  const server = useTestServer({
    env: {
      INGEST_TOKENS: `desk:${TEST_TOKEN},wire:${WIRE}@open-2017`,
      DESK_TOKENS: `anchor:${ANCHOR}`,
      TOKENS_FILE: tokensFile,
      VIEWER_JWT_SECRET: SECRET,
    },
  });
  beforeAll(async () => {
    await define(server, 'open-2017', iran2017);
    await define(server, 'secret-2017', { ...iran2017, visibility: 'private' });
    expect((await server.request('POST', '/api/elections/secret-2017/bulletins', seed000)).status).toBe(201);
  });

  it('a scoped token writes to its elections, and gets 403 naming any other', async () => {
    expect((await server.request('POST', '/api/elections/open-2017/bulletins', seed000, { token: WIRE })).status).toBe(201);
    const refused = await server.request('POST', '/api/elections/secret-2017/bulletins', { ...seed000, id: 'x' }, { token: WIRE });
    expect(refused).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    expect(refused.body.error.message).toContain('"secret-2017"');
    expect((await server.request('PUT', '/api/elections/other-2017', iran2017, { token: WIRE })).status).toBe(403);
    expect((await server.request('GET', '/api/elections/other-2017')).status).toBe(404);
  });

  it('a desk token cannot ingest: 403 naming the role', async () => {
    const res = await server.request('POST', '/api/elections/open-2017/bulletins', { ...seed000, id: 'desk' }, { token: ANCHOR });
    expect(res).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    expect(res.body.error.message).toContain('desk token');
  });

  it('rotates TOKENS_FILE without a restart, keeping the old tokens when the new file is broken', async () => {
    const post = (token: string, id: string) => server.request('POST', '/api/elections/open-2017/bulletins', { ...seed000, id }, { token });
    expect((await post(FILE_OLD, 'file-1')).status).toBe(201);
    writeFileSync(tokensFile, '- label: broken\n  sha256: nope\n');
    expect(await server.app.reloadTokens()).toBe(false);
    expect((await post(FILE_OLD, 'file-2')).status).toBe(201);
    writeTokens(FILE_NEW);
    expect(await server.app.reloadTokens()).toBe(true);
    expect((await post(FILE_OLD, 'file-3')).status).toBe(401);
    const created = await post(FILE_NEW, 'file-4');
    expect(created.status).toBe(201);
    const history = await server.request('GET', `/api/elections/open-2017/bulletins?since=${created.body.version - 1}`);
    expect(history.body.bulletins[0].by).toBe('from-file');
  });

  it('a private election is hidden from anonymous readers over HTTP', async () => {
    const anonymous = await server.request('GET', '/api/elections/secret-2017', undefined, { token: null });
    expect(anonymous).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    expect(anonymous.body.error.message).toContain('"secret-2017" is private');
    expect((await server.request('GET', '/api/elections/secret-2017/bulletins', undefined, { token: null })).status).toBe(401);
    expect((await server.request('GET', '/api/elections/secret-2017/bulletins?format=ndjson', undefined, { token: null })).status).toBe(401);
    const list = await server.request('GET', '/api/elections', undefined, { token: null });
    expect(list.body.elections.map((e: { electionId: string }) => e.electionId)).toEqual(['open-2017']);
    expect((await server.request('GET', '/api/elections/open-2017', undefined, { token: null })).status).toBe(200);
  });

  it('opens it with a viewer token (header or query), refuses another election\'s, an expired or a forged one', async () => {
    const good = await jwt(['secret-2017'], 600);
    expect((await server.request('GET', '/api/elections/secret-2017', undefined, { token: good })).body.version).toBe(1);
    expect((await server.request('GET', `/api/elections/secret-2017/bulletins?access_token=${good}`, undefined, { token: null })).status).toBe(200);
    const listed = await server.request('GET', '/api/elections', undefined, { token: good });
    expect(listed.body.elections.map((e: { electionId: string }) => e.electionId)).toEqual(['open-2017', 'secret-2017']);
    const other = await server.request('GET', '/api/elections/secret-2017', undefined, { token: await jwt(['open-2017'], 600) });
    expect(other).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    const expired = await server.request('GET', '/api/elections/secret-2017', undefined, { token: await jwt(['secret-2017'], -30) });
    expect(expired).toMatchObject({ status: 401, body: { error: { code: 'token_expired' } } });
    const forged = await server.request('GET', '/api/elections/secret-2017', undefined, { token: await jwt(['secret-2017'], 600, 'another-secret-0123456789abcdefghijkl') });
    expect(forged).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    // The newsroom's own token reads it too (the console works on embargoed nights).
    expect((await server.request('GET', '/api/elections/secret-2017', undefined, { token: TEST_TOKEN })).status).toBe(200);
  });

  it('refuses a private subscribe without a token, and accepts one in the payload or the handshake', async () => {
    const socket = await server.socket();
    const refused = await socket.emitWithAck('subscribe', { electionId: 'secret-2017' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const expired = await socket.emitWithAck('subscribe', { electionId: 'secret-2017', token: await jwt(['secret-2017'], -30) });
    expect(expired).toMatchObject({ ok: false, error: { code: 'token_expired' } });
    const ok = await socket.emitWithAck('subscribe', { electionId: 'secret-2017', token: await jwt(['secret-2017'], 600) });
    expect(ok).toMatchObject({ ok: true, snapshot: { electionId: 'secret-2017' } });
    const withAuth = await connectSocket(server.url, { auth: { token: await jwt(['secret-2017'], 600) } });
    try {
      expect(await withAuth.emitWithAck('subscribe', { electionId: 'secret-2017' })).toMatchObject({ ok: true });
    } finally {
      withAuth.disconnect();
    }
  });

  it('disconnects a private subscriber when its viewer token expires; the token is then refused', { timeout: 15_000 }, async () => {
    const socket = await server.socket();
    const token = await jwt(['secret-2017'], 2);
    expect(await socket.emitWithAck('subscribe', { electionId: 'secret-2017', token })).toMatchObject({ ok: true });
    const reason = await new Promise<string>((resolve) => socket.once('disconnect', resolve));
    expect(reason).toBe('io server disconnect');
    const again = await server.socket();
    expect(await again.emitWithAck('subscribe', { electionId: 'secret-2017', token })).toMatchObject({ ok: false, error: { code: 'token_expired' } });
  });

  it('pushes a private election\'s deltas only to authorised subscribers', async () => {
    const reader = await server.socket();
    const anonymous = await server.socket();
    const seen: string[] = [];
    anonymous.on('delta', (d) => seen.push(d.electionId));
    anonymous.on('audience', (a) => seen.push(a.electionId));
    expect(await anonymous.emitWithAck('subscribe', { electionId: 'secret-2017' })).toMatchObject({ ok: false });
    expect(await anonymous.emitWithAck('subscribe', { electionId: 'open-2017' })).toMatchObject({ ok: true });
    expect(await reader.emitWithAck('subscribe', { electionId: 'secret-2017', token: await jwt(['secret-2017'], 600) })).toMatchObject({ ok: true });
    const got = new Promise((resolve) => reader.once('delta', resolve));
    expect((await server.request('POST', '/api/elections/secret-2017/bulletins', { ...seed000, id: 'private-2', ballotsCounted: 25_600_000 })).status).toBe(201);
    expect(await got).toMatchObject({ electionId: 'secret-2017' });
    // Barrier: a delta on the public election reaches the anonymous socket after anything sent before it.
    const barrier = new Promise((resolve) => anonymous.once('delta', resolve));
    expect((await server.request('POST', '/api/elections/open-2017/bulletins', { ...seed000, id: 'barrier', ballotsCounted: 25_700_000 })).status).toBe(201);
    await barrier;
    expect(seen.filter((id) => id === 'secret-2017')).toEqual([]);
  });

  it('mints viewer tokens for a newsroom token in scope, and refuses to make a public election private', async () => {
    const minted = await server.request('POST', '/api/elections/secret-2017/viewer-tokens', { ttlSeconds: 120 }, { token: ANCHOR });
    expect(minted).toMatchObject({ status: 201, body: { electionId: 'secret-2017', token: expect.any(String) } });
    expect(Date.parse(minted.body.expiresAt) - Date.now()).toBeGreaterThan(100_000);
    expect((await server.request('GET', '/api/elections/secret-2017', undefined, { token: minted.body.token })).status).toBe(200);
    expect((await server.request('POST', '/api/elections/secret-2017/viewer-tokens', {}, { token: WIRE })).status).toBe(403);
    expect((await server.request('POST', '/api/elections/secret-2017/viewer-tokens', { ttlSeconds: 5 }, { token: ANCHOR })).status).toBe(400);
    const closing = await server.request('PUT', '/api/elections/open-2017', { ...iran2017, visibility: 'private' });
    expect(closing).toMatchObject({ status: 409, body: { error: { code: 'definition_conflict', issues: [{ path: 'visibility' }] } } });
  });
});

import { request as rawRequest } from 'node:http';
import { io as connect } from 'socket.io-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { iran2017, seed000 } from '../fixtures/seeds.ts';
import { sendApi } from '../helpers/api.ts';
import { define, TEST_TOKEN, useTestServer } from '../helpers/test-server.ts';

/** A raw HTTP exchange, for requests fetch will not send (huge headers, broken URLs). */
function raw(url: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; type: string }> {
  return new Promise((resolve, reject) => {
    const req = rawRequest(`${url}${path}`, { headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body, type: String(res.headers['content-type']) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('limits, headers and malformed HTTP', () => {
  const server = useTestServer({
      env: { INGEST_RATE_LIMIT: '3/60s', SOCKET_EVENT_RATE_LIMIT: '4/60s', CORS_ORIGINS: 'https://partner.example.com', FRAME_ANCESTORS: 'self https://cms.example.com' },
    });
  beforeAll(async () => {
    await define(server, 'iran-2017', iran2017);
  });

  it('answers 429 rate_limited with Retry-After once a token has used its rate, storing nothing', async () => {
    const before = (await server.request('GET', '/api/elections/iran-2017')).body.version;
    const post = (id: string) => sendApi(server.url, 'POST', '/api/elections/iran-2017/bulletins', { ...seed000, id }, { token: `${TEST_TOKEN}-2` });
    // The define above used one of this address's 3; these use the rest.
    expect((await post('r1')).status).toBe(201);
    expect((await post('r1')).status).toBe(200);
    const limited = await post('r3');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = await limited.json();
    expect(body.error).toMatchObject({ code: 'rate_limited', retryAfterMs: expect.any(Number) });
    expect(body.error.retryAfterMs).toBeGreaterThan(1000);
    expect((await server.request('GET', '/api/elections/iran-2017')).body.version).toBe(before + 1);
  });

  it('limits socket events per connection with an error ack naming the wait', async () => {
    const socket = await server.socket();
    const acks = [];
    for (let i = 0; i < 6; i++) acks.push(await socket.emitWithAck('unsubscribe', { electionId: 'iran-2017' }));
    expect(acks.slice(0, 4)).toEqual(Array(4).fill({ ok: true }));
    expect(acks[4]).toMatchObject({ ok: false, error: { code: 'rate_limited', retryAfterMs: expect.any(Number) } });
    // Another connection has its own allowance.
    const other = await server.socket();
    expect(await other.emitWithAck('unsubscribe', { electionId: 'iran-2017' })).toEqual({ ok: true });
  });

  it('closes a connection that sends a message over SOCKET_MAX_PAYLOAD, and keeps serving others', async () => {
    const socket = await server.socket();
    const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    socket.emit('subscribe', { electionId: 'x'.repeat(20_000) }, () => {});
    expect(await closed).toBe('transport close');
    const other = await server.socket();
    expect(await other.emitWithAck('subscribe', { electionId: 'iran-2017' })).toMatchObject({ ok: true });
  });

  it('sends helmet headers and the strict CSP, with the configured frame ancestors', async () => {
    const page = await fetch(`${server.url}/`);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'self' https://cms.example.com");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('x-frame-options')).toBeNull();
    expect((await fetch(`${server.url}/api/elections`)).headers.get('content-security-policy')).toBe(csp);
  });

  it('lets listed origins use the API and sockets, and no other', async () => {
    const listed = await fetch(`${server.url}/api/elections`, { headers: { origin: 'https://partner.example.com' } });
    expect(listed.headers.get('access-control-allow-origin')).toBe('https://partner.example.com');
    const foreign = await fetch(`${server.url}/api/elections`, { headers: { origin: 'https://evil.example.net' } });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${server.url}/api/elections/iran-2017/bulletins`, { method: 'OPTIONS', headers: { origin: 'https://partner.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } });
    expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization,content-type,idempotency-key');

    const open = (origin: string) => new Promise<string>((resolve) => {
      const socket = connect(server.url, { transports: ['polling'], reconnection: false, forceNew: true, extraHeaders: { origin } });
      socket.once('connect', () => (socket.disconnect(), resolve('connected')));
      socket.once('connect_error', (error) => (socket.disconnect(), resolve(`refused: ${error.message}`)));
    });
    expect(await open('https://partner.example.com')).toBe('connected');
    expect(await open('https://evil.example.net')).toMatch(/^refused/);
  });

  it('answers malformed HTTP in the JSON error shape with a 4xx', async () => {
    const huge = await raw(server.url, '/api/elections', { 'x-filler': 'x'.repeat(40_000) });
    expect(huge.status).toBe(431);
    expect(JSON.parse(huge.body)).toMatchObject({ error: { code: 'headers_too_large' } });
    const badEncoding = await raw(server.url, '/api/elections/%E0%A4%A/bulletins');
    expect(badEncoding.status).toBeGreaterThanOrEqual(400);
    expect(badEncoding.status).toBeLessThan(500);
    expect(JSON.parse(badEncoding.body).error.code).toEqual(expect.any(String));
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, describeRefusal } from '../../cli/api-client.ts';
import { ExitCode } from '../../cli/exit-codes.ts';
import { errorOf } from '../../client/common/api.ts';
import { NoAnswerError, requestJson } from '../../client/sdk/json-request.ts';

/** A server that is not Tallyroom: a proxy's HTML error page, a text page, a JSON echo, and one that never answers. */
function startOther(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    if (req.url === '/proxy-error') return void res.writeHead(502, { 'content-type': 'text/html' }).end('<html><body>Bad gateway</body></html>');
    if (req.url === '/text') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('hello');
    if (req.url === '/hang') return; // never answers: the client's timeout must
    let body = '';
    req.on('data', (c) => (body += String(c)));
    req.on('end', () => res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ method: req.method, auth: req.headers.authorization ?? null, type: req.headers['content-type'] ?? null, body: body ? JSON.parse(body) : null })));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

describe('one JSON request for the pages and the CLI, against a real server', () => {
  let other: { server: Server; url: string };
  beforeAll(async () => void (other = await startOther()));
  afterAll(async () => {
    other.server.closeAllConnections();
    await new Promise((resolve) => other.server.close(resolve));
  });

  it('sends JSON with the bearer token and reads the JSON answer, whatever its status', async () => {
    const answer = await requestJson('PUT', `${other.url}/echo`, { body: { a: 1 }, token: 't0k' });
    expect(answer).toEqual({ status: 201, body: { method: 'PUT', auth: 'Bearer t0k', type: 'application/json', body: { a: 1 } } });
  });

  it('says an answer is not JSON instead of making up an error code, and the page and the CLI each word it', async () => {
    const proxy = await requestJson('GET', `${other.url}/proxy-error`);
    expect(proxy).toEqual({ status: 502, body: null, notJson: '<html><body>Bad gateway</body></html>' });
    expect(errorOf(proxy)).toEqual({ code: 'internal_error', message: 'unreadable answer (502)' });
    expect(describeRefusal('bulletin', proxy)).toBe('bulletin refused (502 an answer that is not JSON: <html><body>Bad gateway</body></html>)');
    const text = await requestJson('GET', `${other.url}/text`);
    expect(errorOf(text)).toMatchObject({ code: 'internal_error' });
    // A 200 that is not JSON is not a success: the CLI says so and exits "unavailable", not "refused".
    const cli = createApiClient({ baseUrl: other.url });
    expect(() => cli.expectOk('definition', text)).toThrow(expect.objectContaining({ exitCode: ExitCode.Unavailable, message: expect.stringContaining('not JSON: hello') }));
    expect(cli.expectOk('definition', await cli.send('PUT', '/echo', { b: 2 }))).toMatchObject({ body: { b: 2 } });
  });

  it('throws NoAnswerError when no answer comes in time, which the CLI reports as unreachable', async () => {
    await expect(requestJson('GET', `${other.url}/hang`, { timeoutMs: 200 })).rejects.toBeInstanceOf(NoAnswerError);
    const cli = createApiClient({ baseUrl: other.url, timeoutMs: 200 });
    await expect(cli.send('GET', '/hang')).rejects.toMatchObject({ exitCode: ExitCode.Unavailable, message: expect.stringMatching(/cannot reach .*no answer in time/) });
  });
});

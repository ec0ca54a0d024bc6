import { Agent, request } from 'node:http';

/**
 * A small keep-alive JSON client. Each poster owns an agent with a single socket, so its requests go
 * one after another on one connection, in order, like a newsroom desk posting bulletins.
 */

export interface JsonResponse {
  status: number;
  body: any;
}

export interface JsonClient {
  /** Sends a request with a JSON body (serialised here). */
  call(method: string, path: string, body?: unknown): Promise<JsonResponse>;
  /** Sends a body serialised by the caller (who stamps it first). */
  send(method: string, path: string, text: string): Promise<JsonResponse>;
  close(): void;
}

export function jsonClient(baseUrl: string, token?: string): JsonClient {
  const base = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  function send(method: string, path: string, text?: string, retried = false): Promise<JsonResponse> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = {};
      if (token) headers.authorization = `Bearer ${token}`;
      if (text !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = Buffer.byteLength(text);
      }
      const req = request({ host: base.hostname, port: base.port, method, path, agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: res.statusCode ?? 0, body: raw ? JSON.parse(raw) : null });
          } catch {
            resolve({ status: res.statusCode ?? 0, body: raw });
          }
        });
        res.on('error', reject);
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        // The server closed an idle keep-alive connection just as this request went out on it (a long
        // subscribe phase idles the agent past the server's keep-alive timeout): nothing reached the
        // server, so sending again is safe; Node's http docs recommend exactly this check.
        if (!retried && req.reusedSocket && error.code === 'ECONNRESET') send(method, path, text, true).then(resolve, reject);
        else reject(error);
      });
      req.end(text);
    });
  }
  return {
    call: (method, path, body) => send(method, path, body === undefined ? undefined : JSON.stringify(body)),
    send,
    close: () => agent.destroy(),
  };
}

/** Fails loudly unless the answer has one of the `expected` statuses. */
export function expectStatus(what: string, res: JsonResponse, ...expected: number[]): JsonResponse {
  if (!expected.includes(res.status)) throw new Error(`${what}: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  return res;
}

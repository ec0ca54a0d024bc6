import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A proxy that forwards the API and refuses socket.io (its long-polling with 403, its WebSocket
 * upgrade by closing the connection), as a corporate proxy that blocks both does.
 */
export async function blockingProxy(target: string): Promise<{ url: string; refused: () => number; close(): Promise<void> }> {
  const { hostname, port } = new URL(target);
  let refused = 0;
  const server: Server = createServer((req, res) => {
    if (req.url?.startsWith('/socket.io/')) {
      refused++;
      res.writeHead(403).end();
      return;
    }
    const upstream = request({ hostname, port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('upgrade', (_req, socket) => {
    refused++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    refused: () => refused,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}


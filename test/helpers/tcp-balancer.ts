import { connect, createServer, type Socket } from 'node:net';

/**
 * A tiny TCP load balancer for fault tests: each connection goes to the first backend (in the order
 * given) that accepts it, as a balancer that health-checks would route around a dead node. Bytes are
 * piped both ways untouched, so WebSocket upgrades pass; a backend that dies drops its clients, which
 * then reconnect and land on the next one.
 */
export async function startTcpBalancer(initial: number[]) {
  let backends = [...initial];
  const open = new Set<Socket>();
  const track = (s: Socket) => {
    open.add(s);
    s.once('close', () => open.delete(s));
    s.on('error', () => s.destroy());
  };

  function route(client: Socket, candidates: number[]): void {
    const [port, ...rest] = candidates;
    if (port === undefined) {
      client.destroy();
      return;
    }
    const upstream = connect(port, '127.0.0.1');
    upstream.once('error', () => {
      if (upstream.readyState === 'opening' || !upstream.remoteAddress) route(client, rest);
    });
    upstream.once('connect', () => {
      track(upstream);
      client.pipe(upstream).pipe(client);
      client.once('close', () => upstream.destroy());
      upstream.once('close', () => client.destroy());
      client.resume();
    });
  }

  const server = createServer({ pauseOnConnect: true }, (client) => {
    track(client);
    route(client, backends);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    /** Replaces the backends (in order of preference) for new connections. */
    setBackends(ports: number[]) {
      backends = [...ports];
    },
    async close() {
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The port of a `http://host:port` URL. */
export function portOf(url: string): number {
  return Number(new URL(url).port);
}

import { connect, createServer, type Socket } from 'node:net';

/** One client connection and its upstream twin. */
interface Pair {
  client: Socket;
  upstream: Socket;
}

export interface FaultProxy {
  /** Where clients connect instead of the upstream (a redis:// URL when the upstream is Redis). */
  url: string;
  /** Bytes clients sent through, as text (to count commands: `sent().split('EVALSHA')`). */
  sent(): string;
  /**
   * The next reply from upstream on any connection is swallowed and that client connection is reset
   * (RST): the command reached the server and ran, its answer never arrives. Resolves when it happened.
   */
  cutNextReply(): Promise<void>;
  /** Every reply is swallowed from now on until `heal` (a hung server, a one-way partition). */
  dropReplies(): void;
  heal(): void;
  /** Resets every open connection now (a connection torn mid-command). */
  resetAll(): void;
  /** Closes the listener and every connection. Idempotent. */
  close(): Promise<void>;
}

/**
 * A small TCP proxy for fault tests, between a client (Tallyroom's Redis connection) and a real server:
 * it forwards everything unless told to lose replies or reset connections. The server really runs each
 * command; only what the client learns of it is faulted, which is the case resends must survive.
 */
export async function startFaultProxy(upstreamPort: number, upstreamHost = '127.0.0.1'): Promise<FaultProxy> {
  const pairs = new Set<Pair>();
  let sentText = '';
  let dropping = false;
  let cut: (() => void) | null = null;

  const server = createServer((client) => {
    const upstream = connect(upstreamPort, upstreamHost);
    const pair = { client, upstream };
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk: Buffer) => {
      sentText += chunk.toString('latin1');
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (cut) {
        const done = cut;
        cut = null;
        client.resetAndDestroy();
        upstream.destroy();
        pairs.delete(pair);
        return done();
      }
      if (!dropping) client.write(chunk);
    });
    for (const socket of [client, upstream]) {
      socket.on('error', end);
      socket.on('close', end);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  let closed: Promise<void> | null = null;

  return {
    url: `redis://127.0.0.1:${port}`,
    sent: () => sentText,
    cutNextReply: () => new Promise<void>((resolve) => (cut = resolve)),
    dropReplies: () => void (dropping = true),
    heal: () => void (dropping = false),
    resetAll() {
      for (const { client, upstream } of pairs) {
        client.resetAndDestroy();
        upstream.destroy();
      }
      pairs.clear();
    },
    close() {
      closed ??= new Promise<void>((resolve) => {
        for (const { client, upstream } of pairs) {
          client.destroy();
          upstream.destroy();
        }
        server.close(() => resolve());
      });
      return closed;
    },
  };
}

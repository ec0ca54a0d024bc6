import { createServer, connect } from 'node:net';

/**
 * Loopback source addresses (127.0.0.2, 127.0.0.3, ...). Every phase takes fresh ones: the ports its
 * subscribers leave in TIME_WAIT stay tied up for a minute, and a fresh address has all ~28,000
 * ephemeral ports free again.
 */
export class AddressPool {
  private next = 0;

  /** The n-th address: 127.0.0.2 to 127.0.0.254, then 127.0.1.2, ... (never .0, .1 or .255). */
  static at(n: number): string {
    return `127.0.${Math.floor(n / 253)}.${2 + (n % 253)}`;
  }

  take(count: number): string[] {
    return Array.from({ length: count }, () => AddressPool.at(this.next++));
  }
}

/** Fails with a clear message unless a socket can use `localAddress` as its source here. */
export async function checkSourceAddress(localAddress: string): Promise<void> {
  const server = createServer((s) => s.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  try {
    await new Promise<void>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port, localAddress }, () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', (error) => reject(new Error(`cannot connect from source address ${localAddress}: ${error.message} (the loopback interface must accept 127.0.0.0/8)`)));
    });
  } finally {
    server.close();
  }
}

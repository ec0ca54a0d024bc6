import { createServer } from 'node:net';

/** A TCP port free on 127.0.0.1 right now (the caller binds it next; nothing else here takes ports). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once `check` resolves true, polling every 100 ms; fails after `ms` or when `gone()` says so. */
export async function waitUntil(what: string, check: () => Promise<boolean>, ms: number, gone: () => string | null = () => null): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const reason = gone();
    if (reason) throw new Error(`${what}: ${reason}`);
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what}: not ready after ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

import type { Delta } from '../../shared/schemas/snapshot.schema.ts';

/** Resolves with the first value `check` returns that is not undefined, polling briefly; fails after `ms`. */
export async function eventually<T>(check: () => T | undefined, ms = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** `eventually` for an async check (an HTTP read, say). */
export async function eventuallyAsync<T>(check: () => Promise<T | undefined>, ms = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Collects the `delta` events a socket receives, and waits for a given version. */
export function collectDeltas(socket: { on(event: 'delta', listener: (d: Delta) => void): unknown }) {
  const received: Delta[] = [];
  socket.on('delta', (d) => received.push(d));
  return {
    received,
    /** Waits until a delta with `version` arrived (deltas are per election: pass its id if several). */
    until(version: number, electionId?: string, ms = 5000) {
      return eventually(() => received.find((d) => d.version === version && (!electionId || d.electionId === electionId)), ms, `delta v${version}`);
    },
  };
}

import type { CompactDelta } from '../../shared/schemas/compact-delta.schema.ts';
import type { Delta } from '../../shared/schemas/snapshot.schema.ts';

/** A `delta` event as it arrives: compact, or in full when the compact form cannot say it (a desk call). */
type WireDelta = Delta | CompactDelta;

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
export function collectDeltas(socket: { on(event: 'delta', listener: (d: WireDelta) => void): unknown }) {
  const received: WireDelta[] = [];
  socket.on('delta', (d) => received.push(d));
  return {
    received,
    /** Waits until a delta with `version` arrived (deltas are per election: pass its id if several). */
    until(version: number, electionId?: string, ms = 5000) {
      return eventually(() => received.find((d) => d.version === version && (!electionId || d.electionId === electionId)), ms, `delta v${version}`);
    },
  };
}

/** The delta as a full one; fails the test when it arrived compact (a desk call's delta always goes in full). */
export function fullDelta(delta: WireDelta): Delta {
  if (!('candidates' in delta)) throw new Error(`delta v${delta.version} arrived compact, expected it in full`);
  return delta;
}

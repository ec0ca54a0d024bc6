/**
 * One clock for every process of a run. `process.hrtime` reads CLOCK_MONOTONIC, which on Linux is one
 * system-wide clock (nanosecond resolution, never stepped by NTP), so a stamp taken in the poster and
 * read in a subscriber process are directly comparable. `performance.now()` would not do: its origin
 * is per process.
 *
 * The stamp travels inside the payload itself (the bulletin's `source`, which every delta carries), so
 * the latency is measured on exactly what the subscriber parsed. It is zero-padded so that every
 * payload of a run has the same length, whichever target sends it.
 */

const PREFIX = 'bench t=';
const DIGITS = 20;

/** Nanoseconds on the shared monotonic clock (exact below 2^53 ns, about 104 days of uptime). */
export function nowNs(): number {
  return Number(process.hrtime.bigint());
}

/** The `source` text that carries a send time. */
export function stampSource(ns: number): string {
  return `${PREFIX}${Math.round(ns).toString().padStart(DIGITS, '0')}`;
}

/** The send time a `source` carries, or NaN when it carries none. */
export function readStamp(source: unknown): number {
  if (typeof source !== 'string' || !source.startsWith(PREFIX)) return Number.NaN;
  const digits = source.slice(PREFIX.length);
  return /^\d+$/.test(digits) ? Number(digits) : Number.NaN;
}

/** Microseconds from a stamp to `now`. */
export function latencyUs(stampNs: number, now: number = nowNs()): number {
  return (now - stampNs) / 1000;
}

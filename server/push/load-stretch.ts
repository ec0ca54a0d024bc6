import { performance, type EventLoopUtilization } from 'node:perf_hooks';

/** Event-loop utilisation above which conflation windows widen, and below which they narrow again. */
const BUSY_UTILISATION = 0.6;
const CALM_UTILISATION = 0.35;
/** Each sample widens (or narrows) the window by this factor. */
const STEP = 1.5;

export interface LoadStretchOptions {
  /** The window asked for (CONFLATE_MS): never narrower. */
  baseMs: number;
  /** The widest window load may lead to (CONFLATE_MAX_MS). */
  maxMs: number;
  /** How often the event loop's utilisation is sampled. */
  sampleMs?: number;
  /** The utilisation over the last sample, 0..1 (the real event loop's by default; tests give their own). */
  utilisation?: () => number;
}

/** The event loop's utilisation since the previous call (the first call: since this was made). */
function eventLoopUtilisation(): () => number {
  let last: EventLoopUtilization = performance.eventLoopUtilization();
  return () => {
    const now = performance.eventLoopUtilization();
    const delta = performance.eventLoopUtilization(now, last);
    last = now;
    return delta.utilization;
  };
}

/**
 * The conflation window under load: `baseMs` while the server is at ease; when its event loop is busy
 * more than `BUSY_UTILISATION` of the time (a push to 10,000 sockets costs about 0.2 s of CPU on a
 * small machine, so a room that big pushed every 200 ms would leave nothing for ingest), each sample
 * widens the window by half, up to `maxMs`; it narrows back the same way once the loop is calm. Readers
 * then get fewer, larger pushes (each still the exact combined change), never a missed one; `conflated:
 * false` subscribers (graphics) are not conflated and are not affected. Work per sample, nothing per push.
 */
export function createLoadStretch({ baseMs, maxMs, sampleMs = 250, utilisation = eventLoopUtilisation() }: LoadStretchOptions) {
  let windowMs = baseMs;
  const timer = maxMs > baseMs ? setInterval(() => sample(), sampleMs) : null;
  timer?.unref();
  function sample(): void {
    const busy = utilisation();
    if (busy > BUSY_UTILISATION) windowMs = Math.min(maxMs, windowMs * STEP);
    else if (busy < CALM_UTILISATION) windowMs = Math.max(baseMs, windowMs / STEP);
  }
  return {
    /** The window to open now. */
    windowMs: () => windowMs,
    /** Takes one sample now (for tests; the timer does it every `sampleMs`). */
    sample,
    close() {
      if (timer) clearInterval(timer);
    },
  };
}

import type { Delta } from '../../shared/schemas/snapshot.schema.ts';
import { conflate } from '../../shared/tally/conflate.ts';

interface Window {
  /** The combined change not sent yet. */
  pending: Delta | null;
  /** Running while the window is open; a delta arriving with no window open goes at once. */
  timer: ReturnType<typeof setTimeout>;
}

/**
 * At most one push per election per `windowMs` (fixed, or chosen as each window opens), carrying the
 * combined change since the last one.
 * Leading edge: the first delta after a quiet period goes at once and opens a window; deltas within
 * the window are conflated and sent when it closes, which opens the next one. A window that closes
 * with nothing pending ends the busy period. Deltas that cannot be combined (a new round, a gap, a new
 * epoch) send what is pending first, so order is always kept.
 */
export function createConflator(windowMs: number | (() => number), send: (delta: Delta) => void) {
  // A number, or the window to open now (widened under load: server/push/load-stretch.ts).
  const nextWindowMs = typeof windowMs === 'number' ? () => windowMs : windowMs;
  const windows = new Map<string, Window>();

  function open(electionId: string): Window {
    const window: Window = {
      pending: null,
      timer: setTimeout(() => close(electionId), nextWindowMs()),
    };
    windows.set(electionId, window);
    return window;
  }

  function close(electionId: string): void {
    const window = windows.get(electionId);
    windows.delete(electionId);
    if (!window?.pending) return;
    send(window.pending);
    open(electionId);
  }

  return {
    /** A committed delta, in version order for its election. */
    push(delta: Delta): void {
      const window = windows.get(delta.electionId);
      if (!window) {
        send(delta);
        open(delta.electionId);
        return;
      }
      const combined = window.pending ? conflate(window.pending, delta) : delta;
      if (combined) {
        window.pending = combined;
        return;
      }
      send(window.pending!);
      window.pending = delta;
    },

    /** Sends what is pending for one election now (before a snapshot replaces it, say). */
    flush(electionId: string): void {
      const window = windows.get(electionId);
      if (!window) return;
      clearTimeout(window.timer);
      windows.delete(electionId);
      if (window.pending) send(window.pending);
    },

    /** Sends everything pending and stops every timer (shutdown). */
    flushAll(): void {
      for (const electionId of [...windows.keys()]) this.flush(electionId);
    },
  };
}

export type Conflator = ReturnType<typeof createConflator>;

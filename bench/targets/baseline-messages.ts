/** The IPC contract between the bench driver and a baseline server (bare socket.io, raw ws). */

export type BaselineCommand =
  /** The snapshot the subscribe ack carries (Tallyroom's own, for the same bytes). */
  | { cmd: 'setup'; electionId: string; snapshot: unknown }
  /** Stamp `delta.source` with the send time and push it to the election's room; answers its version. */
  | { cmd: 'emit'; electionId: string; delta: Record<string, unknown> };

export interface BaselineHello {
  port: number;
}

/** The subscribe ack every target gives: the same shape and bytes as Tallyroom's (no catch-up asked). */
export function subscribeAnswer(snapshot: unknown) {
  return { ok: true, snapshot, missed: [], recovered: false };
}

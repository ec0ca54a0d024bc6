/**
 * What a subscriber can say about its link to the server. Times are epoch milliseconds.
 * - `connecting`: the first connection or subscription is under way; nothing shown yet may be live.
 * - `live`: connected and in sync: every accepted bulletin arrives as it is published.
 * - `reconnecting`: the link dropped at `since`; the next try is at `retryAt`. What is shown is as
 *   of the last update.
 * - `offline`: the link has been down for a while (or the browser says it is offline); still trying.
 */
export type ConnectionStatus =
  | { state: 'connecting'; since: number }
  | { state: 'live'; since: number }
  | { state: 'reconnecting' | 'offline'; since: number; attempt: number; retryAt: number | null; reason: string };

export type ConnectionState = ConnectionStatus['state'];

/** Whether two statuses would read the same to a person (so a listener is not called for nothing). */
export function sameStatus(a: ConnectionStatus, b: ConnectionStatus): boolean {
  if (a.state !== b.state || a.since !== b.since) return false;
  if (a.state === 'reconnecting' || a.state === 'offline') {
    const o = b as typeof a;
    return a.attempt === o.attempt && a.retryAt === o.retryAt && a.reason === o.reason;
  }
  return true;
}

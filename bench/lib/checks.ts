/**
 * The checks that make a run fail loudly instead of printing a fast number: every expected delivery
 * came exactly once, and every accepted bulletin is in the history exactly once. Pure.
 */

/** What the subscriber processes saw besides deltas, counted across all of them. */
export interface DeliveryCounts {
  subscribers: number;
  versions: number;
  delivered: number;
  missing: number;
  duplicates: number;
  unexpected: number;
  /** Sockets the server closed (or that failed) while being measured. */
  closedEarly: number;
  /** Frames that did not parse, or events other than `delta`. */
  protocolErrors: number;
}

/** Every reason these deliveries are not "each subscriber got each version exactly once". */
export function deliveryFailures(label: string, c: DeliveryCounts): string[] {
  const failures: string[] = [];
  const expected = c.subscribers * c.versions;
  if (c.delivered + c.missing !== expected) failures.push(`${label}: accounting mismatch: ${c.delivered} delivered + ${c.missing} missing != ${expected} expected`);
  if (c.missing > 0) failures.push(`${label}: ${c.missing} of ${expected} deliveries missing`);
  if (c.duplicates > 0) failures.push(`${label}: ${c.duplicates} deliveries duplicated`);
  if (c.unexpected > 0) failures.push(`${label}: ${c.unexpected} deltas of versions nobody posted`);
  if (c.closedEarly > 0) failures.push(`${label}: ${c.closedEarly} subscribers disconnected during the measurement`);
  if (c.protocolErrors > 0) failures.push(`${label}: ${c.protocolErrors} frames did not parse or were not deltas`);
  return failures;
}

/** One bulletin: as the 201 answer acknowledged it, or as the history lists it. */
export interface BulletinRef {
  id: string;
  version: number;
}

export interface HistoryCheck {
  accepted: number;
  listed: number;
  /** Accepted ids the history does not list. */
  missing: string[];
  /** Ids the history lists more than once. */
  duplicated: string[];
  /** Ids the history lists that no 201 answer acknowledged. */
  unacknowledged: string[];
  /** Ids listed at another version than the one their 201 answer gave. */
  wrongVersion: string[];
}

/** Compares what the server acknowledged with what its history lists. */
export function checkHistory(accepted: readonly BulletinRef[], listed: readonly BulletinRef[]): HistoryCheck {
  const acknowledged = new Map(accepted.map((b) => [b.id, b.version]));
  const seen = new Map<string, number>();
  const duplicated: string[] = [];
  const unacknowledged: string[] = [];
  const wrongVersion: string[] = [];
  for (const b of listed) {
    const times = (seen.get(b.id) ?? 0) + 1;
    seen.set(b.id, times);
    if (times === 2) duplicated.push(b.id);
    const version = acknowledged.get(b.id);
    if (version === undefined) unacknowledged.push(b.id);
    else if (version !== b.version && times === 1) wrongVersion.push(b.id);
  }
  const missing = accepted.filter((b) => !seen.has(b.id)).map((b) => b.id);
  return { accepted: accepted.length, listed: listed.length, missing, duplicated, unacknowledged, wrongVersion };
}

/** Every reason the history does not hold each accepted bulletin exactly once. */
export function historyFailures(label: string, h: HistoryCheck): string[] {
  const sample = (ids: string[]) => ids.slice(0, 3).join(', ') + (ids.length > 3 ? ', ...' : '');
  const failures: string[] = [];
  if (h.missing.length) failures.push(`${label}: ${h.missing.length} accepted bulletins missing from the history (${sample(h.missing)})`);
  if (h.duplicated.length) failures.push(`${label}: ${h.duplicated.length} bulletins listed twice (${sample(h.duplicated)})`);
  if (h.unacknowledged.length) failures.push(`${label}: ${h.unacknowledged.length} listed bulletins were never acknowledged (${sample(h.unacknowledged)})`);
  if (h.wrongVersion.length) failures.push(`${label}: ${h.wrongVersion.length} bulletins listed at another version than acknowledged (${sample(h.wrongVersion)})`);
  return failures;
}

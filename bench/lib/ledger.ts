/**
 * Every delivery a subscriber process sees, per subscriber and per version: how many times it came and
 * how late. Pure, so the accounting that decides whether a run lost or doubled a message is unit-tested.
 */

/** What one ledger (one subscriber process) counted. Latencies are in microseconds. */
export interface LedgerTally {
  subscribers: number;
  firstVersion: number;
  versions: number;
  /** Deliveries of an expected version, counted once each. */
  delivered: number;
  /** Expected (subscriber, version) pairs that never came. */
  missing: number;
  /** Deliveries beyond the first of the same version to the same subscriber. */
  duplicates: number;
  /** Deltas of a version outside the expected range. */
  unexpected: number;
  /** One latency per first delivery. */
  latencies: Float64Array;
  /** Per version, the latest and earliest first delivery (NaN when none came). */
  lastParse: Float64Array;
  firstParse: Float64Array;
}

/** Max and min where NaN means "nothing yet". */
const later = (a: number, b: number) => (Number.isNaN(a) ? b : Number.isNaN(b) ? a : Math.max(a, b));
const earlier = (a: number, b: number) => (Number.isNaN(a) ? b : Number.isNaN(b) ? a : Math.min(a, b));

export class DeliveryLedger {
  private readonly counts: Uint8Array;
  private readonly latency: Float32Array;
  private extra = 0;
  private unknown = 0;

  constructor(
    readonly subscribers: number,
    readonly firstVersion: number,
    readonly versions: number,
  ) {
    this.counts = new Uint8Array(subscribers * versions);
    this.latency = new Float32Array(subscribers * versions);
  }

  /** Records one delta received by `subscriber`. */
  record(subscriber: number, version: number, latencyUs: number): 'first' | 'duplicate' | 'unexpected' {
    const v = version - this.firstVersion;
    if (!Number.isInteger(v) || v < 0 || v >= this.versions || subscriber < 0 || subscriber >= this.subscribers) {
      this.unknown += 1;
      return 'unexpected';
    }
    const slot = subscriber * this.versions + v;
    if (this.counts[slot]! > 0) {
      this.extra += 1;
      if (this.counts[slot]! < 255) this.counts[slot]! += 1;
      return 'duplicate';
    }
    this.counts[slot] = 1;
    this.latency[slot] = latencyUs;
    return 'first';
  }

  /** Deliveries of expected versions so far (first ones only). */
  get delivered(): number {
    let n = 0;
    for (const c of this.counts) if (c > 0) n += 1;
    return n;
  }

  tally(): LedgerTally {
    const latencies = new Float64Array(this.counts.length);
    const lastParse = new Float64Array(this.versions).fill(Number.NaN);
    const firstParse = new Float64Array(this.versions).fill(Number.NaN);
    let delivered = 0;
    for (let slot = 0; slot < this.counts.length; slot++) {
      if (this.counts[slot] === 0) continue;
      const value = this.latency[slot]!;
      latencies[delivered++] = value;
      const v = slot % this.versions;
      lastParse[v] = later(lastParse[v]!, value);
      firstParse[v] = earlier(firstParse[v]!, value);
    }
    return {
      subscribers: this.subscribers,
      firstVersion: this.firstVersion,
      versions: this.versions,
      delivered,
      missing: this.counts.length - delivered,
      duplicates: this.extra,
      unexpected: this.unknown,
      latencies: latencies.slice(0, delivered),
      lastParse,
      firstParse,
    };
  }
}

/** Joins the tallies of several processes that watched the same versions. */
export function mergeTallies(tallies: readonly LedgerTally[]): LedgerTally {
  if (tallies.length === 0) throw new Error('no tally to merge');
  const { firstVersion, versions } = tallies[0]!;
  for (const t of tallies) {
    if (t.firstVersion !== firstVersion || t.versions !== versions) throw new Error('tallies of different version ranges cannot be merged');
  }
  const lastParse = new Float64Array(versions).fill(Number.NaN);
  const firstParse = new Float64Array(versions).fill(Number.NaN);
  for (const t of tallies) {
    for (let v = 0; v < versions; v++) {
      lastParse[v] = later(lastParse[v]!, t.lastParse[v]!);
      firstParse[v] = earlier(firstParse[v]!, t.firstParse[v]!);
    }
  }
  const sum = (key: 'subscribers' | 'delivered' | 'missing' | 'duplicates' | 'unexpected') => tallies.reduce((n, t) => n + t[key], 0);
  const latencies = new Float64Array(sum('delivered'));
  let at = 0;
  for (const t of tallies) {
    latencies.set(t.latencies, at);
    at += t.latencies.length;
  }
  return {
    subscribers: sum('subscribers'),
    firstVersion,
    versions,
    delivered: sum('delivered'),
    missing: sum('missing'),
    duplicates: sum('duplicates'),
    unexpected: sum('unexpected'),
    latencies,
    lastParse,
    firstParse,
  };
}

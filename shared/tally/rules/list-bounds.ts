import { apportion, divisor } from './apportion.ts';

/** What the bounds need of a list contest while counting. */
export interface ListCount {
  votes: Readonly<Record<string, number>>;
  seats: number;
  method: 'dhondt' | 'sainte-lague';
  /** The legal threshold in percent (0 for none) and the basis it is of. */
  threshold: number;
  /** The largest the basis can become (`basisAtMost`). */
  basisAtMost: number;
  /** The most the lists' votes can still grow in all (a single vote): also the most the basis grows. */
  toCome: number;
}

/** Certain of the threshold even if everything to come goes elsewhere. */
const surelyPasses = (c: ListCount, v: number) => v * 100 >= c.threshold * c.basisAtMost;
/** Could still pass the threshold, if everything to come went to it. */
const mayPass = (c: ListCount, v: number) => (v + c.toCome) * 100 >= c.threshold * c.basisAtMost;

/**
 * Whether list `id` keeps a k-th seat whatever comes: the other lists, with at most `toCome` more votes
 * among them, cannot make `seats − k + 1` quotients at or above its k-th (a tie counts as lost). The
 * cheapest quotients are bought first; taking them from a pool of every list's next ones can only
 * make them look cheaper than they are, so the answer errs towards "not kept".
 */
function keeps(c: ListCount, id: string, k: number): boolean {
  const vL = c.votes[id]!;
  const dK = divisor(c.method, k - 1);
  let need = c.seats - k + 1;
  const costs: number[] = [];
  for (const [other, v] of Object.entries(c.votes)) {
    if (other === id) continue;
    // Quotients v / d(m) at or above vL / dK, for m = 0, 1, ...: free while v · dK >= vL · d(m).
    let m = 0;
    while (m < need && v * dK >= vL * divisor(c.method, m)) m++;
    need -= m;
    if (need <= 0) return false;
    let spent = 0;
    for (let extra = 0; extra < need; extra++, m++) {
      const reach = Math.ceil((vL * divisor(c.method, m) - v * dK) / dK);
      if (reach > c.toCome) break;
      costs.push(reach - spent);
      spent = reach;
    }
  }
  if (costs.length < need) return true;
  costs.sort((a, b) => a - b);
  let sum = 0;
  for (let i = 0; i < need; i++) sum += costs[i]!;
  return sum > c.toCome;
}

/**
 * Each list's seats at the least and the most, whatever consistent bulletin comes next (highest-average
 * methods; the largest remainder is not monotone, so it has no such bound before the final count).
 * The least: sure of the threshold, and the largest k it `keeps`. The most: every vote to come for it,
 * against only the lists sure of the threshold.
 */
export function listSeatRanges(c: ListCount, current: Readonly<Record<string, number>>): Record<string, { low: number; high: number }> {
  const out: Record<string, { low: number; high: number }> = {};
  const sure = Object.keys(c.votes).filter((id) => surelyPasses(c, c.votes[id]!));
  for (const id of Object.keys(c.votes)) {
    let low = 0;
    if (sure.includes(id)) {
      let hi = current[id] ?? 0;
      while (low < hi) {
        const mid = Math.ceil((low + hi) / 2);
        if (keeps(c, id, mid)) low = mid;
        else hi = mid - 1;
      }
    }
    let high = 0;
    if (mayPass(c, c.votes[id]!)) {
      const rivals = Object.fromEntries(sure.filter((o) => o !== id).map((o) => [o, c.votes[o]!]));
      const best = apportion({ ...rivals, [id]: c.votes[id]! + c.toCome }, c.seats, c.method);
      // A tie for the last seats may go its way: count them as possible.
      high = best.seats[id]! + (best.tied.includes(id) ? best.open : 0);
    }
    out[id] = { low, high: Math.max(high, low) };
  }
  return out;
}

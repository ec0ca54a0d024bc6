import type { ListMethod } from '../../schemas/election.schema.ts';

/** Seats per list, and the lists tied for the seats no rule decides (left out of `seats`). */
export interface Apportionment {
  seats: Record<string, number>;
  /** Lists tied for the last seats: `open` seats are theirs to share by the law's tie-break. */
  tied: string[];
  open: number;
}

/** The divisor of a list's (k+1)-th seat: D'Hondt 1, 2, 3, ...; Sainte-Laguë 1, 3, 5, .... */
export const divisor = (method: 'dhondt' | 'sainte-lague', k: number): number => (method === 'dhondt' ? k + 1 : 2 * k + 1);

/** a/b against c/d for positive divisors, exactly (integers, no rounding): negative, 0 or positive. */
const compare = (a: number, b: number, c: number, d: number): number => a * d - c * b;

/**
 * Highest averages: the `seats` largest quotients votes / divisor(k) win a seat each. Quotients equal
 * to the last winning one, when more of them than seats remain, are a tie: those seats stay open.
 */
function highestAverages(votes: Readonly<Record<string, number>>, seats: number, method: 'dhondt' | 'sainte-lague'): Apportionment {
  const ids = Object.keys(votes).filter((id) => votes[id]! > 0);
  const out: Record<string, number> = Object.fromEntries(Object.keys(votes).map((id) => [id, 0]));
  if (ids.length === 0) return { seats: out, tied: [], open: seats };
  // Each list's next quotient; award the largest, one seat at a time (seats are at most 1,000).
  for (let given = 0; given < seats; given++) {
    let best: string[] = [];
    for (const id of ids) {
      const c = best[0] === undefined ? 1 : compare(votes[id]!, divisor(method, out[id]!), votes[best[0]]!, divisor(method, out[best[0]]!));
      if (c > 0) best = [id];
      else if (c === 0) best.push(id);
    }
    if (best.length > seats - given) return { seats: out, tied: best, open: seats - given };
    for (const id of best) out[id]!++;
    given += best.length - 1;
  }
  return { seats: out, tied: [], open: 0 };
}

/** Hare largest remainder: floor(v · S / V) each, the seats left to the largest remainders (exact integers). */
function largestRemainder(votes: Readonly<Record<string, number>>, seats: number): Apportionment {
  const ids = Object.keys(votes);
  const total = ids.reduce((s, id) => s + votes[id]!, 0);
  const out: Record<string, number> = Object.fromEntries(ids.map((id) => [id, 0]));
  if (total === 0) return { seats: out, tied: [], open: seats };
  const remainder = new Map<string, number>();
  for (const id of ids) {
    const product = votes[id]! * seats;
    out[id] = Math.floor(product / total);
    remainder.set(id, product - out[id]! * total);
  }
  let left = seats - ids.reduce((s, id) => s + out[id]!, 0);
  const order = ids.filter((id) => votes[id]! > 0).sort((a, b) => remainder.get(b)! - remainder.get(a)!);
  while (left > 0 && order.length > 0) {
    const edge = remainder.get(order[0]!)!;
    const same = order.filter((id) => remainder.get(id) === edge);
    if (same.length > left) return { seats: out, tied: same, open: left };
    for (const id of same) out[id]!++;
    left -= same.length;
    order.splice(0, same.length);
  }
  return { seats: out, tied: [], open: left };
}

/** `seats` among the lists of `votes` (already past the threshold) by `method`. */
export function apportion(votes: Readonly<Record<string, number>>, seats: number, method: ListMethod): Apportionment {
  return method === 'largest-remainder' ? largestRemainder(votes, seats) : highestAverages(votes, seats, method);
}

/**
 * With surplus-vote agreements (Israel): each pair whose lists both stand is apportioned as one list,
 * then its seats are split between the two by the same method; a tie inside a pair leaves its seats open too.
 */
export function apportionWithAgreements(votes: Readonly<Record<string, number>>, seats: number, method: ListMethod, agreements: ReadonlyArray<readonly [string, string]>): Apportionment {
  const pairs = agreements.filter(([a, b]) => a in votes && b in votes);
  if (pairs.length === 0) return apportion(votes, seats, method);
  const joined: Record<string, number> = { ...votes };
  const key = (i: number) => `agreement ${i}`;
  pairs.forEach(([a, b], i) => {
    joined[key(i)] = votes[a]! + votes[b]!;
    delete joined[a];
    delete joined[b];
  });
  const first = apportion(joined, seats, method);
  const out: Apportionment = { seats: {}, tied: [], open: first.open };
  for (const [id, n] of Object.entries(first.seats)) if (!id.startsWith('agreement ')) out.seats[id] = n;
  out.tied = first.tied.flatMap((id) => (id.startsWith('agreement ') ? [...pairs[Number(id.slice(10))]!] : [id]));
  pairs.forEach(([a, b], i) => {
    const split = apportion({ [a]: votes[a]!, [b]: votes[b]! }, first.seats[key(i)]!, method);
    Object.assign(out.seats, split.seats);
    out.tied.push(...split.tied);
    out.open += split.open;
  });
  return out;
}

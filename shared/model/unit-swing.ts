import type { Candidate } from '../schemas/election.schema.ts';
import type { Estimate } from '../schemas/model.schema.ts';
import type { UnitDefinition, UnitFigures } from '../schemas/units.schema.ts';
import { toEstimates, type RawEstimate } from './estimate.ts';
import { conformalQuantile, leaveOneOutMedians, median } from './stats.ts';

/** Below this many complete units the model says `too-early` instead of a number. */
export const MIN_REPORTING_UNITS = 10;

/** The ranges' coverage: 90 %. */
export const RANGE_LEVEL = 0.9;

export type UnitModelResult =
  | { kind: 'too-early'; reporting: number; total: number }
  | { kind: 'estimates'; estimates: Estimate[]; reporting: number; total: number };

/** Whether the unit-swing model applies: enough units, each with a baseline. */
export function unitModelApplies(units: readonly UnitDefinition[] | undefined): units is UnitDefinition[] {
  return units !== undefined && units.length >= MIN_REPORTING_UNITS && units.every((u) => u.baseline !== undefined);
}

/** A unit whose count is complete: final, or at 100 % of what it expects. */
export function isComplete(f: UnitFigures | undefined): boolean {
  if (!f) return false;
  return f.final === true || (f.percentExpected ?? 0) >= 100 || (f.ballotsCast !== undefined && f.ballotsCounted >= f.ballotsCast);
}

/** Shares (fractions) of each candidate in a record of votes keyed by id or party; null for a zero total. */
function shares(candidates: readonly Candidate[], votes: Readonly<Record<string, number>>, byParty: boolean): { shares: number[]; total: number } | null {
  let total = 0;
  for (const key in votes) total += votes[key]!;
  if (total <= 0) return null;
  const out: number[] = [];
  for (const c of candidates) out.push((votes[c.id] ?? (byParty && c.party !== undefined ? votes[c.party] : undefined) ?? 0) / total);
  return { shares: out, total };
}

interface Fit {
  /** Median swing per candidate (observed share minus baseline share). */
  swing: number[];
  /** Conformal half-width per candidate, in share. */
  q: number[];
  votesPerBallot: number;
  votesPerBaseline: number;
  /** Conformal relative half-width of a unit's size (candidates' total over baseline total). */
  qSize: number;
}

/** Leave-one-out absolute residuals against the median of the others. */
function looResiduals(values: readonly number[], relative = false): number[] {
  const loo = leaveOneOutMedians(values);
  return values.map((v, i) => Math.abs(v - loo[i]!) / (relative ? Math.abs(loo[i]!) || 1 : 1));
}

/** Median swings, conformal half-widths (leave-one-out residuals) and size ratios from complete units. */
function fit(candidates: readonly Candidate[], units: readonly UnitDefinition[], figures: Readonly<Record<string, UnitFigures>>): Fit {
  const rows = units.flatMap((u) => {
    const f = figures[u.id];
    const base = shares(candidates, u.baseline!, true);
    const seen = f && isComplete(f) ? shares(candidates, f.votes, false) : null;
    return f && base && seen ? [{ base, seen, ballots: f.ballotsCounted }] : [];
  });
  const swing: number[] = [];
  const q: number[] = [];
  candidates.forEach((_, j) => {
    const swings = rows.map((r) => r.seen.shares[j]! - r.base.shares[j]!);
    swing.push(median(swings));
    q.push(conformalQuantile(looResiduals(swings), RANGE_LEVEL));
  });
  const perBallot = median(rows.filter((r) => r.ballots > 0).map((r) => r.seen.total / r.ballots));
  const sizeRatios = rows.map((r) => r.seen.total / r.base.total);
  return {
    swing,
    q,
    votesPerBallot: Number.isFinite(perBallot) ? perBallot : 1,
    votesPerBaseline: median(sizeRatios),
    qSize: conformalQuantile(looResiduals(sizeRatios, true), RANGE_LEVEL),
  };
}

/** A unit's expected final candidates' total: its expected ballots, its percent expected, else its baseline's size. */
function expectedVotes(unit: UnitDefinition, f: UnitFigures | undefined, counted: number, model: Fit): number {
  const expectedBallots = f?.ballotsCast ?? unit.expectedBallots;
  let total: number;
  if (expectedBallots !== undefined) total = expectedBallots * model.votesPerBallot;
  else if (f?.percentExpected !== undefined && f.percentExpected > 0) total = counted / (f.percentExpected / 100);
  else total = Object.values(unit.baseline ?? {}).reduce((a, b) => a + b, 0) * model.votesPerBaseline;
  return Math.max(total, counted);
}

/** What one incomplete unit still adds: its remaining votes (point and range) and their predicted split. */
interface Pending {
  remaining: number;
  low: number;
  high: number;
  split: number[];
}

function pending(candidates: readonly Candidate[], unit: UnitDefinition, f: UnitFigures | undefined, countedTotal: number, model: Fit): Pending {
  const size = expectedVotes(unit, f, countedTotal, model);
  const base = shares(candidates, unit.baseline!, true)?.shares ?? candidates.map(() => 0);
  const predicted = base.map((b, j) => Math.min(1, Math.max(0, b + model.swing[j]!)));
  const sum = predicted.reduce((a, b) => a + b, 0);
  return {
    remaining: size - countedTotal,
    low: Math.max(0, size * (1 - model.qSize) - countedTotal),
    high: Math.max(0, size * (1 + model.qSize) - countedTotal),
    split: predicted.map((p) => (sum > 0 ? p / sum : 1 / candidates.length)),
  };
}

/**
 * A candidate's share range: each unit's split within ±q of the prediction, its size within its range,
 * at the end that pulls the share down (low) or up (high) -- a unit's errors are taken as fully
 * correlated with every other's, so the range is wide rather than falsely narrow.
 */
function shareRange(j: number, counted: { votes: number; total: number }, units: readonly Pending[], point: number, q: number): [number, number] {
  let lowNum = counted.votes, lowDen = counted.total, highNum = counted.votes, highDen = counted.total;
  for (const u of units) {
    const lo = Math.max(0, u.split[j]! - q);
    const hi = Math.min(1, u.split[j]! + q);
    // A unit below the share pulls it down more the bigger it is; above, the smaller the better.
    const sizeLow = lo < point ? u.high : u.low;
    const sizeHigh = hi > point ? u.high : u.low;
    lowNum += sizeLow * lo;
    lowDen += sizeLow;
    highNum += sizeHigh * hi;
    highDen += sizeHigh;
  }
  return [lowDen > 0 ? lowNum / lowDen : 0, highDen > 0 ? highNum / highDen : 1];
}

/**
 * The unit-swing model: each incomplete unit's remaining votes split like its baseline moved by the
 * median swing of the complete units; ranges from split-conformal half-widths on the complete units'
 * shares and sizes. Counted votes are kept as they are, so no projection falls below the count.
 */
export function unitSwingModel(candidates: readonly Candidate[], units: readonly UnitDefinition[], figures: Readonly<Record<string, UnitFigures>>): UnitModelResult {
  const reporting = units.filter((u) => isComplete(figures[u.id])).length;
  if (reporting < MIN_REPORTING_UNITS) return { kind: 'too-early', reporting, total: units.length };
  const model = fit(candidates, units, figures);
  const counted = candidates.map((c) => units.reduce((sum, u) => sum + (figures[u.id]?.votes[c.id] ?? 0), 0));
  const countedTotal = counted.reduce((a, b) => a + b, 0);
  const open = units.flatMap((u) => {
    const f = figures[u.id];
    if (isComplete(f)) return [];
    const unitCounted = candidates.reduce((sum, c) => sum + (f?.votes[c.id] ?? 0), 0);
    return [pending(candidates, u, f, unitCounted, model)];
  });
  const votes = counted.map((v, j) => v + open.reduce((sum, u) => sum + u.remaining * u.split[j]!, 0));
  const projectedTotal = votes.reduce((a, b) => a + b, 0);
  const raw: RawEstimate[] = candidates.map((c, j) => {
    const point = projectedTotal > 0 ? votes[j]! / projectedTotal : 0;
    const [low, high] = shareRange(j, { votes: counted[j]!, total: countedTotal }, open, point, model.q[j]!);
    return { id: c.id, votes: votes[j]!, low, high };
  });
  return { kind: 'estimates', estimates: toEstimates(raw), reporting, total: units.length };
}

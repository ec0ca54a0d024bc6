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
export function isComplete(f: UnitFigures | undefined): f is UnitFigures {
  if (!f) return false;
  return f.final === true || (f.percentExpected ?? 0) >= 100 || (f.ballotsCast !== undefined && f.ballotsCounted >= f.ballotsCast);
}

/** Shares (fractions) of each candidate in a record of votes keyed by id or party; null for a zero total. */
function shares(candidates: readonly Candidate[], votes: Readonly<Record<string, number>>, byParty: boolean): { shares: number[]; total: number } | null {
  const total = Object.values(votes).reduce((a, b) => a + b, 0);
  if (total <= 0) return null;
  const of = (c: Candidate) => votes[c.id] ?? (byParty && c.party !== undefined ? votes[c.party] : undefined) ?? 0;
  return { shares: candidates.map((c) => of(c) / total), total };
}

interface Fit {
  /** Median swing per candidate (observed share minus baseline share). */
  swing: number[];
  /** Conformal half-width per candidate, in share. */
  q: number[];
  votesPerBallot: number;
  votesPerBaseline: number;
}

/** Median swings, conformal half-widths (leave-one-out residuals) and size ratios from complete units. */
function fit(candidates: readonly Candidate[], units: readonly UnitDefinition[], figures: Readonly<Record<string, UnitFigures>>): Fit {
  const rows = units.flatMap((u) => {
    const f = figures[u.id];
    const base = shares(candidates, u.baseline!, true);
    const seen = isComplete(f) ? shares(candidates, f.votes, false) : null;
    return f && base && seen ? [{ base, seen, ballots: f.ballotsCounted }] : [];
  });
  const swing: number[] = [];
  const q: number[] = [];
  candidates.forEach((_, j) => {
    const swings = rows.map((r) => r.seen.shares[j]! - r.base.shares[j]!);
    const loo = leaveOneOutMedians(swings);
    swing.push(median(swings));
    q.push(conformalQuantile(swings.map((s, i) => Math.abs(s - loo[i]!)), RANGE_LEVEL));
  });
  const perBallot = median(rows.filter((r) => r.ballots > 0).map((r) => r.seen.total / r.ballots));
  return {
    swing,
    q,
    votesPerBallot: Number.isFinite(perBallot) ? perBallot : 1,
    votesPerBaseline: median(rows.map((r) => r.seen.total / r.base.total)),
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

/**
 * The unit-swing model: each incomplete unit's remaining votes split like its baseline moved by the
 * median swing of the complete units; ranges add each unit's conformal half-width (errors taken as
 * fully correlated across units: wide, never falsely narrow). Counted votes are kept as they are.
 */
export function unitSwingModel(candidates: readonly Candidate[], units: readonly UnitDefinition[], figures: Readonly<Record<string, UnitFigures>>): UnitModelResult {
  const reporting = units.filter((u) => isComplete(figures[u.id])).length;
  if (reporting < MIN_REPORTING_UNITS) return { kind: 'too-early', reporting, total: units.length };
  const model = fit(candidates, units, figures);
  const raw: RawEstimate[] = candidates.map((c) => ({ id: c.id, votes: 0, low: 0, high: 0 }));
  for (const unit of units) {
    const f = figures[unit.id];
    const counted = candidates.map((c) => f?.votes[c.id] ?? 0);
    const countedTotal = counted.reduce((a, b) => a + b, 0);
    counted.forEach((v, j) => {
      raw[j]!.votes += v;
      raw[j]!.low += v;
      raw[j]!.high += v;
    });
    if (isComplete(f)) continue;
    const remaining = expectedVotes(unit, f, countedTotal, model) - countedTotal;
    const base = shares(candidates, unit.baseline!, true)?.shares ?? candidates.map(() => 0);
    const predicted = base.map((b, j) => Math.min(1, Math.max(0, b + model.swing[j]!)));
    const sum = predicted.reduce((a, b) => a + b, 0);
    predicted.forEach((p, j) => {
      const share = sum > 0 ? p / sum : 1 / candidates.length;
      raw[j]!.votes += remaining * share;
      raw[j]!.low += remaining * Math.max(0, share - model.q[j]!);
      raw[j]!.high += remaining * Math.min(1, share + model.q[j]!);
    });
  }
  return { kind: 'estimates', estimates: toEstimates(raw), reporting, total: units.length };
}

import { BulletinSchema } from '../shared/schemas/bulletin.schema.ts';
import type { ElectionDefinition, Rule } from '../shared/schemas/election.schema.ts';
import type { Projection } from '../shared/schemas/snapshot.schema.ts';
import { initialState, type StoredElection } from '../shared/tally/election-state.ts';
import { evaluateBulletin } from '../shared/tally/evaluate-bulletin.ts';
import { seededRandom } from './generate.ts';
import type { ResultsFile, ResultsRow } from './results-file.ts';

/** The orders units are revealed in: a seeded shuffle, by size both ways, and region by region. */
export const REVEAL_ORDERS = ['random', 'largest-first', 'smallest-first', 'by-region'] as const;
export type RevealOrder = (typeof REVEAL_ORDERS)[number];

/** The shares of the count at which errors are reported, in percent of the final votes. */
export const CHECKPOINTS = [10, 25, 50, 75] as const;

export interface Checkpoint {
  /** The checkpoint (10, 25, 50, 75) and the share really counted when it was reached. */
  at: number;
  counted: number;
  unitsReporting: number;
  status: Projection['status'];
  /** Largest and mean absolute difference between projected and final shares, in points; null without estimates. */
  maxError: number | null;
  meanError: number | null;
}

export interface OrderReport {
  order: RevealOrder;
  checkpoints: Checkpoint[];
  /** Candidate-steps with a range, and how many contained the final share. */
  ranges: { checked: number; covered: number; rate: number | null };
  /** Steps whose `projected` (or `decided`) winner was not the final winner: must be 0. */
  wrongProjected: number;
  /** The share counted when `projected` (or better) was first said for the right winner, or null. */
  firstProjectedAt: number | null;
}

export interface BacktestReport {
  units: number;
  candidates: string[];
  winner: string;
  finalShares: Record<string, number>;
  orders: OrderReport[];
}

/** The definition a results file describes: its candidates and units, baselines included. */
export function definitionOf(file: ResultsFile, rule: Rule): ElectionDefinition {
  return {
    name: 'backtest',
    rule,
    candidates: file.candidates.map((id) => ({ id, name: id })),
    units: file.units.map((u) => ({ id: u.id, name: u.name, ...(u.region ? { region: u.region } : {}), baseline: u.baseline })),
  };
}

const total = (u: ResultsRow) => Object.values(u.votes).reduce((a, b) => a + b, 0);

/** The units in the order asked for; `random` is a seeded Fisher-Yates shuffle. */
export function revealOrder(units: readonly ResultsRow[], order: RevealOrder, seed: number): ResultsRow[] {
  const list = [...units];
  if (order === 'largest-first') return list.sort((a, b) => total(b) - total(a));
  if (order === 'smallest-first') return list.sort((a, b) => total(a) - total(b));
  if (order === 'by-region') return list.sort((a, b) => a.region.localeCompare(b.region));
  const random = seededRandom(seed);
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return list;
}

function errors(projection: Projection, finalShares: Record<string, number>): { max: number; mean: number } | null {
  if (!projection.estimates) return null;
  const diffs = projection.estimates.map((e) => Math.abs(e.share - finalShares[e.id]!));
  return { max: Math.max(...diffs), mean: diffs.reduce((a, b) => a + b, 0) / diffs.length };
}

/** Replays one reveal order: each unit arrives as one final bulletin, through `evaluateBulletin`. */
export function replayOrder(file: ResultsFile, rule: Rule, order: RevealOrder, seed: number, finalShares: Record<string, number>, winner: string): OrderReport {
  const grand = file.units.reduce((sum, u) => sum + total(u), 0);
  let stored: StoredElection = { electionId: 'backtest', definition: definitionOf(file, rule), state: initialState('backtest', new Date(0).toISOString()) };
  const report: OrderReport = { order, checkpoints: [], ranges: { checked: 0, covered: 0, rate: null }, wrongProjected: 0, firstProjectedAt: null };
  let counted = 0;
  let next = 0;
  for (const unit of revealOrder(file.units, order, seed)) {
    const bulletin = BulletinSchema.parse({ reportingUnit: unit.id, ballotsCounted: total(unit), votes: unit.votes, final: true });
    const result = evaluateBulletin(stored, bulletin, new Date(0));
    if (!result.ok) throw new Error(`unit ${unit.id} refused: ${result.problems.map((p) => p.message).join('; ')}`);
    stored = { ...stored, state: result.state };
    counted += total(unit);
    const share = (counted / grand) * 100;
    const p = result.delta.projection;
    for (const e of p.estimates ?? []) {
      report.ranges.checked += 1;
      if (finalShares[e.id]! >= e.low && finalShares[e.id]! <= e.high) report.ranges.covered += 1;
    }
    const says = p.status === 'projected' || p.status === 'decided' ? p.winner : undefined;
    if (says !== undefined && says !== winner) report.wrongProjected += 1;
    if (says === winner && report.firstProjectedAt === null) report.firstProjectedAt = Math.round(share * 10) / 10;
    while (next < CHECKPOINTS.length && share >= CHECKPOINTS[next]!) {
      const e = errors(p, finalShares);
      report.checkpoints.push({ at: CHECKPOINTS[next]!, counted: Math.round(share * 10) / 10, unitsReporting: p.unitsReporting ?? 0, status: p.status, maxError: e && round3(e.max), meanError: e && round3(e.mean) });
      next += 1;
    }
  }
  report.ranges.rate = report.ranges.checked === 0 ? null : round3(report.ranges.covered / report.ranges.checked);
  return report;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** Replays a complete results file in every reveal order and reports errors, coverage and wrong calls. */
export function backtest(file: ResultsFile, options: { rule?: Rule; seed?: number } = {}): BacktestReport {
  const rule = options.rule ?? { kind: 'plurality' };
  const totals = Object.fromEntries(file.candidates.map((c) => [c, file.units.reduce((s, u) => s + u.votes[c]!, 0)]));
  const grand = Object.values(totals).reduce((a, b) => a + b, 0);
  const finalShares = Object.fromEntries(file.candidates.map((c) => [c, round3((totals[c]! / grand) * 100)]));
  const winner = file.candidates.reduce((best, c) => (totals[c]! > totals[best]! ? c : best));
  const orders = REVEAL_ORDERS.map((order) => replayOrder(file, rule, order, options.seed ?? 1, finalShares, winner));
  return { units: file.units.length, candidates: file.candidates, winner, finalShares, orders };
}

import { ProjectionStatus } from '../shared/codes/projection-status.ts';
import { BulletinSchema, type BulletinInput } from '../shared/schemas/bulletin.schema.ts';
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

/** In `--steps 3`, the shares of its final votes at which each unit reports. */
export const STEP_FRACTIONS = [0.3, 0.7, 1] as const;

export interface Checkpoint {
  /** The checkpoint (10, 25, 50, 75) and the share really counted when it was reached. */
  at: number;
  counted: number;
  unitsReporting: number;
  status: Projection['status'];
  /** Largest and mean absolute difference between projected and final shares, in points; null without estimates. */
  maxError: number | null;
  meanError: number | null;
  /** The final winner's projected share minus its final share, in points (the Post's measure); null without estimates. */
  winnerError: number | null;
}

export interface OrderReport {
  order: RevealOrder;
  /** The seed of a random order (each random order of a report has its own). */
  seed?: number;
  /** Bulletins per unit: 1 (each unit once, final) or 3 (30, 70 and 100 % of its final votes). */
  steps: number;
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

/** The definition a results file describes: its candidates and units, baselines and features included. */
export function definitionOf(file: ResultsFile, rule: Rule): ElectionDefinition {
  return {
    name: 'backtest',
    rule,
    candidates: file.candidates.map((id) => ({ id, name: id })),
    units: file.units.map((u) => ({ id: u.id, name: u.name, ...(u.region ? { region: u.region } : {}), baseline: u.baseline, ...(u.features ? { features: u.features } : {}) })),
  };
}

const total = (u: ResultsRow) => Object.values(u.votes).reduce((a, b) => a + b, 0);

/**
 * The units in the order asked for; `random` is a seeded Fisher-Yates shuffle; `by-region` keeps the
 * file's order within a region (and is the file's order when it names no regions).
 */
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

/**
 * The bulletins of one replay. With one step, each unit once, final. With three, unit k of the order
 * reports 30 % of each candidate's final votes at slot k, 70 % at slot k + n/4 and its final figures at
 * slot k + n/2, so that the steps of different units interleave while the order still leads.
 */
export function revealSteps(ordered: readonly ResultsRow[], steps: 1 | 3): BulletinInput[] {
  const final = (u: ResultsRow): BulletinInput => ({ reportingUnit: u.id, ballotsCounted: total(u), votes: u.votes, final: true });
  if (steps === 1) return ordered.map(final);
  const lag = Math.max(1, Math.round(ordered.length / 4));
  const events = ordered.flatMap((u, k) =>
    STEP_FRACTIONS.map((f, s) => {
      if (f === 1) return { slot: k + s * lag, s, bulletin: final(u) };
      const votes = Object.fromEntries(Object.entries(u.votes).map(([c, v]) => [c, Math.floor(v * f)]));
      const counted = Object.values(votes).reduce((a, b) => a + b, 0);
      return { slot: k + s * lag, s, bulletin: { reportingUnit: u.id, ballotsCounted: counted, votes, percentExpected: f * 100 } };
    }),
  );
  return events.sort((a, b) => a.slot - b.slot || a.s - b.s).map((e) => e.bulletin);
}

function errors(projection: Projection, finalShares: Record<string, number>, winner: string): { max: number; mean: number; winner: number } | null {
  if (!projection.estimates) return null;
  const diffs = projection.estimates.map((e) => Math.abs(e.share - finalShares[e.id]!));
  const w = projection.estimates.find((e) => e.id === winner);
  return { max: Math.max(...diffs), mean: diffs.reduce((a, b) => a + b, 0) / diffs.length, winner: w ? w.share - finalShares[winner]! : Number.NaN };
}

export interface ReplayOptions {
  rule: Rule;
  order: RevealOrder;
  seed: number;
  steps: 1 | 3;
}

/** Replays one reveal order through `evaluateBulletin`, bulletin by bulletin, scoring every step. */
export function replayOrder(file: ResultsFile, options: ReplayOptions, finalShares: Record<string, number>, winner: string): OrderReport {
  const grand = file.units.reduce((sum, u) => sum + total(u), 0);
  let stored: StoredElection = { electionId: 'backtest', definition: definitionOf(file, options.rule), state: initialState('backtest', new Date(0).toISOString()) };
  const report: OrderReport = {
    order: options.order,
    ...(options.order === 'random' ? { seed: options.seed } : {}),
    steps: options.steps,
    checkpoints: [],
    ranges: { checked: 0, covered: 0, rate: null },
    wrongProjected: 0,
    firstProjectedAt: null,
  };
  const countedBy = new Map<string, number>();
  let counted = 0;
  let next = 0;
  for (const input of revealSteps(revealOrder(file.units, options.order, options.seed), options.steps)) {
    const result = evaluateBulletin(stored, BulletinSchema.parse(input), new Date(0));
    if (!result.ok) throw new Error(`unit ${input.reportingUnit} refused: ${result.problems.map((p) => p.message).join('; ')}`);
    stored = { ...stored, state: result.state };
    counted += input.ballotsCounted - (countedBy.get(input.reportingUnit!) ?? 0);
    countedBy.set(input.reportingUnit!, input.ballotsCounted);
    const share = (counted / grand) * 100;
    const p = result.delta.projection;
    for (const e of p.estimates ?? []) {
      report.ranges.checked += 1;
      if (finalShares[e.id]! >= e.low && finalShares[e.id]! <= e.high) report.ranges.covered += 1;
    }
    const says = p.status === ProjectionStatus.Projected || p.status === ProjectionStatus.Decided ? p.winner : undefined;
    if (says !== undefined && says !== winner) report.wrongProjected += 1;
    if (says === winner && report.firstProjectedAt === null) report.firstProjectedAt = round1(share);
    while (next < CHECKPOINTS.length && share >= CHECKPOINTS[next]!) {
      const e = errors(p, finalShares, winner);
      report.checkpoints.push({
        at: CHECKPOINTS[next]!,
        counted: round1(share),
        unitsReporting: p.unitsReporting ?? 0,
        status: p.status,
        maxError: e && round3(e.max),
        meanError: e && round3(e.mean),
        winnerError: e && round3(e.winner),
      });
      next += 1;
    }
  }
  report.ranges.rate = report.ranges.checked === 0 ? null : round3(report.ranges.covered / report.ranges.checked);
  return report;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const round3 = (x: number) => Math.round(x * 1000) / 1000;

export interface BacktestOptions {
  rule?: Rule;
  /** Seed of the first random order; random order i uses seed + i. */
  seed?: number;
  /** How many random orders (seeded shuffles) to replay: 1 by default. */
  randomOrders?: number;
  /** Bulletins per unit: 1 (final only) or 3 (30, 70, 100 %). */
  steps?: 1 | 3;
}

/** Replays a complete results file in every reveal order and reports errors, coverage and wrong calls. */
export function backtest(file: ResultsFile, options: BacktestOptions = {}): BacktestReport {
  const rule = options.rule ?? { kind: 'plurality' };
  const totals = Object.fromEntries(file.candidates.map((c) => [c, file.units.reduce((s, u) => s + u.votes[c]!, 0)]));
  const grand = Object.values(totals).reduce((a, b) => a + b, 0);
  const finalShares = Object.fromEntries(file.candidates.map((c) => [c, round3((totals[c]! / grand) * 100)]));
  const winner = file.candidates.reduce((best, c) => (totals[c]! > totals[best]! ? c : best));
  const seed = options.seed ?? 1;
  const steps = options.steps ?? 1;
  const runs = REVEAL_ORDERS.flatMap((order): { order: RevealOrder; seed: number }[] =>
    order === 'random' ? Array.from({ length: options.randomOrders ?? 1 }, (_, i) => ({ order, seed: seed + i })) : [{ order, seed }],
  );
  const orders = runs.map((r) => replayOrder(file, { rule, order: r.order, seed: r.seed, steps }, finalShares, winner));
  return { units: file.units.length, candidates: file.candidates, winner, finalShares, orders };
}

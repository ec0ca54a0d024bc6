import { CHECKPOINTS, REVEAL_ORDERS, type BacktestReport, type OrderReport, type RevealOrder } from './replay.ts';

/** One reveal order's figures, random orders averaged over their seeds. */
export interface OrderSummary {
  order: RevealOrder;
  runs: number;
  /** Mean over runs of the mean absolute share error (points) at each checkpoint; null where no run had estimates. */
  meanError: Record<number, number | null>;
  /** Mean over runs of the final winner's absolute share error (points) at each checkpoint. */
  winnerError: Record<number, number | null>;
  /** Candidate-steps whose range held the final share, pooled over runs. */
  coverage: number | null;
  wrongProjected: number;
  /** Mean share counted at the first right `projected`; runs that never projected count as 100. */
  firstProjectedAt: number | null;
  neverProjected: number;
}

export interface BacktestSummary {
  orders: OrderSummary[];
  /** Coverage pooled over every step of every run (random orders weigh as many runs as they are). */
  coverage: number | null;
  /** The four orders' coverages averaged, each order weighing the same: the issue's 85-95 % target. */
  coverageOverOrders: number | null;
  wrongProjected: number;
  /** The four orders' mean errors at 50 % counted, averaged (random orders first averaged over seeds). */
  meanErrorAt50OverOrders: number | null;
}

const mean = (xs: readonly number[]): number | null => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);
const round3 = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);

function summarizeOrder(order: RevealOrder, runs: readonly OrderReport[]): OrderSummary {
  const at = (key: 'meanError' | 'winnerError') =>
    Object.fromEntries(
      CHECKPOINTS.map((c) => {
        const values = runs.flatMap((r) => {
          const v = r.checkpoints.find((p) => p.at === c)?.[key];
          return v === null || v === undefined ? [] : [Math.abs(v)];
        });
        return [c, round3(mean(values))];
      }),
    );
  const checked = runs.reduce((s, r) => s + r.ranges.checked, 0);
  const covered = runs.reduce((s, r) => s + r.ranges.covered, 0);
  return {
    order,
    runs: runs.length,
    meanError: at('meanError'),
    winnerError: at('winnerError'),
    coverage: checked === 0 ? null : round3(covered / checked),
    wrongProjected: runs.reduce((s, r) => s + r.wrongProjected, 0),
    firstProjectedAt: round3(mean(runs.map((r) => r.firstProjectedAt ?? 100))),
    neverProjected: runs.filter((r) => r.firstProjectedAt === null).length,
  };
}

/** The report's figures by order and pooled: what docs/projection.md tabulates and the tests assert. */
export function summarize(report: BacktestReport): BacktestSummary {
  const orders = REVEAL_ORDERS.map((o) => summarizeOrder(o, report.orders.filter((r) => r.order === o)));
  const checked = report.orders.reduce((s, r) => s + r.ranges.checked, 0);
  const covered = report.orders.reduce((s, r) => s + r.ranges.covered, 0);
  const at50 = orders.map((o) => o.meanError[50]).filter((x): x is number => x !== null && x !== undefined);
  const byOrder = orders.map((o) => o.coverage).filter((x): x is number => x !== null);
  return {
    orders,
    coverage: checked === 0 ? null : round3(covered / checked),
    coverageOverOrders: byOrder.length === orders.length ? round3(mean(byOrder)) : null,
    wrongProjected: orders.reduce((s, o) => s + o.wrongProjected, 0),
    meanErrorAt50OverOrders: at50.length === orders.length ? round3(mean(at50)) : null,
  };
}

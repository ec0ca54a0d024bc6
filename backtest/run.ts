import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { backtest, type BacktestReport } from './replay.ts';
import { readResultsCsv } from './results-file.ts';
import { summarize, type BacktestSummary } from './summary.ts';

/**
 * `npm run backtest -- [file.csv] [--seed N] [--random N] [--steps 1|3] [--majority 50] [--json] [--detail]`:
 * docs/projection.md, "Backtest".
 */
const program = new Command('backtest')
  .argument('[file]', 'a complete results CSV (docs/projection.md)', new URL('./data/synthetic.csv', import.meta.url).pathname)
  .option('--seed <n>', 'seed of the first random reveal order', '1')
  .option('--random <n>', 'how many random reveal orders (seeds seed, seed + 1, ...)', '1')
  .option('--steps <n>', '1: each unit once, final; 3: each unit at 30, 70 and 100 % of its final votes', '1')
  .option('--majority <threshold>', 'use a majority rule with this threshold (percent) instead of plurality')
  .option('--detail', 'print every run, not only the summary by order')
  .option('--json', 'print the report and its summary as JSON')
  .parse();

const [file] = program.processedArgs as [string];
const options = program.opts<{ seed: string; random: string; steps: string; majority?: string; json?: boolean; detail?: boolean }>();
if (options.steps !== '1' && options.steps !== '3') throw new Error('--steps takes 1 or 3');
const report = backtest(readResultsCsv(readFileSync(file, 'utf8')), {
  seed: Number(options.seed),
  randomOrders: Number(options.random),
  steps: Number(options.steps) as 1 | 3,
  ...(options.majority ? { rule: { kind: 'majority' as const, threshold: Number(options.majority) } } : {}),
});
const summary = summarize(report);

const pct = (x: number | null) => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);
const pts = (x: number | null | undefined) => (x === null || x === undefined ? '-' : x.toFixed(2));

function printRuns(r: BacktestReport): void {
  for (const o of r.orders) {
    console.log(`\n${o.order}${o.seed !== undefined ? ` (seed ${o.seed})` : ''}: ranges held ${o.ranges.covered}/${o.ranges.checked} (${pct(o.ranges.rate)}), wrong projected ${o.wrongProjected}, first projected at ${o.firstProjectedAt ?? '-'}% counted`);
    for (const c of o.checkpoints) {
      console.log(`  ${String(c.at).padStart(2)}% (really ${c.counted}%, ${c.unitsReporting} units): ${c.status.padEnd(10)} max error ${c.maxError ?? '-'} pts, mean ${c.meanError ?? '-'} pts, winner ${c.winnerError ?? '-'} pts`);
    }
  }
}

function printSummary(s: BacktestSummary): void {
  console.log('\norder           runs  mean error at 10/25/50/75 % (pts)   winner error 25/50/75   ranges held  wrong  first projected');
  for (const o of s.orders) {
    const errs = [10, 25, 50, 75].map((c) => pts(o.meanError[c])).join(' / ');
    const win = [25, 50, 75].map((c) => pts(o.winnerError[c])).join(' / ');
    const never = o.neverProjected > 0 ? ` (${o.neverProjected} never)` : '';
    console.log(`${o.order.padEnd(15)} ${String(o.runs).padStart(4)}  ${errs.padEnd(34)} ${win.padEnd(23)} ${pct(o.coverage).padStart(11)}  ${String(o.wrongProjected).padStart(5)}  ${o.firstProjectedAt ?? '-'}%${never}`);
  }
  console.log(`pooled: ranges held ${pct(s.coverage)} (the four orders alike: ${pct(s.coverageOverOrders)}), wrong projected ${s.wrongProjected}, mean error at 50 % over the four orders ${pts(s.meanErrorAt50OverOrders)} pts`);
}

if (options.json) console.log(JSON.stringify({ report, summary }, null, 2));
else {
  console.log(`${report.units} units; final: ${Object.entries(report.finalShares).map(([c, s]) => `${c} ${s}%`).join(', ')}; winner ${report.winner}; ${options.steps} step(s) a unit`);
  if (options.detail) printRuns(report);
  printSummary(summary);
}
process.exitCode = report.orders.some((o) => o.wrongProjected > 0) ? 1 : 0;

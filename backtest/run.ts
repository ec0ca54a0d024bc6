import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { backtest, type BacktestReport } from './replay.ts';
import { readResultsCsv } from './results-file.ts';

/** `npm run backtest -- [file.csv] [--seed N] [--majority 50] [--json]`: docs/projection.md, "Backtest". */
const program = new Command('backtest')
  .argument('[file]', 'a complete results CSV (docs/projection.md)', new URL('./data/synthetic.csv', import.meta.url).pathname)
  .option('--seed <n>', 'seed of the random reveal order', '1')
  .option('--majority <threshold>', 'use a majority rule with this threshold (percent) instead of plurality')
  .option('--json', 'print the report as JSON')
  .parse();

const [file] = program.processedArgs as [string];
const options = program.opts<{ seed: string; majority?: string; json?: boolean }>();
const report = backtest(readResultsCsv(readFileSync(file, 'utf8')), {
  seed: Number(options.seed),
  ...(options.majority ? { rule: { kind: 'majority' as const, threshold: Number(options.majority) } } : {}),
});

function print(r: BacktestReport): void {
  console.log(`${r.units} units; final: ${Object.entries(r.finalShares).map(([c, s]) => `${c} ${s}%`).join(', ')}; winner ${r.winner}`);
  for (const o of r.orders) {
    console.log(`\n${o.order}: ranges held ${o.ranges.covered}/${o.ranges.checked} (${o.ranges.rate === null ? '-' : (o.ranges.rate * 100).toFixed(1)}%), wrong projected ${o.wrongProjected}, first projected at ${o.firstProjectedAt ?? '-'}% counted`);
    for (const c of o.checkpoints) {
      console.log(`  ${String(c.at).padStart(2)}% (really ${c.counted}%, ${c.unitsReporting} units): ${c.status.padEnd(10)} max error ${c.maxError ?? '-'} pts, mean ${c.meanError ?? '-'} pts`);
    }
  }
}

if (options.json) console.log(JSON.stringify(report, null, 2));
else print(report);
process.exitCode = report.orders.some((o) => o.wrongProjected > 0) ? 1 : 0;

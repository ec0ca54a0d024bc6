import { writeFileSync } from 'node:fs';
import { generateResults } from '../backtest/generate.ts';
import { writeResultsCsv } from '../backtest/results-file.ts';

/** Writes backtest/data/synthetic.csv: `generateResults(2026, 60 units, 5 regions)`, the shipped file. */
const out = new URL('../backtest/data/synthetic.csv', import.meta.url);
writeFileSync(out, writeResultsCsv(generateResults(2026)));
console.log(`wrote ${out.pathname}`);

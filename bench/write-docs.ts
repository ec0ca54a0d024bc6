/**
 * `npm run bench:docs -- bench/results/<run>.json`: writes a recorded run's tables and chart into
 * docs/benchmarks.md (the same as `npm run bench -- --write-docs` does at the end of a run).
 */
import { readFileSync } from 'node:fs';
import { writeDocs } from './lib/docs.ts';
import type { RunResult } from './lib/result.ts';

const file = process.argv[2];
if (!file) {
  console.error('usage: npm run bench:docs -- bench/results/<run>.json');
  process.exit(2);
}
const result = JSON.parse(readFileSync(file, 'utf8')) as RunResult;
if (result.format !== 1) {
  console.error(`${file} is not a bench result (format ${String(result.format)})`);
  process.exit(2);
}
console.log(writeDocs(result));

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chartSeries, latencyChart } from './chart.ts';
import { renderMarkdown } from './report.ts';
import type { RunResult } from './result.ts';

/** Writing a run into docs/benchmarks.md, between markers, leaving the rest of the page alone. */

export const RESULTS_START = '<!-- bench:results:start (written by `npm run bench -- --write-docs`; edit outside these markers) -->';
export const RESULTS_END = '<!-- bench:results:end -->';

const DOC = fileURLToPath(new URL('../../docs/benchmarks.md', import.meta.url));
const DOC_CHART = fileURLToPath(new URL('../../docs/benchmarks-latency.svg', import.meta.url));

/** Replaces what is between the markers (or appends the markers and the section when they are missing). Pure. */
export function spliceResults(doc: string, section: string): string {
  const start = doc.indexOf(RESULTS_START);
  const end = doc.indexOf(RESULTS_END);
  const block = `${RESULTS_START}\n\n${section.trim()}\n\n${RESULTS_END}`;
  if (start < 0 || end < start) return `${doc.trimEnd()}\n\n${block}\n`;
  return `${doc.slice(0, start)}${block}${doc.slice(end + RESULTS_END.length)}`;
}

export function renderChart(result: RunResult): string {
  return latencyChart(chartSeries(result), `Latency from send to parse: ${result.mode} run of ${result.startedAt.slice(0, 10)}`);
}

/** Writes a run's tables and chart into docs/benchmarks.md and docs/benchmarks-latency.svg. */
export function writeDocs(result: RunResult): string {
  writeFileSync(DOC_CHART, renderChart(result));
  const section = `### Run ${result.runId}\n\n${renderMarkdown(result)}\n\n![Latency against subscribers](benchmarks-latency.svg)`;
  writeFileSync(DOC, spliceResults(readFileSync(DOC, 'utf8'), section));
  return `wrote run ${result.runId} into docs/benchmarks.md and docs/benchmarks-latency.svg`;
}

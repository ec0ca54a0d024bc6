import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { definitionOf } from '../../backtest/replay.ts';
import { readResultsCsv, type ResultsRow } from '../../backtest/results-file.ts';
import { BulletinSchema } from '../../shared/schemas/bulletin.schema.ts';
import { initialState, type StoredElection } from '../../shared/tally/election-state.ts';
import { evaluateBulletin } from '../../shared/tally/evaluate-bulletin.ts';

/** What one bulletin costs on a large unit election: the model runs on every bulletin (issue 17: ≤ 20 ms at 5,000 units). */
export interface ModelMeasurement {
  units: number;
  features: number;
  regions: number;
  /** Units complete before the measured bulletins, and how many bulletins were timed. */
  completeBefore: number;
  bulletins: number;
  /** Milliseconds per `evaluateBulletin` (checks, tally, snapshot, model, delta). */
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** How many of the measured bulletins had covariates in the fit (all, once enough units are in). */
  withCovariates: number;
  failures: string[];
}

const UNITS = 5_000;
const COMPLETE_BEFORE = 3_000;
const MEASURED = 40;
const WARMUP = 10;

/**
 * The 2016 national night by county (backtest/data/us-2016.csv: 3,115 counties, 7 census features,
 * regions = states) grown to 5,000 units with copies of its counties, so the fit sees real covariates.
 */
function bigNight(): ResultsRow[] {
  const file = readResultsCsv(readFileSync(new URL('../../backtest/data/us-2016.csv', import.meta.url), 'utf8'));
  const rows = [...file.units];
  for (let i = 0; rows.length < UNITS; i++) rows.push({ ...file.units[i % file.units.length]!, id: `${file.units[i % file.units.length]!.id}-b` });
  return rows;
}

/** In process, no server: pure code is what the model costs, and the ingest phases measure the rest. */
export function measureModel(log: (line: string) => void): ModelMeasurement {
  log(`model: ${UNITS} units, ${COMPLETE_BEFORE} complete, then ${MEASURED} unit bulletins timed`);
  const units = bigNight();
  const file = { candidates: ['dem', 'rep', 'other'], baselineKeys: ['dem', 'rep', 'other'], featureNames: Object.keys(units[0]!.features ?? {}), units };
  let stored: StoredElection = { electionId: 'bench-model', definition: definitionOf(file, { kind: 'plurality' }), state: initialState('bench-model', new Date(0).toISOString()) };
  const failures: string[] = [];
  const times: number[] = [];
  let withCovariates = 0;
  const total = (u: ResultsRow) => Object.values(u.votes).reduce((a, b) => a + b, 0);
  units.slice(0, COMPLETE_BEFORE + WARMUP + MEASURED).forEach((u, i) => {
    const bulletin = BulletinSchema.parse({ reportingUnit: u.id, ballotsCounted: total(u), votes: u.votes, final: true });
    const started = performance.now();
    const result = evaluateBulletin(stored, bulletin, new Date(0));
    const elapsed = performance.now() - started;
    if (!result.ok) {
      failures.push(`unit ${u.id} refused: ${result.problems.map((p) => p.message).join('; ')}`);
      return;
    }
    stored = { ...stored, state: result.state };
    if (i < COMPLETE_BEFORE + WARMUP) return;
    times.push(elapsed);
    if (result.delta.projection.covariates) withCovariates += 1;
  });
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => Math.round((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN) * 100) / 100;
  const measurement = { units: UNITS, features: file.featureNames.length, regions: new Set(units.map((u) => u.region)).size, completeBefore: COMPLETE_BEFORE, bulletins: times.length, p50Ms: at(0.5), p95Ms: at(0.95), maxMs: at(1), withCovariates, failures };
  log(`model: p50 ${measurement.p50Ms} ms, p95 ${measurement.p95Ms} ms, max ${measurement.maxMs} ms a bulletin`);
  return measurement;
}

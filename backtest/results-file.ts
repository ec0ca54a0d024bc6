import { parse } from 'csv-parse/sync';

/**
 * A complete results file, one reporting unit a row. Columns: `id`, `name`, optional `region`, then
 * `votes_<candidate id>` (final votes) for every candidate, `baseline_<candidate id or party>` (a prior
 * comparable result) for every baseline key, and optional `feature_<name>` (a numeric covariate of the
 * unit, e.g. a census share) for every feature. Extra columns are refused, so a typo is an error.
 */
export interface ResultsFile {
  candidates: string[];
  baselineKeys: string[];
  /** Names of the `feature_<name>` columns, in column order (empty when the file has none). */
  featureNames: string[];
  units: ResultsRow[];
}

export interface ResultsRow {
  id: string;
  name: string;
  region: string;
  votes: Record<string, number>;
  baseline: Record<string, number>;
  /** The unit's covariates by name; absent when the file has no feature columns. */
  features?: Record<string, number>;
}

function count(value: string, where: string): number {
  if (!/^\d+$/.test(value.trim())) throw new Error(`${where}: "${value}" is not a whole number of votes`);
  return Number(value);
}

function numeric(value: string, where: string): number {
  const x = value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(x)) throw new Error(`${where}: "${value}" is not a number`);
  return x;
}

const columnsOf = (header: readonly string[], prefix: string) => header.filter((h) => h.startsWith(prefix)).map((h) => h.slice(prefix.length));

/** Reads a results CSV (see `ResultsFile`); throws with the row and column at fault. */
export function readResultsCsv(text: string): ResultsFile {
  const rows: Record<string, string>[] = parse(text, { columns: true, skip_empty_lines: true, trim: true });
  const header = Object.keys(rows[0] ?? {});
  const candidates = columnsOf(header, 'votes_');
  const baselineKeys = columnsOf(header, 'baseline_');
  const featureNames = columnsOf(header, 'feature_');
  const known = (h: string) => ['id', 'name', 'region'].includes(h) || ['votes_', 'baseline_', 'feature_'].some((p) => h.startsWith(p));
  const unknown = header.filter((h) => !known(h));
  if (!header.includes('id') || !header.includes('name')) throw new Error('the header needs "id" and "name" columns');
  if (candidates.length < 2) throw new Error('the header needs at least two votes_<candidate> columns');
  if (unknown.length > 0) throw new Error(`unknown columns: ${unknown.join(', ')}`);
  const units = rows.map((row, i): ResultsRow => {
    const where = (column: string) => `row ${i + 2}, column ${column}`;
    return {
      id: row.id!,
      name: row.name!,
      region: row.region ?? '',
      votes: Object.fromEntries(candidates.map((c) => [c, count(row[`votes_${c}`]!, where(`votes_${c}`))])),
      baseline: Object.fromEntries(baselineKeys.map((k) => [k, count(row[`baseline_${k}`]!, where(`baseline_${k}`))])),
      ...(featureNames.length > 0 ? { features: Object.fromEntries(featureNames.map((f) => [f, numeric(row[`feature_${f}`]!, where(`feature_${f}`))])) } : {}),
    };
  });
  return { candidates, baselineKeys, featureNames, units };
}

/** A CSV field: quoted when it holds a comma, a quote or a line break (county names can). */
const field = (value: string | number | undefined): string => {
  const s = String(value ?? '');
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** Writes rows in the same shape (the generator's and the real-data builder's output). */
export function writeResultsCsv(file: ResultsFile): string {
  const features = file.featureNames;
  const header = ['id', 'name', 'region', ...file.candidates.map((c) => `votes_${c}`), ...file.baselineKeys.map((k) => `baseline_${k}`), ...features.map((f) => `feature_${f}`)];
  const lines = file.units.map((u) =>
    [u.id, u.name, u.region, ...file.candidates.map((c) => u.votes[c]), ...file.baselineKeys.map((k) => u.baseline[k]), ...features.map((f) => u.features?.[f])].map(field).join(','),
  );
  return `${[header.join(','), ...lines].join('\n')}\n`;
}

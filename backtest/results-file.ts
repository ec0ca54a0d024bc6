import { parse } from 'csv-parse/sync';

/**
 * A complete results file, one reporting unit a row. Columns: `id`, `name`, optional `region`, then
 * `votes_<candidate id>` (final votes) for every candidate and `baseline_<candidate id or party>`
 * (a prior comparable result) for every baseline key. Extra columns are refused, so a typo is an error.
 */
export interface ResultsFile {
  candidates: string[];
  baselineKeys: string[];
  units: ResultsRow[];
}

export interface ResultsRow {
  id: string;
  name: string;
  region: string;
  votes: Record<string, number>;
  baseline: Record<string, number>;
}

function count(value: string, where: string): number {
  if (!/^\d+$/.test(value.trim())) throw new Error(`${where}: "${value}" is not a whole number of votes`);
  return Number(value);
}

/** Reads a results CSV (see `ResultsFile`); throws with the row and column at fault. */
export function readResultsCsv(text: string): ResultsFile {
  const rows: Record<string, string>[] = parse(text, { columns: true, skip_empty_lines: true, trim: true });
  const header = Object.keys(rows[0] ?? {});
  const candidates = header.filter((h) => h.startsWith('votes_')).map((h) => h.slice('votes_'.length));
  const baselineKeys = header.filter((h) => h.startsWith('baseline_')).map((h) => h.slice('baseline_'.length));
  const unknown = header.filter((h) => !['id', 'name', 'region'].includes(h) && !h.startsWith('votes_') && !h.startsWith('baseline_'));
  if (!header.includes('id') || !header.includes('name')) throw new Error('the header needs "id" and "name" columns');
  if (candidates.length < 2) throw new Error('the header needs at least two votes_<candidate> columns');
  if (unknown.length > 0) throw new Error(`unknown columns: ${unknown.join(', ')}`);
  const units = rows.map((row, i) => {
    const where = (column: string) => `row ${i + 2}, column ${column}`;
    return {
      id: row.id!,
      name: row.name!,
      region: row.region ?? '',
      votes: Object.fromEntries(candidates.map((c) => [c, count(row[`votes_${c}`]!, where(`votes_${c}`))])),
      baseline: Object.fromEntries(baselineKeys.map((k) => [k, count(row[`baseline_${k}`]!, where(`baseline_${k}`))])),
    };
  });
  return { candidates, baselineKeys, units };
}

/** Writes rows in the same shape (the generator's output). */
export function writeResultsCsv(file: ResultsFile): string {
  const header = ['id', 'name', 'region', ...file.candidates.map((c) => `votes_${c}`), ...file.baselineKeys.map((k) => `baseline_${k}`)];
  const lines = file.units.map((u) => [u.id, u.name, u.region, ...file.candidates.map((c) => u.votes[c]), ...file.baselineKeys.map((k) => u.baseline[k])].join(','));
  return `${[header.join(','), ...lines].join('\n')}\n`;
}

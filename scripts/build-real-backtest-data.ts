import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { writeResultsCsv, type ResultsFile, type ResultsRow } from '../backtest/results-file.ts';

/**
 * Rebuilds the real backtest nights in backtest/data/ from their public sources (backtest/data/README.md
 * says where each comes from, its licence, and this transformation):
 *
 *   node --import tsx scripts/build-real-backtest-data.ts <countypres_2000-2016.csv> <county_facts.csv>
 *
 * Each night is one state's presidential result by county, with the previous presidential election
 * in the same county as its baseline, three parties (dem, rep, other = every other candidate) and the
 * county's census covariates (published before the election) as features. Counties missing from
 * either year or from the census table are left out and counted.
 */

interface Night {
  file: string;
  year: number;
  baselineYear: number;
  /** A state's postal code, or null for every state (the national file, regions = states). */
  state: string | null;
}

const NIGHTS: Night[] = [
  { file: 'ia-2016.csv', year: 2016, baselineYear: 2012, state: 'IA' },
  { file: 'pa-2016.csv', year: 2016, baselineYear: 2012, state: 'PA' },
  { file: 'ga-2016.csv', year: 2016, baselineYear: 2012, state: 'GA' },
  { file: 'nc-2012.csv', year: 2012, baselineYear: 2008, state: 'NC' },
  { file: 'va-2016.csv', year: 2016, baselineYear: 2012, state: 'VA' },
  { file: 'us-2016.csv', year: 2016, baselineYear: 2012, state: null },
];

/** Census QuickFacts columns taken as features, and how each is scaled (docs: backtest/data/README.md). */
const FEATURES: Record<string, (row: Record<string, string>) => number> = {
  bachelors: (r) => Number(r.EDU685213), // % of people 25+ with a bachelor's degree or more, 2009-2013
  white: (r) => Number(r.RHI825214), // % white alone, not Hispanic or Latino, 2014
  black: (r) => Number(r.RHI225214), // % Black or African American alone, 2014
  hispanic: (r) => Number(r.RHI725214), // % Hispanic or Latino, 2014
  age65: (r) => Number(r.AGE775214), // % aged 65 and over, 2014
  income: (r) => Number(r.INC110213) / 1000, // median household income, 2009-2013, thousands of dollars
  density: (r) => Math.log10(Math.max(0.1, Number(r.POP060210))), // log10 people per square mile, 2010
};

type Votes = Record<'dem' | 'rep' | 'other', number>;

interface County {
  state: string;
  name: string;
  byYear: Map<number, Votes>;
}

function readCounties(path: string): Map<string, County> {
  const rows: Record<string, string>[] = parse(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true });
  const counties = new Map<string, County>();
  for (const r of rows) {
    if (r.FIPS === 'NA' || r.candidatevotes === 'NA') continue;
    const fips = r.FIPS!.padStart(5, '0');
    const county = counties.get(fips) ?? { state: r.state_po!, name: r.county!, byYear: new Map() };
    counties.set(fips, county);
    const year = Number(r.year);
    const votes = county.byYear.get(year) ?? { dem: 0, rep: 0, other: 0 };
    const party = r.party === 'democrat' ? 'dem' : r.party === 'republican' ? 'rep' : 'other';
    votes[party] += Number(r.candidatevotes);
    county.byYear.set(year, votes);
  }
  return counties;
}

function readFacts(path: string): Map<string, Record<string, number>> {
  const rows: Record<string, string>[] = parse(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true, record_delimiter: ['\r\n', '\n', '\r'] });
  const facts = new Map<string, Record<string, number>>();
  for (const r of rows) {
    const features = Object.fromEntries(Object.entries(FEATURES).map(([name, f]) => [name, Math.round(f(r) * 1000) / 1000]));
    if (Object.values(features).every(Number.isFinite)) facts.set(r.fips!.padStart(5, '0'), features);
  }
  return facts;
}

function build(night: Night, counties: Map<string, County>, facts: Map<string, Record<string, number>>): { file: ResultsFile; dropped: string[] } {
  const units: ResultsRow[] = [];
  const dropped: string[] = [];
  for (const [fips, c] of [...counties].sort(([a], [b]) => a.localeCompare(b))) {
    if (night.state !== null && c.state !== night.state) continue;
    const votes = c.byYear.get(night.year);
    const baseline = c.byYear.get(night.baselineYear);
    const features = facts.get(fips);
    if (!votes || !baseline || !features || votes.dem + votes.rep === 0 || baseline.dem + baseline.rep === 0) {
      dropped.push(`${fips} ${c.name}`);
      continue;
    }
    units.push({ id: fips, name: c.name, region: night.state === null ? c.state : '', votes, baseline, features });
  }
  return { file: { candidates: ['dem', 'rep', 'other'], baselineKeys: ['dem', 'rep', 'other'], featureNames: Object.keys(FEATURES), units }, dropped };
}

const [presPath, factsPath] = process.argv.slice(2);
if (!presPath || !factsPath) throw new Error('usage: build-real-backtest-data.ts <countypres_2000-2016.csv> <county_facts.csv>');
const counties = readCounties(presPath);
const facts = readFacts(factsPath);
for (const night of NIGHTS) {
  const { file, dropped } = build(night, counties, facts);
  const out = new URL(`../backtest/data/${night.file}`, import.meta.url);
  writeFileSync(out, writeResultsCsv(file));
  console.log(`${night.file}: ${file.units.length} units, ${dropped.length} left out${dropped.length ? ` (${dropped.slice(0, 8).join(', ')}${dropped.length > 8 ? ', ...' : ''})` : ''}`);
}

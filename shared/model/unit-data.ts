import type { Candidate } from '../schemas/election.schema.ts';
import type { UnitDefinition, UnitFigures } from '../schemas/units.schema.ts';

/**
 * What the model needs of the definition, computed once per definition (candidates and units are the
 * same objects from bulletin to bulletin, so a WeakMap keeps this off the per-bulletin path).
 */
export interface UnitFrame {
  units: readonly UnitDefinition[];
  k: number;
  /** Baseline shares, unit-major: `baseShares[u * k + c]` (zeros for a unit whose baseline has no votes). */
  baseShares: Float64Array;
  /** Baseline totals (votes of every key), and their mean over the units with any. */
  baseTotals: Float64Array;
  meanSize: number;
  /** Standardised features, unit-major `features[u * f + j]`; f = 0 when not every unit gives them all. */
  features: Float64Array;
  f: number;
  /** Region index per unit (-1 without a region), and how many regions. */
  region: Int32Array;
  regions: number;
  /** The unit's fold for cross-fitting (0-2), from its id, so a unit keeps its fold all night. */
  fold: Uint8Array;
  /** A hash of the unit's id: the order in which large training sets are sampled. */
  rank: Uint32Array;
  /**
   * What the ranges compare between counted and uncounted units, standardised over all units,
   * unit-major `descriptors[u * d + j]`: log baseline size, each candidate's baseline share, the features.
   */
  descriptors: Float64Array;
  d: number;
}

const frames = new WeakMap<readonly UnitDefinition[], { key: string; frame: UnitFrame }>();

/**
 * The definition's frame, memoised per units object and the candidates' ids and parties (a round's
 * candidate list is rebuilt per call, its content is what matters).
 */
export function unitFrame(candidates: readonly Candidate[], units: readonly UnitDefinition[]): UnitFrame {
  const key = candidates.map((c) => `${c.id}\u0000${c.party ?? ''}`).join('\u0001');
  const hit = frames.get(units);
  if (hit && hit.key === key) return hit.frame;
  const frame = buildFrame(candidates, units);
  frames.set(units, { key, frame });
  return frame;
}

/** Feature names every unit gives (the model uses a feature only when no unit lacks it), sorted. */
function commonFeatures(units: readonly UnitDefinition[]): string[] {
  const first = units[0]?.features;
  if (!first) return [];
  return Object.keys(first)
    .filter((name) => units.every((u) => u.features?.[name] !== undefined))
    .sort();
}

function buildFrame(candidates: readonly Candidate[], units: readonly UnitDefinition[]): UnitFrame {
  const k = candidates.length;
  const n = units.length;
  const baseShares = new Float64Array(n * k);
  const baseTotals = new Float64Array(n);
  units.forEach((u, i) => {
    const baseline = u.baseline ?? {};
    let total = 0;
    for (const key in baseline) total += baseline[key]!;
    baseTotals[i] = total;
    if (total <= 0) return;
    candidates.forEach((c, j) => {
      baseShares[i * k + j] = (baseline[c.id] ?? (c.party !== undefined ? baseline[c.party] : undefined) ?? 0) / total;
    });
  });
  const names = commonFeatures(units).filter((name) => spread(units, name) > 0);
  const f = names.length;
  const features = new Float64Array(n * f);
  names.forEach((name, j) => standardise(units.map((u) => u.features![name]!)).forEach((v, i) => (features[i * f + j] = v)));
  const regionIds = new Map<string, number>();
  const region = Int32Array.from(units, (u) => {
    if (u.region === undefined) return -1;
    if (!regionIds.has(u.region)) regionIds.set(u.region, regionIds.size);
    return regionIds.get(u.region)!;
  });
  const columns = [Array.from(baseTotals, (t) => Math.log(Math.max(1, t))), ...candidates.map((_, j) => Array.from({ length: n }, (_, i) => baseShares[i * k + j]!))];
  const d = columns.length + f;
  const descriptors = new Float64Array(n * d);
  columns.map(standardise).forEach((col, j) => col.forEach((v, i) => (descriptors[i * d + j] = v)));
  for (let i = 0; i < n; i++) for (let j = 0; j < f; j++) descriptors[i * d + columns.length + j] = features[i * f + j]!;
  const sized = baseTotals.filter((t) => t > 0);
  const meanSize = sized.length > 0 ? sized.reduce((a, b) => a + b, 0) / sized.length : 1;
  return { units, k, baseShares, baseTotals, meanSize, features, f, region, regions: regionIds.size, fold: Uint8Array.from(units, (u) => hash(u.id) % 3), rank: Uint32Array.from(units, (u) => hash(u.id)), descriptors, d };
}

/** (v - mean) / sd, or zeros for a constant column. */
function standardise(values: number[]): number[] {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  return values.map((v) => (sd > 0 ? (v - mean) / sd : 0));
}

function spread(units: readonly UnitDefinition[], name: string): number {
  const values = units.map((u) => u.features![name]!);
  return Math.max(...values) - Math.min(...values);
}

/** FNV-1a: a unit's fold must not depend on the order units are listed or report in. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** A unit whose count is complete: final, or at 100 % of what it expects, or at its announced cast figure. */
export function isComplete(f: UnitFigures | undefined): boolean {
  if (!f) return false;
  return f.final === true || (f.percentExpected ?? 0) >= 100 || (f.ballotsCast !== undefined && f.ballotsCounted >= f.ballotsCast);
}

/** A unit's counted votes by candidate (in the frame's candidate order) and their total. */
export function countedVotes(candidates: readonly Candidate[], f: UnitFigures | undefined): { votes: Float64Array; total: number } {
  const votes = new Float64Array(candidates.length);
  let total = 0;
  if (f) candidates.forEach((c, j) => (total += votes[j] = f.votes[c.id] ?? 0));
  return { votes, total };
}

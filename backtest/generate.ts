import type { ResultsFile } from './results-file.ts';

/** mulberry32: a small, well-known seeded PRNG, so a generated file is the same on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Box-Muller). */
function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/**
 * A synthetic results night: `units` units in `regions` regions, three candidates. The stated
 * generator: each unit's baseline size is log-uniform in [5,000, 300,000] votes; baseline shares are
 * a regional lean (normal, sd 6 points) around 46/42/12, plus unit noise (sd 4 points). The final result
 * moves by a national swing (+3 points to `a` from `b`), a regional swing (sd 2 points) and unit noise
 * (sd 1.5 points); turnout changes by a factor normal(1.05, 0.08).
 */
export function generateResults(seed: number, units = 60, regions = 5): ResultsFile {
  const random = seededRandom(seed);
  const lean = Array.from({ length: regions }, () => normal(random) * 0.06);
  const regionSwing = Array.from({ length: regions }, () => normal(random) * 0.02);
  const rows = Array.from({ length: units }, (_, i) => {
    const region = i % regions;
    const size = Math.round(5000 * Math.exp(random() * Math.log(60)));
    const a0 = 0.46 + lean[region]! + normal(random) * 0.04;
    const c0 = Math.max(0.02, 0.12 + normal(random) * 0.02);
    const shares0 = [a0, 1 - a0 - c0, c0].map((s) => Math.max(0.01, s));
    const swing = 0.03 + regionSwing[region]! + normal(random) * 0.015;
    const shares1 = [shares0[0]! + swing, shares0[1]! - swing, shares0[2]!].map((s) => Math.max(0.01, s));
    const turnout = Math.max(0.5, 1.05 + normal(random) * 0.08);
    const norm = (s: number[]) => s.map((x) => x / s.reduce((p, q) => p + q, 0));
    const [b0, b1] = [norm(shares0), norm(shares1)];
    return {
      id: `u${String(i + 1).padStart(3, '0')}`,
      name: `Unit ${i + 1}`,
      region: `r${region + 1}`,
      votes: { a: Math.round(size * turnout * b1[0]!), b: Math.round(size * turnout * b1[1]!), c: Math.round(size * turnout * b1[2]!) },
      baseline: { a: Math.round(size * b0[0]!), b: Math.round(size * b0[1]!), c: Math.round(size * b0[2]!) },
    };
  });
  return { candidates: ['a', 'b', 'c'], baselineKeys: ['a', 'b', 'c'], featureNames: [], units: rows };
}

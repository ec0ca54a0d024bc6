import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../backtest/generate.ts';
import { checkLoss, choleskySolve, quantileRegression, residuals, type Design } from '../../shared/model/quantile-regression.ts';
import { weightedConformalQuantile, weightedMedian, weightedQuantile } from '../../shared/model/weighted.ts';

/** A design with an intercept and `p - 1` columns from the generator's values. */
function design(rows: number[][]): Design {
  const n = rows.length;
  const p = rows[0]!.length + 1;
  const x = new Float64Array(n * p);
  rows.forEach((row, i) => {
    x[i * p] = 1;
    row.forEach((v, j) => (x[i * p + j + 1] = v));
  });
  return { n, p, x };
}

/** Values on a grid of 0.1 in [-10, 10]: real spreads, no subnormal near-duplicates. */
const value = fc.integer({ min: -100, max: 100 }).map((i) => i / 10);
const weight = fc.double({ min: 0.1, max: 10, noNaN: true });

describe('weighted order statistics', () => {
  it('the weighted median with equal weights is the median; a weight is like repeating the value', () => {
    expect(weightedMedian([3, 1, 2], [1, 1, 1])).toBe(2);
    expect(weightedMedian([4, 1, 3, 2], [1, 1, 1, 1])).toBe(2.5);
    // 1 three times, 5 once: the median of [1, 1, 1, 5].
    expect(weightedMedian([1, 5], [3, 1])).toBe(1);
    expect(weightedQuantile([10, 20, 30, 40], [1, 1, 1, 1], 0.9)).toBe(40);
  });

  it('minimises the weighted absolute deviation, for any values and weights', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(value, weight), { minLength: 1, maxLength: 30 }), (pairs) => {
        const v = pairs.map((p) => p[0]);
        const w = pairs.map((p) => p[1]);
        const m = weightedMedian(v, w);
        const loss = (c: number) => v.reduce((s, x, i) => s + w[i]! * Math.abs(x - c), 0);
        for (const c of v) expect(loss(m)).toBeLessThanOrEqual(loss(c) + 1e-9);
      }),
    );
  });

  it('the conformal quantile with equal weights is the ceil((n + 1) 0.9)-th smallest, infinite below 9 scores', () => {
    const ones = (n: number) => Array.from({ length: n }, () => 1);
    expect(weightedConformalQuantile([1, 2, 3, 4, 5, 6, 7, 8], ones(8), 0.9, 1)).toBe(Number.POSITIVE_INFINITY);
    expect(weightedConformalQuantile([9, 1, 2, 3, 4, 5, 6, 7, 8], ones(9), 0.9, 1)).toBe(9);
    const scores = Array.from({ length: 19 }, (_, i) => i + 1);
    expect(weightedConformalQuantile(scores, ones(19), 0.9, 1)).toBe(18);
  });

  it('covers 90 % of new exchangeable points, whatever the distribution (simulated, known truth)', () => {
    let covered = 0;
    const trials = 2000;
    const random = seededRandom(17);
    for (let t = 0; t < trials; t++) {
      // A heavy-tailed score: the ratio of two uniforms.
      const draw = () => Math.abs((random() - 0.5) / (random() + 0.01));
      const scores = Array.from({ length: 20 }, draw);
      if (draw() <= weightedConformalQuantile(scores, scores.map(() => 1), 0.9, 1)) covered += 1;
    }
    // Exact finite-sample coverage is ceil(21 * 0.9) / 21 = 0.905; 2,000 trials put 3 sd at 2 points.
    expect(covered / trials).toBeGreaterThan(0.88);
    expect(covered / trials).toBeLessThan(0.93);
  });
});

describe('weighted median regression', () => {
  it('solves a positive definite system by Cholesky', () => {
    const a = Float64Array.of(4, 2, 2, 3);
    const x = choleskySolve(a, Float64Array.of(2, 1), 2);
    expect(4 * x[0]! + 2 * x[1]!).toBeCloseTo(2, 10);
    expect(2 * x[0]! + 3 * x[1]!).toBeCloseTo(1, 10);
  });

  it('recovers exact coefficients when the data lie on a plane, despite 20 % wild outliers', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(value, value), { minLength: 30, maxLength: 60 }), fc.tuple(value, value, value), (xs, [b0, b1, b2]) => {
        const d = design(xs.map(([a, b]) => [a, b]));
        const y = xs.map(([a, b], i) => b0 + b1 * a + b2 * b + (i % 5 === 0 ? 1000 * (i % 2 === 0 ? 1 : -1) : 0));
        fc.pre(new Set(xs.map(([a]) => a)).size > 5 && new Set(xs.map(([, b]) => b)).size > 5);
        const beta = quantileRegression(d, y, y.map(() => 1), { iterations: 200, epsilon: 1e-9, tolerance: 1e-12 });
        expect(beta[0]!).toBeCloseTo(b0, 2);
        expect(beta[1]!).toBeCloseTo(b1, 2);
        expect(beta[2]!).toBeCloseTo(b2, 2);
      }),
      { numRuns: 30 },
    );
  });

  it('with an intercept alone is the weighted median', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(value, weight), { minLength: 3, maxLength: 40 }), (pairs) => {
        const y = pairs.map((p) => p[0]);
        const w = pairs.map((p) => p[1]);
        const d: Design = { n: y.length, p: 1, x: new Float64Array(y.length).fill(1) };
        const beta = quantileRegression(d, y, w, { iterations: 300, epsilon: 1e-10, tolerance: 1e-13 });
        const loss = (c: number) => checkLoss(y.map((v) => v - c), w);
        // Not always the same point (a flat stretch of the loss), and IRLS closes in on a kink only
        // slowly: within a loss of 1e-4 per unit of weight, i.e. the fit within about 1e-4 of an optimum
        // (a share's last published decimal is 1e-5 of a share, its error bars 1e-2).
        const slack = 1e-4 * w.reduce((a, b) => a + b, 0);
        expect(loss(beta[0]!)).toBeLessThanOrEqual(loss(weightedMedian(y, w)) + slack);
      }),
    );
  });

  it('no small move of the coefficients lowers the weighted check loss (it is the optimum), at any quantile', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(value, value, weight), { minLength: 10, maxLength: 40 }), fc.double({ min: 0.1, max: 0.9, noNaN: true }), (rows, tau) => {
        const d = design(rows.map(([a]) => [a]));
        const y = rows.map(([, b]) => b);
        const w = rows.map(([, , ww]) => ww);
        const beta = quantileRegression(d, y, w, { tau, iterations: 300, epsilon: 1e-10, tolerance: 1e-13 });
        const at = (b: ArrayLike<number>) => checkLoss(residuals(d, y, b), w, tau);
        const best = at(beta);
        for (const [i, step] of [[0, 1e-3], [0, -1e-3], [1, 1e-3], [1, -1e-3]] as const) {
          const moved = Float64Array.from(beta);
          moved[i]! += step;
          expect(best).toBeLessThanOrEqual(at(moved) + 1e-4 * w.reduce((a, b) => a + b, 0));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('a pull moves covariate coefficients towards 0 and leaves the intercept free', () => {
    const xs = Array.from({ length: 40 }, (_, i) => [(i % 7) - 3]);
    const y = xs.map(([a]) => 2 + 0.5 * a!);
    const free = quantileRegression(design(xs), y, y.map(() => 1));
    const pulled = quantileRegression(design(xs), y, y.map(() => 1), { ridge: { units: 40, from: 1 } });
    expect(free[1]!).toBeCloseTo(0.5, 4);
    expect(Math.abs(pulled[1]!)).toBeLessThan(0.4);
    expect(pulled[0]!).toBeCloseTo(2, 1);
  });
});

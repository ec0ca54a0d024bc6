import { describe, expect, it } from 'vitest';
import { concatSamples, percentile, ratio, summarise } from '../../bench/lib/stats.ts';

describe('percentile (nearest rank)', () => {
  const hundred = Float64Array.from({ length: 100 }, (_, i) => i + 1);

  it('is the smallest value with at least p % of the samples at or below it', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 99.5)).toBe(100);
    expect(percentile(hundred, 1)).toBe(1);
  });

  it('gives the extremes at 0 and 100, and the only value of one sample', () => {
    expect(percentile(hundred, 0)).toBe(1);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
  });

  it('never interpolates: the p99 of ten samples is the largest', () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 1000], 99)).toBe(1000);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 1000], 90)).toBe(9);
  });

  it('is NaN without samples and refuses a percentage outside 0-100', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile(hundred, 101)).toThrow(RangeError);
    expect(() => percentile(hundred, Number.NaN)).toThrow(RangeError);
  });
});

describe('summarise', () => {
  it('sorts numerically (not as strings) and summarises', () => {
    const s = summarise([10, 9, 100, 1, 2]);
    expect(s).toEqual({ count: 5, min: 1, mean: 24.4, p50: 9, p90: 100, p99: 100, max: 100 });
  });

  it('leaves its input as it was', () => {
    const input = [3, 1, 2];
    summarise(input);
    expect(input).toEqual([3, 1, 2]);
  });

  it('has a count of 0 and NaN figures without samples', () => {
    const s = summarise([]);
    expect(s.count).toBe(0);
    expect([s.min, s.mean, s.p50, s.p99, s.max].every(Number.isNaN)).toBe(true);
  });
});

describe('concatSamples and ratio', () => {
  it('joins sample arrays in order', () => {
    expect([...concatSamples([Float64Array.of(1, 2), [3], new Float64Array(0), Float32Array.of(4.5)])]).toEqual([1, 2, 3, 4.5]);
  });

  it('takes a ratio only when both sides are real and the divisor is not zero', () => {
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(3, 0)).toBeNull();
    expect(ratio(undefined, 2)).toBeNull();
    expect(ratio(3, null)).toBeNull();
    expect(ratio(Number.NaN, 2)).toBeNull();
  });
});

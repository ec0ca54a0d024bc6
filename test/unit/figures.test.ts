import { describe, expect, it } from 'vitest';
import { formatCount, percent, percentChange, percentCounted } from '../../shared/tally/figures.ts';

describe('percent', () => {
  it('gives a percentage with 3 decimals', () => {
    expect(percent(14_619_000, 25_180_407)).toBe(58.057);
    expect(percent(1, 3)).toBe(33.333);
  });
  it('is null for an empty whole', () => {
    expect(percent(5, 0)).toBeNull();
  });
});

describe('percentCounted', () => {
  it('rounds down, never overstating progress', () => {
    expect(percentCounted(25_000_000, 40_000_000, false)).toBe(62.5);
    expect(percentCounted(99_999_999, 100_000_000, false)).toBe(99.999);
    expect(percentCounted(2, 3, false)).toBe(66.666);
  });
  it('caps at 100 when rounded counts exceed the expected total', () => {
    expect(percentCounted(41_000_000, 40_000_000, false)).toBe(100);
  });
  it('is 100 for a final count and null without an expected total', () => {
    expect(percentCounted(3, 40, true)).toBe(100);
    expect(percentCounted(3, null, false)).toBeNull();
  });
});

describe('percentChange', () => {
  it('has no floating-point dust', () => {
    expect(percentChange(0.3, 0.1)).toBe(0.2);
    expect(percentChange(58.057, 59.14)).toBe(-1.083);
  });
});

describe('formatCount', () => {
  it('groups thousands', () => {
    expect(formatCount(25_180_407)).toBe('25,180,407');
  });
});

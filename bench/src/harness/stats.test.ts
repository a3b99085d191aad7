import { describe, expect, it } from 'vitest';
import { maximum, median, pairedRatio, percentile, spread } from './stats.js';

describe('bench statistics', () => {
  it('takes medians of odd and even lists', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
  });

  it('summarises a series as median with min and max, even a very long one', () => {
    expect(spread([5, 1, 9])).toEqual({ median: 5, min: 1, max: 9 });
    const long = Array.from({ length: 500_000 }, (_, index) => index);
    expect(maximum(long)).toBe(499_999);
  });

  it('pairs ratios round by round, so drift that hits both series cancels', () => {
    // Round 2 ran slow for both (e.g. the CPU was throttled): per-round ratios stay 2×.
    expect(pairedRatio([2, 20, 4], [1, 10, 2])).toEqual({ median: 2, min: 2, max: 2 });
  });
});

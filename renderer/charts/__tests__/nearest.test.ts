import { describe, expect, it } from 'vitest';
import { isAscending, nearestIndex } from '../nearest';

describe('nearestIndex', () => {
  it('finds the closest x by binary search', () => {
    const xs = [0, 10, 20, 30];
    expect(nearestIndex(xs, 14)).toBe(1);
    expect(nearestIndex(xs, 16)).toBe(2);
    expect(nearestIndex(xs, -5)).toBe(0);
    expect(nearestIndex(xs, 99)).toBe(3);
    expect(nearestIndex(xs, 20)).toBe(2);
  });

  it('gives ties to the earlier point', () => {
    expect(nearestIndex([0, 10], 5)).toBe(0);
  });

  it('returns -1 for an empty line or a NaN x', () => {
    expect(nearestIndex([], 3)).toBe(-1);
    expect(nearestIndex([1, 2], NaN)).toBe(-1);
  });

  it('scans linearly when the xs are not ascending', () => {
    const xs = [0, 50, 10, 60];
    expect(isAscending(xs)).toBe(false);
    expect(nearestIndex(xs, 12, false)).toBe(2);
  });

  it('agrees with a linear scan on a long line', () => {
    const xs = Float64Array.from({ length: 1500 }, (_, i) => i * 10 + (i % 7));
    expect(isAscending(xs)).toBe(true);
    for (const x of [-1, 0, 7.3, 1000.5, 2222, 5000]) {
      expect(Math.abs(xs[nearestIndex(xs, x)] - x)).toBe(Math.abs(xs[nearestIndex(xs, x, false)] - x));
    }
  });
});

import { describe, expect, it } from 'vitest';
import { m4Indices } from '../../shared/math/m4';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('M4 downsampling', () => {
  it('returns the whole series when it fits', () => {
    expect(m4Indices([0, 1, 2], [5, 6, 7], 4)).toEqual([0, 1, 2]);
  });

  it('keeps each column’s first, last, minimum and maximum: exact output on a known series', () => {
    // 16 points, 8 points budget -> 2 columns of 8 steps each: [0..7] and [8..15].
    const ys = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3];
    // Column 1: first 0, min 1 (value 1, first of the two), max 5 (9), last 7.
    // Column 2: first 8, min 9 (value 3, before 15), max 12 (9, first of three), last 15.
    expect(m4Indices(range(16), ys, 8)).toEqual([0, 1, 5, 7, 8, 9, 12, 15]);
  });

  it('keeps a lone spike in a million points, and the global first and last', () => {
    const n = 1_000_000;
    const xs = new Float64Array(n);
    const ys = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      xs[i] = i;
      ys[i] = Math.sin(i / 1000);
    }
    ys[654_321] = 1e6;
    ys[123_456] = -1e6;
    const kept = m4Indices(xs, ys, 1500);
    expect(kept.length).toBeLessThanOrEqual(1500);
    expect(kept).toContain(654_321);
    expect(kept).toContain(123_456);
    expect(kept[0]).toBe(0);
    expect(kept[kept.length - 1]).toBe(n - 1);
    expect([...kept].sort((a, b) => a - b)).toEqual(kept);
    expect(new Set(kept).size).toBe(kept.length);
  });

  it('lets no NaN win a minimum or maximum', () => {
    // One column: first 0, minimum 4 (the first 0), maximum 2 (5), last 7 (NaN: a diverged end stays).
    expect(m4Indices(range(8), [1, NaN, 5, 2, 0, 0, 0, NaN], 4)).toEqual([0, 2, 4, 7]);
  });

  it('keeps infinities as extremes', () => {
    const ys = [0, 1, Infinity, 2, -Infinity, 3, 4, 5, 6, 7];
    const kept = m4Indices(range(10), ys, 4);
    expect(kept).toContain(2);
    expect(kept).toContain(4);
  });
});

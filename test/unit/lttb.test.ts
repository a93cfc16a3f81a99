import { describe, expect, it } from 'vitest';
import { lttbIndices } from '../../shared/math/lttb';

describe('lttbIndices', () => {
  it('keeps everything when under the threshold', () => {
    expect(lttbIndices([0, 1, 2], [1, 2, 3], 10)).toEqual([0, 1, 2]);
  });

  it('keeps the first, the last and the peak', () => {
    expect(lttbIndices([0, 1, 2, 3], [0, 5, 0, 0], 3)).toEqual([0, 1, 3]);
  });

  it('returns exactly threshold ascending indices and keeps spikes', () => {
    const n = 10_000;
    const xs = Array.from({ length: n }, (_, i) => i);
    const ys = xs.map((x) => Math.sin(x / 100) + (x === 5_000 ? 50 : 0));
    const kept = lttbIndices(xs, ys, 500);
    expect(kept).toHaveLength(500);
    expect(kept.every((value, i) => i === 0 || value > kept[i - 1])).toBe(true);
    expect(kept).toContain(5_000);
  });

  it('skips NaN when choosing points', () => {
    const kept = lttbIndices([0, 1, 2, 3, 4], [0, NaN, 3, NaN, 0], 3);
    expect(kept).toEqual([0, 2, 4]);
  });
});

import { describe, expect, it } from 'vitest';
import { smoothSeries } from '../../shared/math/smoothing';

describe('smoothSeries (TensorBoard debiased EMA)', () => {
  it('follows the formula on a hand-computed series', () => {
    // w = 0.6, last starts at 0:
    // y=1: last = 0.4            ; out = 0.4 / (1 - 0.6)     = 1
    // y=2: last = 0.24 + 0.8 = 1.04 ; out = 1.04 / (1 - 0.36) = 1.625
    // y=3: last = 0.624 + 1.2 = 1.824 ; out = 1.824 / (1 - 0.216) = 2.326530612…
    const out = smoothSeries([1, 2, 3], 0.6);
    expect(out[0]).toBeCloseTo(1, 12);
    expect(out[1]).toBeCloseTo(1.625, 12);
    expect(out[2]).toBeCloseTo(1.824 / 0.784, 12);
  });

  it('leaves a constant series constant (the debiasing removes the pull to 0)', () => {
    expect(Array.from(smoothSeries([5, 5, 5, 5], 0.9)).every((v) => Math.abs(v - 5) < 1e-12)).toBe(true);
  });

  it('returns the values unchanged at weight 0', () => {
    const values = [3, 1, 4, 1, 5];
    const out = smoothSeries(values, 0);
    expect(Array.from(out)).toEqual(values);
    expect(out).toBeInstanceOf(Float64Array);
  });

  it('passes NaN and ±Infinity through without feeding the average', () => {
    const out = smoothSeries([1, NaN, Infinity, 2, -Infinity, 3], 0.6);
    expect(out[1]).toBeNaN();
    expect(out[2]).toBe(Infinity);
    expect(out[4]).toBe(-Infinity);
    // The finite values smooth as if the others were not there: [1, 2, 3].
    const reference = smoothSeries([1, 2, 3], 0.6);
    expect(out[0]).toBeCloseTo(reference[0], 12);
    expect(out[3]).toBeCloseTo(reference[1], 12);
    expect(out[5]).toBeCloseTo(reference[2], 12);
  });

  it('handles an empty series', () => {
    expect(smoothSeries([], 0.6)).toHaveLength(0);
  });
});

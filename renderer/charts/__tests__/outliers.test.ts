import { describe, expect, it } from 'vitest';
import { outlierDomain, quantileSorted } from '../outliers';

describe('outlierDomain', () => {
  it('matches numpy.percentile (linear) for the quantiles', () => {
    // numpy.percentile(range(101), [5, 95]) -> [5., 95.]; of [1,2,3,4] at 25% -> 1.75
    expect(quantileSorted(Float64Array.from({ length: 101 }, (_, i) => i), 0.05)).toBeCloseTo(5, 12);
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75, 12);
  });

  it('clips to the 5th–95th percentile padded by 10%', () => {
    const values = Array.from({ length: 101 }, (_, i) => i);
    values.push(1e9); // one spike
    const [lo, hi] = outlierDomain([values]) ?? [NaN, NaN];
    expect(hi).toBeLessThan(200);
    expect(lo).toBeLessThan(5.05);
    expect(hi - lo).toBeCloseTo((quantileSortedOf(values, 0.95) - quantileSortedOf(values, 0.05)) * 1.2, 6);
  });

  it('ignores NaN and ±Infinity, and is null with nothing finite', () => {
    expect(outlierDomain([[NaN, Infinity, -Infinity]])).toBeNull();
    expect(outlierDomain([[1, NaN, 1]])).toEqual([0.9, 1.1]);
  });

  it('uses only positive values, in log space, for a log axis', () => {
    const domain = outlierDomain([[-1, 0, 10, 10]], true);
    expect(domain).not.toBeNull();
    expect(domain?.[0]).toBeGreaterThan(0);
    expect(domain?.[0]).toBeLessThan(10);
    expect(domain?.[1]).toBeGreaterThan(10);
  });
});

function quantileSortedOf(values: number[], p: number): number {
  return quantileSorted(Float64Array.from(values).sort(), p);
}

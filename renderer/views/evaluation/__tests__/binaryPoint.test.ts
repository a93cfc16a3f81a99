import { describe, expect, it } from 'vitest';
import { meanCost, operatingPoint } from '../binaryPoint';

describe('the operating point on each chart', () => {
  it('reads rates from the counts', () => {
    const p = operatingPoint({ truePositives: 3, falsePositives: 1, trueNegatives: 5, falseNegatives: 1 });
    expect(p.falsePositiveRate).toBeCloseTo(1 / 6, 12);
    expect(p.truePositiveRate).toBe(0.75);
    expect(p.precision).toBe(0.75);
    expect(p.population).toBe(0.4);
    expect(p.lift).toBeCloseTo(0.75 / 0.4, 12);
  });

  it('gives NaN, never 0, where a rate has no denominator', () => {
    const p = operatingPoint({ truePositives: 0, falsePositives: 0, trueNegatives: 4, falseNegatives: 2 });
    expect(p.precision).toBeNaN();
    expect(p.population).toBe(0);
    expect(p.lift).toBeNaN();
    expect(operatingPoint({ truePositives: 0, falsePositives: 0, trueNegatives: 0, falseNegatives: 0 }).falsePositiveRate).toBeNaN();
  });

  it('costs errors per row, minus the benefit of true positives', () => {
    const counts = { truePositives: 2, falsePositives: 1, trueNegatives: 5, falseNegatives: 2 };
    expect(meanCost(counts, { falsePositiveCost: 1, falseNegativeCost: 5, truePositiveBenefit: 0.5 })).toBeCloseTo((1 + 10 - 1) / 10, 12);
  });
});

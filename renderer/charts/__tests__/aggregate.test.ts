import { describe, expect, it } from 'vitest';
import { aggregateByStep } from '../aggregate';

describe('aggregateByStep', () => {
  it('takes the union of steps and, at each, the runs that logged it', () => {
    const stats = aggregateByStep([
      { steps: [0, 1], xs: [0, 1], values: [1, 2] },
      { steps: [1, 2], xs: [1, 2], values: [4, 6] },
    ]);
    expect(Array.from(stats.steps)).toEqual([0, 1, 2]);
    expect(Array.from(stats.mean)).toEqual([1, 3, 6]);
    expect(Array.from(stats.min)).toEqual([1, 2, 6]);
    expect(Array.from(stats.max)).toEqual([1, 4, 6]);
    // population std of {2, 4} is 1; a single run has 0
    expect(Array.from(stats.std)).toEqual([0, 1, 0]);
    expect(Array.from(stats.count)).toEqual([1, 2, 1]);
  });

  it('leaves non-finite values out and gives a gap where none is finite', () => {
    const stats = aggregateByStep([
      { steps: [0, 1], xs: [0, 1], values: [NaN, Infinity] },
      { steps: [0, 1], xs: [0, 1], values: [3, NaN] },
    ]);
    expect(stats.mean[0]).toBe(3);
    expect(stats.count[0]).toBe(1);
    expect(stats.mean[1]).toBeNaN();
    expect(stats.min[1]).toBeNaN();
    expect(stats.count[1]).toBe(0);
  });

  it('averages the x of a step (time axes) and handles no members', () => {
    const stats = aggregateByStep([
      { steps: [5], xs: [10], values: [1] },
      { steps: [5], xs: [20], values: [3] },
    ]);
    expect(Array.from(stats.xs)).toEqual([15]);
    expect(aggregateByStep([]).steps).toHaveLength(0);
  });
});

import { describe, expect, it } from 'vitest';
import { nearestPoint, xyLayout } from '../layout';
import { finiteExtent, linearScale, niceDomain, niceStep, niceTicks } from '../scale';

describe('nice axes', () => {
  it('steps by 1, 2 or 5 times a power of ten', () => {
    expect(niceStep(1, 5)).toBe(0.2);
    expect(niceStep(100, 4)).toBe(20);
    expect(niceStep(0.07, 5)).toBe(0.01);
    expect(niceStep(0, 5)).toBe(1);
  });

  it('puts ticks on the step inside the domain, without float noise', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0.1, 0.35, 5)).toEqual([0.1, 0.15, 0.2, 0.25, 0.3, 0.35]);
    expect(niceTicks(-3, 7, 5)).toEqual([-2, 0, 2, 4, 6]);
    expect(niceTicks(2, 2, 5)).toEqual([2]);
    expect(niceTicks(0, Infinity, 5)).toEqual([0]);
  });

  it('widens a domain to ticks, and gives a single value room', () => {
    expect(niceDomain(0.03, 0.97, 5)).toEqual([0, 1]);
    expect(niceDomain(3, 3, 5)).toEqual([2.7, 3.3]);
    expect(niceDomain(0, 0, 5)).toEqual([-0.5, 0.5]);
    expect(niceDomain(NaN, 1, 5)).toEqual([0, 1]);
  });

  it('ignores NaN and infinities in the extent', () => {
    expect(finiteExtent([NaN, 2, Infinity], [-1])).toEqual([-1, 2]);
    expect(finiteExtent([NaN])).toBeNull();
  });

  it('maps and inverts linearly, and survives a zero-width domain', () => {
    const s = linearScale([0, 10], [100, 200]);
    expect(s(5)).toBe(150);
    expect(s.invert(175)).toBe(7.5);
    expect(linearScale([1, 1], [0, 100])(1)).toBe(50);
  });
});

describe('the plot layout', () => {
  it('puts the low end of y at the bottom and finds the nearest point on screen', () => {
    const layout = xyLayout(400, 300, { x: [0, 1], y: [0, 1] });
    expect(layout.y(0)).toBeGreaterThan(layout.y(1));
    const xs = [0, 0.5, 1];
    const ys = [0, 0.9, 1];
    expect(nearestPoint(layout, xs, ys, layout.x(0.45), layout.y(0.8))).toBe(1);
    expect(nearestPoint(layout, [], [], 0, 0)).toBe(-1);
  });
});

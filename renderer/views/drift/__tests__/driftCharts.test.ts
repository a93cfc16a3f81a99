// What the drift charts draw: p-values on a log axis floored at P_FLOOR,
// gaps for NaN and ±∞, sparkline points in their box, distribution rows from
// shared bins or categories, and the performance rows' dashed estimate that
// joins the last labeled batch.
import { describe, expect, it } from 'vitest';
import type { ColumnDistribution } from '../../../../shared/drift/monitor';
import { axisKindOf, drawnValue, P_FLOOR, sparklinePoints, yDomain } from '../charts/chartValues';
import { distributionRows } from '../charts/distributionRows';
import { performanceDomain, performanceRows, performanceTicks } from '../monitor/performanceRows';

const side = { rows: 10, missing: 0, missingShare: 0, quantiles: null };

describe('drift chart values', () => {
  it('draws p-values floored on a log axis, distances as they are, and gaps for non-numbers', () => {
    expect(axisKindOf('ks')).toBe('p-value');
    expect(axisKindOf('wasserstein')).toBe('distance');
    expect(axisKindOf(null)).toBe('distance');
    expect(drawnValue(0, 'p-value')).toBe(P_FLOOR);
    expect(drawnValue(1e-300, 'p-value')).toBe(P_FLOOR);
    expect(drawnValue(0.3, 'p-value')).toBe(0.3);
    expect(drawnValue(0.3, 'distance')).toBe(0.3);
    for (const bad of [NaN, Infinity, -Infinity]) expect(drawnValue(bad, 'p-value')).toBeNull();
  });

  it('spans the log domain from a power of ten to 1, and a linear one past the threshold', () => {
    expect(yDomain([0.5, 0.003, null], 'p-value', 0.05)).toEqual([0.001, 1]);
    expect(yDomain([null], 'p-value', 0.05)).toEqual([0.01, 1]);
    expect(yDomain([P_FLOOR], 'p-value', 0.05)).toEqual([P_FLOOR, 1]);
    expect(yDomain([0.02, 0.3], 'distance', 0.1)).toEqual([0, 0.33]);
    expect(yDomain([0, null], 'distance', null)).toEqual([0, 1]);
    expect(yDomain([0.2], 'share', 0.5)).toEqual([0, 1]);
  });

  it('places sparkline points in their box with gaps, and the threshold between', () => {
    const { points, thresholdY } = sparklinePoints([1, NaN, 1e-6], 'p-value', 100, 20, 0.05);
    expect(points[1]).toBeNull();
    expect(points[0]!.x).toBe(2);
    expect(points[2]!.x).toBe(98);
    expect(points[0]!.y).toBeCloseTo(1, 6); // p = 1 at the top
    expect(points[2]!.y).toBeCloseTo(19, 6); // the smallest at the bottom
    expect(thresholdY).toBeGreaterThan(points[0]!.y);
    expect(thresholdY).toBeLessThan(points[2]!.y);
    const single = sparklinePoints([0.2], 'distance', 100, 20, null);
    expect(single.points[0]!.x).toBe(50); // a lone point in the middle
    expect(single.thresholdY).toBeNull();
    expect(sparklinePoints([], 'distance', 100, 20, 0.1).points).toEqual([]);
  });
});

describe('distribution rows', () => {
  it('labels shared bins by their edges and draws a non-finite share as 0', () => {
    const numeric: ColumnDistribution = { column: 'x', type: 'num', reference: side, current: side, bins: { edges: [0, 0.5, 1], reference: [0.25, 0.75], current: [NaN, 1] }, categories: null };
    expect(distributionRows(numeric)).toEqual([
      { label: '0 – 0.5', reference: 0.25, current: 0, status: 'both' },
      { label: '0.5 – 1', reference: 0.75, current: 1, status: 'both' },
    ]);
  });

  it('keeps categories with new and vanished flagged', () => {
    const categorical: ColumnDistribution = {
      column: 'clinic',
      type: 'cat',
      reference: side,
      current: side,
      bins: null,
      categories: [
        { value: 'north', reference: 0.6, current: 0.2, status: 'both' },
        { value: 'east', reference: 0, current: 0.8, status: 'new' },
        { value: 'south', reference: 0.4, current: 0, status: 'vanished' },
      ],
    };
    expect(distributionRows(categorical).map((r) => [r.label, r.status])).toEqual([
      ['north', 'both'],
      ['east', 'new'],
      ['south', 'vanished'],
    ]);
  });
});

describe('performance rows', () => {
  it('draws the strong estimate where labels are missing, joined to the last labeled batch', () => {
    const point = (key: string, labeled: boolean, measured: number, estimate: number) => ({ key, label: key, labeled, measured, estimate, band: null });
    const rows = performanceRows([point('w5', true, 0.8, 0.82), point('w6', true, 0.7, 0.75), point('w7', false, NaN, 0.72), point('w8', false, NaN, NaN)]);
    expect(rows.map((r) => r.measuredY)).toEqual([0.8, 0.7, null, null]);
    expect(rows.map((r) => r.estimateAll)).toEqual([0.82, 0.75, 0.72, null]);
    expect(rows.map((r) => r.estimateUnlabeled)).toEqual([null, 0.75, 0.72, null]);
  });
});

describe('the performance range', () => {
  const row = (measured: number, estimate: number, band: [number, number] | null = null) =>
    performanceRows([{ key: 'k', label: 'k', labeled: true, measured, estimate, band }])[0];

  it('starts a step of 0.05 below the lowest value drawn, and ends at 1', () => {
    expect(performanceDomain([row(0.99, 0.98), row(0.93, 0.95)], 0.987)).toEqual([0.85, 1]);
    expect(performanceDomain([row(0.71, 0.96, [0.9, 1])], 0.99)).toEqual([0.65, 1]);
    expect(performanceDomain([row(0.02, NaN)], null)).toEqual([0, 1]);
  });

  it('shows at least 0.9 to 1, and 0 to 1 with nothing to draw', () => {
    expect(performanceDomain([row(1, 1)], 1)).toEqual([0.9, 1]);
    expect(performanceDomain([row(NaN, NaN)], null)).toEqual([0, 1]);
  });
});

describe('the performance ticks', () => {
  it('steps by 0.05 over a short range and by 0.1 over a long one', () => {
    expect(performanceTicks([0.65, 1])).toEqual([0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1]);
    expect(performanceTicks([0, 1])).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
  });
});

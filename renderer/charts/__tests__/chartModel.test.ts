import { describe, expect, it } from 'vitest';
import type { MetricSeries } from '../../../shared/domain';
import { buildChartModel, chartRows } from '../chartModel';
import { defaultChartSettings, type ChartSettings } from '../types';

const s = (values: number[], t0 = 0): MetricSeries => ({
  key: 'loss',
  steps: values.map((_, i) => i),
  timestamps: values.map((_, i) => t0 + i * 1000),
  values,
});

const settings = (patch: Partial<ChartSettings>): ChartSettings => ({ ...defaultChartSettings(), ...patch });
const lines = [
  { runId: 'a', label: 'run a', color: '#111111' },
  { runId: 'b', label: 'run b', color: '#222222' },
];

describe('buildChartModel', () => {
  it('draws NaN and ±Infinity as gaps, never as 0, and counts only drawn points', () => {
    const model = buildChartModel({
      lines,
      settings: settings({ smoothing: 0 }),
      seriesByRun: new Map([['a', s([1, NaN, Infinity, 2])]]),
      originByRun: new Map(),
    });
    expect(model.lines).toHaveLength(1);
    expect(model.pointCount).toBe(2);
    expect(model.yExtent).toEqual([1, 2]);
    expect(model.xExtent).toEqual([0, 3]);
    expect(model.lines[0].values[2]).toBe(Infinity); // kept for the tooltip
  });

  it('adds the faint raw line only when smoothing is on', () => {
    const model = buildChartModel({
      lines,
      settings: settings({ smoothing: 0.6 }),
      seriesByRun: new Map([['a', s([1, 2, 3])]]),
      originByRun: new Map(),
    });
    const line = model.lines[0];
    expect(line.showRaw).toBe(true);
    expect(line.values[1]).toBe(2);
    expect(line.main[1]).toBeCloseTo(1.625, 12);
  });

  it('drops values ≤ 0 on a log axis and says how many', () => {
    const model = buildChartModel({
      lines,
      settings: settings({ smoothing: 0, logY: true }),
      seriesByRun: new Map([['a', s([1, 0, -2, 4])]]),
      originByRun: new Map(),
    });
    expect(model.droppedForLog).toBe(2);
    expect(model.pointCount).toBe(2);
    expect(model.yExtent).toEqual([1, 4]);
  });

  it('measures relative time from the origin of the full series', () => {
    const model = buildChartModel({
      lines,
      settings: settings({ smoothing: 0, xAxis: 'relative' }),
      seriesByRun: new Map([['a', s([1, 2], 10_000)]]),
      originByRun: new Map([['a', 0]]),
    });
    expect(Array.from(model.lines[0].xs)).toEqual([10, 11]);
  });

  it('draws groups as mean and band, and leaves hidden lines out of the count', () => {
    const model = buildChartModel({
      lines,
      groups: [{ label: 'lr=0.1', color: '#333333', runIds: ['a', 'b'] }],
      band: 'minmax',
      settings: settings({ smoothing: 0 }),
      seriesByRun: new Map([
        ['a', s([1, 2])],
        ['b', s([3, 6])],
      ]),
      originByRun: new Map(),
    });
    expect(model.lines).toHaveLength(1);
    expect(Array.from(model.lines[0].main)).toEqual([2, 4]);
    expect(Array.from(model.lines[0].band?.lo ?? [])).toEqual([1, 2]);
    expect(Array.from(model.lines[0].band?.hi ?? [])).toEqual([3, 6]);
    expect(model.yExtent).toEqual([1, 6]);
    const rows = chartRows(model, 0);
    expect(rows.columns[0]).toBe('group');
    expect(rows.rows[1]).toEqual(['lr=0.1', 1, 4, 2, 6, 2, 2]);
    const hidden = buildChartModel({
      lines,
      groups: [{ label: 'lr=0.1', color: '#333333', runIds: ['a', 'b'] }],
      settings: settings({ smoothing: 0 }),
      seriesByRun: new Map([['a', s([1, 2])]]),
      originByRun: new Map(),
      hidden: new Set(['group:lr=0.1']),
    });
    expect(hidden.pointCount).toBe(0);
  });

  it('clips the y range when ignoring outliers', () => {
    const values = Array.from({ length: 100 }, (_, i) => i % 10);
    values[50] = 1e6;
    const model = buildChartModel({
      lines,
      settings: settings({ smoothing: 0, ignoreOutliers: true }),
      seriesByRun: new Map([['a', s(values)]]),
      originByRun: new Map(),
    });
    expect(model.yDomain?.[1]).toBeLessThan(20);
  });
});

import { describe, expect, it } from 'vitest';
import { firstTimestamp, formatX, stepRangeForX, xValues } from '../timeAxis';

const series = { steps: [0, 100, 200], timestamps: [1_000_000, 1_005_000, 1_009_000] };

describe('time axes', () => {
  it('gives steps, seconds since the origin, or wall ms', () => {
    expect(Array.from(xValues(series, 'step', 0))).toEqual([0, 100, 200]);
    expect(Array.from(xValues(series, 'relative', 1_000_000))).toEqual([0, 5, 9]);
    expect(Array.from(xValues(series, 'wall', 0))).toEqual(series.timestamps);
    expect(firstTimestamp(series.timestamps)).toBe(1_000_000);
    expect(firstTimestamp([])).toBe(0);
  });

  it('converts a selected time range back to steps from the loaded points', () => {
    const line = { xs: xValues(series, 'relative', 1_000_000), steps: series.steps };
    expect(stepRangeForX([line], 'relative', 10, 4)).toEqual({ fromStep: 100, toStep: 200 });
    expect(stepRangeForX([line], 'relative', 6, 8)).toBeNull();
    expect(stepRangeForX([line], 'step', 10.5, 99.2)).toEqual({ fromStep: 10, toStep: 100 });
  });

  it('takes the union over lines', () => {
    const a = { xs: [0, 10], steps: [0, 10] };
    const b = { xs: [5, 15], steps: [50, 150] };
    expect(stepRangeForX([a, b], 'wall', 4, 11)).toEqual({ fromStep: 10, toStep: 50 });
  });

  it('formats relative time as a duration', () => {
    expect(formatX(65, 'relative')).toBe('1m 05s');
    expect(formatX(1500, 'step')).toBe('1,500');
    expect(formatX(NaN, 'step')).toBe('—');
  });
});

import { describe, expect, it } from 'vitest';
import { clampSmoothing, migrateChartSettings } from '../chartSettingsStore';
import { safeFileName, toCsv } from '../export';
import { RUN_PALETTE, runColor } from '../palette';
import { defaultChartSettings } from '../types';

describe('toCsv', () => {
  it('quotes per RFC 4180 and writes NaN and infinities by name', () => {
    const csv = toCsv(['run', 'value'], [
      ['a,b', NaN],
      ['say "hi"', Infinity],
      ['two\nlines', -Infinity],
      ['plain', null],
    ]);
    expect(csv).toBe('run,value\r\n"a,b",NaN\r\n"say ""hi""",Infinity\r\n"two\nlines",-Infinity\r\nplain,\r\n');
  });

  it('makes file names safe', () => {
    expect(safeFileName('val/loss: top 1')).toBe('val_loss_top_1');
    expect(safeFileName('///')).toBe('chart');
  });
});

describe('chart settings persistence', () => {
  it('falls back to the defaults for damaged values', () => {
    expect(migrateChartSettings(null)).toEqual(defaultChartSettings());
    expect(migrateChartSettings('x')).toEqual(defaultChartSettings());
    expect(migrateChartSettings({ smoothing: 0.2 })).toEqual(defaultChartSettings()); // no version
    expect(migrateChartSettings({ version: 1, smoothing: 'a', xAxis: 'nope', logY: 1 })).toEqual(defaultChartSettings());
  });

  it('reads known fields, clamping smoothing', () => {
    expect(migrateChartSettings({ version: 7, smoothing: 5, xAxis: 'wall', logY: true, ignoreOutliers: true })).toEqual({
      smoothing: 0.99,
      xAxis: 'wall',
      logY: true,
      ignoreOutliers: true,
    });
    expect(clampSmoothing(-1)).toBe(0);
    expect(clampSmoothing(0.123)).toBe(0.12);
  });
});

describe('runColor', () => {
  it('has 20 distinct colors and wraps', () => {
    expect(new Set(RUN_PALETTE).size).toBe(20);
    expect(runColor(20)).toBe(runColor(0));
    expect(runColor(-1)).toBe(runColor(19));
  });
});

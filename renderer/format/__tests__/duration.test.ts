import { describe, expect, it } from 'vitest';
import { formatDuration, runDurationMs } from '../duration';

describe('formatDuration', () => {
  it('shows seconds under a minute', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(999)).toBe('0s');
    expect(formatDuration(42_400)).toBe('42s');
  });

  it('pads the smaller unit', () => {
    expect(formatDuration(65_000)).toBe('1m 05s');
    expect(formatDuration(59 * 60_000 + 59_000)).toBe('59m 59s');
    expect(formatDuration(2 * 3_600_000 + 3 * 60_000 + 59_000)).toBe('2h 03m');
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000)).toBe('3d 04h');
  });

  it('switches units exactly at the boundaries', () => {
    expect(formatDuration(60_000)).toBe('1m 00s');
    expect(formatDuration(3_600_000)).toBe('1h 00m');
    expect(formatDuration(86_400_000)).toBe('1d 00h');
  });

  it('gives a dash for nothing to measure', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(-5)).toBe('—');
    expect(formatDuration(Number.NaN)).toBe('—');
  });
});

describe('runDurationMs', () => {
  const now = 1_000_000;

  const run = (startTime: number | null, endTime: number | null, status: string, lastActivity: number | null = null) => ({
    startTime,
    endTime,
    lastActivity,
    status,
  });

  it('is end minus start when the run ended', () => {
    expect(runDurationMs(run(1000, 4000, 'FINISHED', 9000), now)).toBe(3000);
  });

  it('ticks from start to now while the run runs', () => {
    expect(runDurationMs(run(now - 65_000, null, 'RUNNING', now - 1000), now)).toBe(65_000);
  });

  it('ends at the last activity for a run that stopped without an end record', () => {
    expect(runDurationMs(run(1000, null, 'FAILED', 61_000), now)).toBe(60_000);
  });

  it('is unknown without a start, or without any end to measure to', () => {
    expect(runDurationMs(run(null, 5, 'FINISHED'), now)).toBeNull();
    expect(runDurationMs(run(10, null, 'KILLED'), now)).toBeNull();
  });

  it('never goes negative when clocks disagree', () => {
    expect(runDurationMs(run(now + 5000, null, 'RUNNING'), now)).toBe(0);
  });
});

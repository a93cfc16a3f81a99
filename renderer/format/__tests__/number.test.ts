import { describe, expect, it } from 'vitest';
import { formatBytes, formatMetric } from '../number';

describe('formatMetric', () => {
  it('keeps 4 significant digits without trailing zeros', () => {
    expect(formatMetric(0.012345)).toBe('0.01235');
    expect(formatMetric(0.01)).toBe('0.01');
    expect(formatMetric(3.14159265)).toBe('3.142');
    expect(formatMetric(1234.5678)).toBe('1235');
    expect(formatMetric(12345.6)).toBe('12350');
    expect(formatMetric(100)).toBe('100');
    expect(formatMetric(-0.5)).toBe('-0.5');
  });

  it('uses an exponent for very large and very small values', () => {
    expect(formatMetric(1234567)).toBe('1.235e6');
    expect(formatMetric(999_999.9)).toBe('1e6');
    expect(formatMetric(0.0000123456)).toBe('1.235e-5');
    expect(formatMetric(-2e-9)).toBe('-2e-9');
  });

  it('names the special values', () => {
    expect(formatMetric(0)).toBe('0');
    expect(formatMetric(-0)).toBe('0');
    expect(formatMetric(Number.NaN)).toBe('NaN');
    expect(formatMetric(Infinity)).toBe('∞');
    expect(formatMetric(-Infinity)).toBe('−∞');
  });

  it('shows a dash, never a crash, for what is no number', () => {
    expect(formatMetric(null)).toBe('—');
    expect(formatMetric(undefined)).toBe('—');
  });
});

describe('formatBytes', () => {
  it('scales by 1024 with one decimal', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(1024 * 1024)).toBe('1 MB');
    expect(formatBytes(5.25 * 1024 ** 3)).toBe('5.3 GB');
  });

  it('gives a dash for impossible sizes', () => {
    expect(formatBytes(-1)).toBe('—');
  });
});

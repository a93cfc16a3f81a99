import { describe, expect, it } from 'vitest';
import { bandPath, linePath } from '../paths';

const id = (v: number) => v;

describe('linePath', () => {
  it('breaks the line at NaN and ±Infinity instead of drawing 0', () => {
    expect(linePath([0, 1, 2, 3], [1, NaN, 3, 4], id, id)).toBe('M0 1M2 3L3 4');
    expect(linePath([0, 1, 2], [Infinity, 2, -Infinity], id, id)).toBe('M1 2');
  });

  it('leaves out values ≤ 0 on a log axis', () => {
    expect(linePath([0, 1, 2], [1, 0, 2], id, id, true)).toBe('M0 1M2 2');
  });

  it('rounds to 0.1 px and skips points a scale cannot place', () => {
    expect(linePath([0, 1], [1.234, 2], (v) => v * 10, (v) => (v > 1.5 ? undefined : v))).toBe('M0 1.2');
  });
});

describe('bandPath', () => {
  it('closes one polygon per drawable stretch', () => {
    expect(bandPath([0, 1, 2, 3], [0, 0, NaN, 1], [2, 2, 2, 3], id, id)).toBe('M0 2L1 2L1 0L0 0ZM3 3L3 1Z');
  });
});

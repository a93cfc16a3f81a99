import { describe, expect, it } from 'vitest';
import { baseName, formatDateTime } from '../date';

describe('formatDateTime', () => {
  it('formats local time as YYYY-MM-DD HH:mm:ss', () => {
    const ms = new Date(2024, 4, 1, 14, 3, 2).getTime(); // local time, whatever the zone
    expect(formatDateTime(ms)).toBe('2024-05-01 14:03:02');
  });

  it('gives a dash without a time', () => {
    expect(formatDateTime(null)).toBe('—');
  });
});

describe('baseName', () => {
  it('takes the last folder of POSIX and Windows paths', () => {
    expect(baseName('/home/ana/projects/mnist')).toBe('mnist');
    expect(baseName('/home/ana/projects/mnist/')).toBe('mnist');
    expect(baseName('C:\\Users\\ana\\cifar')).toBe('cifar');
  });

  it('keeps a root as it is', () => {
    expect(baseName('/')).toBe('/');
  });
});

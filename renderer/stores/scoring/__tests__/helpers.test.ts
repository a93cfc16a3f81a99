import { describe, expect, it } from 'vitest';
import type { DatasetSummary } from '../../../../shared/scoring/inspection';
import { fieldsOf, progressFraction, referenceValues, shortSha, timeLeftMs, topClass, valueOf } from '../helpers';

const dataset: DatasetSummary = {
  path: '/d.csv',
  columns: [
    { name: 'n', kind: 'number', min: 1, max: 3, mean: 2 },
    { name: 'c', kind: 'category', values: ['red', 'blue'] },
    { name: 't', kind: 'text' },
  ],
  rows: [['1.5', 'blue', 'hello']],
  rowsRead: 1,
};

describe('scoring helpers', () => {
  it('makes a field per feature from the dataset columns', () => {
    expect(fieldsOf(['c', 'n', 'missing'], dataset)).toEqual([
      { feature: 'c', kind: 'category', values: ['red', 'blue'] },
      { feature: 'n', kind: 'number', min: 1, max: 3, mean: 2 },
      { feature: 'missing', kind: 'free' },
    ]);
  });

  it('reads the reference row, falling back to the mean or the first category', () => {
    const fields = fieldsOf(['n', 'c'], dataset);
    expect(referenceValues(fields, dataset, 0)).toEqual({ n: 1.5, c: 'blue' });
    expect(valueOf(fields[0], 'oops')).toBe(2);
    expect(valueOf(fields[1], 'green')).toBe('red');
  });

  it('tells the fraction done and the time left', () => {
    expect(progressFraction({ bytesRead: 25, totalBytes: 100 })).toBe(0.25);
    expect(progressFraction({ bytesRead: 25, totalBytes: 0 })).toBeNull();
    expect(timeLeftMs({ bytesRead: 25, totalBytes: 100 }, 1000)).toBe(3000);
    expect(timeLeftMs({ bytesRead: 0, totalBytes: 100 }, 1000)).toBeNull();
  });

  it('formats hashes and the top class', () => {
    expect(shortSha('0123456789abcdef')).toBe('0123456789ab');
    expect(shortSha(null)).toBe('—');
    expect(topClass([0.2, 0.5, 0.5])).toBe(1);
  });
});

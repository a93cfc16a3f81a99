import { describe, expect, it } from 'vitest';
import { columnDrift, datasetDrift, defaultTest, inferColumnTypes, ks2sampSorted, runDriftTest, wassersteinDistanceSorted } from '../../shared/drift';

const range = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

describe('inferColumnTypes', () => {
  it('names numbers, low-cardinality numbers, categories, text, one-sided and empty columns', () => {
    const words = range(200, (i) => `sentence number ${i}`);
    const report = inferColumnTypes(
      { x: range(50, (i) => i / 7), codes: [1, 2, 3, 1], colour: ['red', 'blue'], note: words.slice(0, 100), gone: [1], blank: [null, NaN] },
      { x: ['1.5', '2', null], codes: [4, 5, 5], colour: ['red', ''], note: words.slice(100), fresh: ['a'], blank: [1] },
    );
    expect(report.columns.map((c) => [c.name, c.type])).toEqual([
      ['x', 'num'],
      ['codes', 'cat'],
      ['colour', 'cat'],
    ]);
    expect(report.columns[1].distinct).toBe(5);
    expect(report.text).toEqual(['note']);
    expect(report.missing).toEqual([
      { name: 'fresh', side: 'reference' },
      { name: 'gone', side: 'current' },
    ]);
    expect(report.empty).toEqual(['blank']);
  });

  it('a sixth distinct value makes a number column numerical; overrides win', () => {
    expect(inferColumnTypes({ v: [1, 2, 3] }, { v: [4, 5, 6] }).columns[0].type).toBe('num');
    expect(inferColumnTypes({ v: [1, 2, 3] }, { v: [4, 5] }).columns[0].type).toBe('cat');
    expect(inferColumnTypes({ v: [1, 2, 3] }, { v: [4, 5, 6] }, { v: 'cat' }).columns[0].type).toBe('cat');
  });
});

describe('defaultTest (Evidently 0.7.x)', () => {
  it('switches at 1,000 reference rows', () => {
    expect(defaultTest('num', 1000, 50)).toEqual({ method: 'ks', threshold: 0.05 });
    expect(defaultTest('cat', 1000, 3)).toEqual({ method: 'chisquare', threshold: 0.05 });
    expect(defaultTest('cat', 1000, 2)).toEqual({ method: 'z', threshold: 0.05 });
    expect(defaultTest('num', 1001, 50)).toEqual({ method: 'wasserstein', threshold: 0.1 });
    expect(defaultTest('cat', 1001, 2)).toEqual({ method: 'jensenshannon', threshold: 0.1 });
  });

  it('drops missing values before choosing and testing', () => {
    const result = columnDrift('num', [...range(40, (i) => i), null, NaN], range(40, (i) => i + 0.5));
    expect(result.method).toBe('ks');
    expect(result.referenceSize).toBe(40);
    expect(result.tooSmall).toBeNull();
  });

  it('ks drifts at p <= threshold, chi-square and z below it', () => {
    // ks2samp([1,2,3],[4,5,6]) has p = 0.1 exactly (SciPy: 0.09999999999999999).
    expect(runDriftTest('ks', [1, 2, 3], [4, 5, 6], { threshold: 0.1 }).drift).toBe(true);
    const z = runDriftTest('z', ['a', 'b'], ['a', 'b'], { threshold: 1 });
    expect(z.statistic).toBe(1);
    expect(z.drift).toBe(false);
  });
});

describe('sample size is shown, not hidden', () => {
  it('flags batches under 30 rows with both sizes and the KS D', () => {
    const result = runDriftTest('ks', range(8, (i) => i), range(5, (i) => i + 10));
    expect(result.referenceSize).toBe(8);
    expect(result.currentSize).toBe(5);
    expect(result.effectSize).toBe(1);
    expect(result.tooSmall).toBe('reference has 8 rows (< 30); current has 5 rows (< 30)');
  });

  it('flags an expected chi-square count under 5', () => {
    const ref = [...Array(40).fill('a'), ...Array(5).fill('b'), 'c', 'c'];
    const cur = [...Array(20).fill('a'), ...Array(4).fill('b'), 'c', ...Array(10).fill('a')];
    const result = runDriftTest('chisquare', ref, cur);
    expect(result.tooSmall).toMatch(/^an expected count is 1\.49 \(< 5\)$/);
  });

  it('an empty batch is reported, not thrown', () => {
    const result = runDriftTest('ks', [1, 2, 3], []);
    expect(result.statistic).toBeNaN();
    expect(result.drift).toBe(false);
    expect(result.tooSmall).toContain('current has 0 rows');
  });

  it('a constant reference uses the 0.001 standard-deviation floor', () => {
    const result = runDriftTest('wasserstein', Array(50).fill(2), Array(50).fill(2.01));
    expect(result.statistic).toBeCloseTo(10, 9);
  });
});

describe('datasetDrift', () => {
  it('drifts at a share of 0.5 or more', () => {
    const drifted = runDriftTest('ks', range(40, (i) => i), range(40, (i) => i + 100));
    const stable = runDriftTest('ks', range(40, (i) => i), range(40, (i) => i));
    expect(datasetDrift([drifted, stable])).toEqual({ columns: 2, drifted: 1, share: 0.5, drift: true });
    expect(datasetDrift([drifted, stable, stable]).drift).toBe(false);
    expect(datasetDrift([drifted, stable, stable], 0.3).drift).toBe(true);
    expect(datasetDrift([]).share).toBeNaN();
  });
});

describe('sorted tests given a NaN', () => {
  // A NaN compares false with everything: the merge loops once stalled on it forever.
  it('KS and Wasserstein answer NaN instead of looping', () => {
    const withNaN = Float64Array.from([1, 2, NaN]);
    const plain = Float64Array.from([1, 2, 3]);
    expect(ks2sampSorted(withNaN, plain).pvalue).toBeNaN();
    expect(ks2sampSorted(plain, withNaN).statistic).toBeNaN();
    expect(wassersteinDistanceSorted(plain, withNaN)).toBeNaN();
    expect(columnDrift('cat', ['a', 'b', 'c', 'a'], ['b', 'c', 'c', 'a'], { method: 'ks' }).statistic).toBeNaN();
  });
});

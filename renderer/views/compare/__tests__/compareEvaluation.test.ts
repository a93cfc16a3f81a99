import { describe, expect, it } from 'vitest';
import type { PredictionSet, RunPredictions } from '../../../../shared/evaluation/predictionSets';
import { differenceModel, matrixDifference, setNamed, sharedSets, signedText } from '../compareEvaluation';

const mapping = { label: 'y', scores: ['p'], scoreClasses: ['1'], positive: '1' };
const set = (name: string, overrides: Partial<PredictionSet> = {}): PredictionSet => ({
  path: `predictions/${name}.csv`,
  origin: 'logged',
  name,
  mapping,
  rows: 10,
  size: 100,
  ...overrides,
});
const runs = (sets: PredictionSet[]): RunPredictions => ({ sets, loggedPlots: [] });

describe('the sets compared runs share', () => {
  it('lists names two runs or more can evaluate, test first', () => {
    const byRun = {
      a: runs([set('val'), set('test'), set('train')]),
      b: runs([set('val'), set('test')]),
      c: runs([set('test'), set('train', { mapping: null, origin: 'artifact' })]),
    };
    expect(sharedSets(byRun, ['c', 'a', 'b'])).toEqual([
      { name: 'test', runIds: ['c', 'a', 'b'] },
      { name: 'val', runIds: ['a', 'b'] },
    ]);
    expect(sharedSets(byRun, ['a'])).toEqual([]);
  });

  it('takes the logged set of a name before an artifact of the same name', () => {
    const predictions = runs([set('test', { origin: 'artifact', path: 'test.csv' }), set('test')]);
    expect(setNamed(predictions, 'test')?.path).toBe('predictions/test.csv');
    expect(setNamed(runs([set('test', { mapping: null })]), 'test')).toBeNull();
    expect(setNamed(undefined, 'test')).toBeNull();
  });
});

describe('the difference of two confusion matrices', () => {
  it('is B − A, with B\'s classes matched to A\'s by label', () => {
    const a = { classes: ['x', 'y'], counts: [[5, 1], [0, 4]], threshold: null };
    const b = { classes: ['y', 'x'], counts: [[3, 1], [2, 4]], threshold: null };
    // B in A's order: [[4, 2], [1, 3]]
    expect(matrixDifference(a, b, 'none')).toEqual({ ok: true, classes: ['x', 'y'], difference: [[-1, 1], [1, -1]] });
  });

  it('compares row shares under the true-class normalization', () => {
    const a = { classes: ['x', 'y'], counts: [[5, 5], [0, 4]], threshold: null };
    const b = { classes: ['x', 'y'], counts: [[9, 1], [2, 2]], threshold: null };
    const d = matrixDifference(a, b, 'true');
    expect(d.ok && d.difference[0][0]).toBeCloseTo(0.4, 12);
    expect(d.ok && d.difference[1][1]).toBeCloseTo(-0.5, 12);
  });

  it('refuses sets with different classes', () => {
    const d = matrixDifference({ classes: ['x', 'y'], counts: [[1, 0], [0, 1]], threshold: null }, { classes: ['x', 'z'], counts: [[1, 0], [0, 1]], threshold: null }, 'none');
    expect(d).toEqual({ ok: false, reason: 'The two sets have different classes (x, y and x, z).' });
  });
});

describe('the difference as drawn', () => {
  it('signs each number and scales the color by the largest absolute difference', () => {
    const model = differenceModel([[-1, 2], [0, -4]], ['x', 'y'], 'none');
    expect(model.rows.flat().map((c) => c.text)).toEqual(['−1', '+2', '0', '−4']);
    expect(model.rows.flat().map((c) => c.strength)).toEqual([-0.25, 0.5, 0, -1]);
    expect(signedText(0.125, false)).toBe('+0.125');
    expect(signedText(Number.NaN, false)).toBe('NaN');
  });
});

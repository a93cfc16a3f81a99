import { describe, expect, it } from 'vitest';
import { bestIndices, compareForSort, defaultDirection, leaderboardCsvRows, sortLeaderboard } from '../leaderboard';
import { makeRow } from './rows';

describe('defaultDirection', () => {
  it('is min for losses and errors, max otherwise', () => {
    for (const key of ['loss', 'val/loss', 'train_error', 'MSE', 'val_rmse', 'mae', 'logloss', 'cross_entropy_loss']) {
      expect(defaultDirection(key), key).toBe('min');
    }
    for (const key of ['accuracy', 'f1', 'auc', 'lr']) expect(defaultDirection(key), key).toBe('max');
  });
});

describe('bestIndices', () => {
  it('finds the smallest or largest finite value, every index on a tie', () => {
    expect(bestIndices([3, NaN, 1, 1], 'min')).toEqual([2, 3]);
    expect(bestIndices([3, Infinity, 1, null], 'max')).toEqual([0]);
  });
  it('never picks NaN, ±∞ or missing; empty when nothing is finite', () => {
    expect(bestIndices([-Infinity, 5], 'min')).toEqual([1]);
    expect(bestIndices([NaN, null, Infinity], 'max')).toEqual([]);
    expect(bestIndices([], 'max')).toEqual([]);
  });
});

describe('compareForSort', () => {
  it('puts finite values first in either direction, then ±∞, NaN, missing', () => {
    const values = [null, NaN, 2, Infinity, 1, -Infinity];
    expect([...values].sort((a, b) => compareForSort(a, b, false))).toEqual([1, 2, -Infinity, Infinity, NaN, null]);
    expect([...values].sort((a, b) => compareForSort(a, b, true))).toEqual([2, 1, Infinity, -Infinity, NaN, null]);
  });
});

describe('sortLeaderboard', () => {
  const rows = [makeRow('a', { 'metrics.acc': 0.5 }), makeRow('b', { 'metrics.acc': NaN }), makeRow('c', { 'metrics.acc': 0.9 })];
  it('sorts by a metric with NaN last, leaving the input alone', () => {
    expect(sortLeaderboard(rows, { by: 'metric', key: 'acc' }, true).map((r) => r.id)).toEqual(['c', 'a', 'b']);
    expect(sortLeaderboard(rows, { by: 'metric', key: 'acc' }, false).map((r) => r.id)).toEqual(['a', 'c', 'b']);
    expect(rows.map((r) => r.id)).toEqual(['a', 'b', 'c']);
  });
  it('sorts by name naturally', () => {
    const named = [makeRow('x', {}, { name: 'run 10' }), makeRow('y', {}, { name: 'run 9' })];
    expect(sortLeaderboard(named, { by: 'name' }, false).map((r) => r.id)).toEqual(['y', 'x']);
  });
});

describe('leaderboardCsvRows', () => {
  it('writes names, ids, sources and last values, spelling out non-finite numbers', () => {
    const rows = [makeRow('a', { 'metrics.loss': 0.25, 'metrics.`val loss`': Infinity }), makeRow('b', { 'metrics.loss': NaN })];
    expect(leaderboardCsvRows(rows, ['loss', 'val loss'])).toEqual({
      columns: ['run', 'run_id', 'source', 'loss', 'val loss'],
      rows: [
        ['run a', 'a', 'mlflow', 0.25, 'Infinity'],
        ['run b', 'b', 'mlflow', 'NaN', null],
      ],
    });
  });
});

import { describe, expect, it } from 'vitest';
import { chartGroups, searchMetrics } from '../chartsPlan';
import { scatterPoints } from '../scatterData';
import { makeRow } from './rows';

describe('scatterPoints', () => {
  const colors = { a: 'red', b: 'blue', c: 'green', d: 'gray' };
  it('plots a numeric param against a metric, leaving out runs without a finite value', () => {
    const rows = [
      makeRow('a', { 'params.lr': 0.1, 'metrics.acc': 0.8 }),
      makeRow('b', { 'params.lr': 0.2, 'metrics.acc': NaN }),
      makeRow('c', { 'metrics.acc': 0.5 }),
      makeRow('d', { 'params.lr': 0.3, 'metrics.acc': 0.9 }),
    ];
    const result = scatterPoints(rows, { kind: 'param', name: 'lr' }, 'acc', colors);
    expect(result.numericX).toBe(true);
    expect(result.points).toEqual([
      { runId: 'a', name: 'run a', color: 'red', x: 0.1, y: 0.8 },
      { runId: 'd', name: 'run d', color: 'gray', x: 0.3, y: 0.9 },
    ]);
    expect(result.leftOut).toBe(2);
  });

  it('reads a param written as text spelling numbers as numbers', () => {
    const rows = [makeRow('a', { 'params.lr': '0.1', 'metrics.acc': 1 }), makeRow('b', { 'params.lr': '1e-2', 'metrics.acc': 2 })];
    const result = scatterPoints(rows, { kind: 'param', name: 'lr' }, 'acc', colors);
    expect(result.numericX).toBe(true);
    expect(result.points.map((p) => p.x)).toEqual([0.1, 0.01]);
  });

  it('makes the x axis categorical when a param is text in some run', () => {
    const rows = [makeRow('a', { 'params.opt': 'adam', 'metrics.acc': 1 }), makeRow('b', { 'params.opt': 3, 'metrics.acc': 2 })];
    const result = scatterPoints(rows, { kind: 'param', name: 'opt' }, 'acc', colors);
    expect(result.numericX).toBe(false);
    expect(result.points.map((p) => p.x)).toEqual(['adam', '3']);
  });

  it('takes a metric as x too, dropping ±∞', () => {
    const rows = [makeRow('a', { 'metrics.loss': Infinity, 'metrics.acc': 1 }), makeRow('b', { 'metrics.loss': 0.5, 'metrics.acc': 2 })];
    expect(scatterPoints(rows, { kind: 'metric', name: 'loss' }, 'acc', colors).points.map((p) => p.runId)).toEqual(['b']);
  });
});

describe('searchMetrics', () => {
  it('matches every word, ignoring case, sorted by name', () => {
    expect(searchMetrics(['val/loss', 'train/loss', 'val/acc', 'Val/Loss_ema'], 'VAL loss')).toEqual(['val/loss', 'Val/Loss_ema']);
    expect(searchMetrics(['b', 'a'], '  ')).toEqual(['a', 'b']);
  });
});

describe('chartGroups', () => {
  it('groups runs by a param value, the seed left out, one color per group', () => {
    const rows = [
      makeRow('a', { 'params.lr': 0.1, 'params.seed': 1 }),
      makeRow('b', { 'params.lr': 0.1, 'params.seed': 2 }),
      makeRow('c', { 'params.lr': 0.01, 'params.seed': 1 }),
      makeRow('d', { 'params.seed': 1 }),
    ];
    expect(chartGroups(rows, 'lr', (i) => `c${i}`)).toEqual([
      { label: 'lr=0.01', color: 'c0', runIds: ['c'] },
      { label: 'lr=0.1', color: 'c1', runIds: ['a', 'b'] },
      { label: 'lr=—', color: 'c2', runIds: ['d'] },
    ]);
  });
});

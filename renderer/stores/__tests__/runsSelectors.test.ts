import { describe, expect, it } from 'vitest';
import {
  compareMetricValues,
  compareParamValues,
  deletedCountOf,
  effectiveSource,
  filterCounts,
  filterRuns,
  filterTerms,
  metricKeysOf,
  paramNamesOf,
  runsByIdOf,
  runsOfSource,
  shownRuns,
  sourcesOf,
} from '../runs/selectors';
import { makeRun, summary } from './fixtures';

const runs = [
  makeRun({ id: 'a', name: 'baseline', experiment: 'mnist', params: { lr: '0.01', layers: '2' }, metrics: { loss: summary(0.3) } }),
  makeRun({ id: 'b', name: 'wide-net', experiment: 'mnist', params: { lr: '0.001', width: '512' }, metrics: { acc: summary(0.9), loss: summary(0.2) } }),
  makeRun({ id: 'c', name: 'resnet', experiment: 'cifar', params: { optimizer: 'adam' }, metrics: { 'val/acc': summary(0.7) } }),
];

describe('column names', () => {
  it('unions param names across runs, sorted', () => {
    expect(paramNamesOf(runs)).toEqual(['layers', 'lr', 'optimizer', 'width']);
  });

  it('unions metric keys across runs, sorted', () => {
    expect(metricKeysOf(runs)).toEqual(['acc', 'loss', 'val/acc']);
  });

  it('returns the same array until the runs change, so React sees no change', () => {
    expect(paramNamesOf(runs)).toBe(paramNamesOf(runs));
    expect(paramNamesOf([...runs])).not.toBe(paramNamesOf(runs));
  });

  it('sorts names with numbers in them naturally', () => {
    const numbered = [makeRun({ id: 'x', params: { layer10: '1', layer2: '1' } })];
    expect(paramNamesOf(numbered)).toEqual(['layer2', 'layer10']);
  });
});

describe('filterRuns', () => {
  const ids = (list: { id: string }[]) => list.map((run) => run.id);

  it('keeps every run for an empty or blank filter', () => {
    expect(filterRuns(runs, '')).toBe(runs);
    expect(filterRuns(runs, '   ')).toBe(runs);
  });

  it('matches name and experiment, ignoring case', () => {
    expect(ids(filterRuns(runs, 'RESNET'))).toEqual(['c']);
    expect(ids(filterRuns(runs, 'mnist'))).toEqual(['a', 'b']);
  });

  it('matches param values and name=value', () => {
    expect(ids(filterRuns(runs, 'adam'))).toEqual(['c']);
    expect(ids(filterRuns(runs, 'lr=0.01'))).toEqual(['a']);
    expect(ids(filterRuns(runs, 'lr=0.001'))).toEqual(['b']);
  });

  it('requires every word to match', () => {
    expect(ids(filterRuns(runs, 'mnist wide'))).toEqual(['b']);
    expect(ids(filterRuns(runs, 'mnist adam'))).toEqual([]);
  });

  it('does not look in metric names', () => {
    expect(ids(filterRuns(runs, 'val/acc'))).toEqual([]);
  });

  it('counts shown against total', () => {
    expect(filterCounts(runs, 'mnist')).toEqual({ shown: 2, total: 3 });
  });

  it('splits filter text into lower-case words', () => {
    expect(filterTerms('  Foo   bar ')).toEqual(['foo', 'bar']);
  });
});

describe('compareParamValues', () => {
  const sorted = (values: (string | undefined)[]) => [...values].sort(compareParamValues);

  it('orders numbers by value, not as text', () => {
    expect(sorted(['10', '9', '0.5', '1e-3', '-2'])).toEqual(['-2', '1e-3', '0.5', '9', '10']);
  });

  it('orders text naturally and puts missing values last', () => {
    expect(sorted(['run10', undefined, 'run2', 'adam'])).toEqual(['adam', 'run2', 'run10', undefined]);
  });
});

describe('compareMetricValues', () => {
  it('puts NaN after every number, infinities included', () => {
    expect([Number.NaN, 2, -Infinity, Infinity, 1].sort(compareMetricValues)).toEqual([-Infinity, 1, 2, Infinity, Number.NaN]);
  });
});

describe('source filter', () => {
  const mixed = [
    makeRun({ id: 'n1', name: 'native-run', source: 'native' }),
    makeRun({ id: 't1', name: 'unet', source: 'tensorboard' }),
    makeRun({ id: 'm1', name: 'baseline', source: 'mlflow' }),
    makeRun({ id: 'd1', name: 'keras', source: 'dvclive' }),
    makeRun({ id: 'm2', name: 'wide', source: 'mlflow' }),
  ];
  const ids = (list: { id: string }[]) => list.map((run) => run.id);

  it('offers only the sources present, tools first and Runlens last', () => {
    expect(sourcesOf(mixed)).toEqual(['mlflow', 'tensorboard', 'dvclive', 'native']);
    expect(sourcesOf([makeRun({ id: 'x', source: 'mlflow-sqlite' })])).toEqual(['mlflow-sqlite']);
    expect(sourcesOf([])).toEqual([]);
  });

  it('keeps the runs of the chosen source', () => {
    expect(ids(runsOfSource(mixed, 'mlflow'))).toEqual(['m1', 'm2']);
    expect(ids(runsOfSource(mixed, 'tensorboard'))).toEqual(['t1']);
  });

  it('keeps every run (the same array) for all sources or a source none of the runs has', () => {
    expect(runsOfSource(mixed, null)).toBe(mixed);
    expect(runsOfSource(mixed, 'mlflow-sqlite')).toBe(mixed);
    expect(effectiveSource(mixed, 'mlflow-sqlite')).toBeNull();
    expect(effectiveSource(mixed, 'dvclive')).toBe('dvclive');
  });

  it('returns the same array until the runs change', () => {
    expect(runsOfSource(mixed, 'mlflow')).toBe(runsOfSource(mixed, 'mlflow'));
    expect(sourcesOf(mixed)).toBe(sourcesOf(mixed));
  });

  it('combines with the text filter, and counts against every run', () => {
    expect(ids(shownRuns(mixed, 'mlflow', 'wide'))).toEqual(['m2']);
    expect(ids(shownRuns(mixed, null, 'wide'))).toEqual(['m2']);
    expect(ids(shownRuns(mixed, 'dvclive', 'wide'))).toEqual([]);
    expect(filterCounts(mixed, '', 'mlflow')).toEqual({ shown: 2, total: 5 });
    expect(filterCounts(mixed, 'wide', 'mlflow')).toEqual({ shown: 1, total: 5 });
  });

  it('finds runs by id to name them', () => {
    expect(runsByIdOf(mixed).get('t1')?.name).toBe('unet');
    expect(runsByIdOf(mixed).get('nope')).toBeUndefined();
  });
});

describe('deletedCountOf', () => {
  it('counts the runs deleted in their source', () => {
    expect(deletedCountOf([makeRun({ id: 'a' }), makeRun({ id: 'b', deleted: true }), makeRun({ id: 'c', deleted: true })])).toBe(2);
    expect(deletedCountOf([])).toBe(0);
  });
});

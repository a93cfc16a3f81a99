import { describe, expect, it } from 'vitest';
import { DEFAULT_SUMMARY_METRICS, goneNotice, inComparedOrder, MAX_QUERY_COLUMNS, missingRuns, planColumns } from '../comparePlan';
import { makeRow } from './rows';

const metrics = (n: number): string[] => Array.from({ length: n }, (_, i) => `m${String(i).padStart(4, '0')}`);

describe('planColumns', () => {
  it('asks for every param and last/min/max of each metric', () => {
    const plan = planColumns({ params: ['lr', 'bs'], tags: ['t'], metrics: ['loss'] });
    expect(plan.columns).toEqual([
      { kind: 'param', name: 'bs' },
      { kind: 'param', name: 'lr' },
      { kind: 'metric', name: 'loss', summary: 'last' },
      { kind: 'metric', name: 'loss', summary: 'min' },
      { kind: 'metric', name: 'loss', summary: 'max' },
    ]);
  });

  it('caps the metrics at the first ones by name, wanted ones added first', () => {
    const all = metrics(1000);
    const plan = planColumns({ params: [], tags: [], metrics: all }, ['m0999', 'nope']);
    expect(plan.metrics).toHaveLength(DEFAULT_SUMMARY_METRICS + 1);
    expect(plan.metrics[0]).toBe('m0999');
    expect(plan.metrics[1]).toBe('m0000');
    expect(plan.columns.length).toBeLessThanOrEqual(MAX_QUERY_COLUMNS);
  });

  it('stays within the column limit however many metrics are wanted', () => {
    const all = metrics(1000);
    const plan = planColumns({ params: metrics(300).map((m) => `p${m}`), tags: [], metrics: all }, all);
    expect(plan.columns.length).toBeLessThanOrEqual(MAX_QUERY_COLUMNS);
    expect(plan.paramsLeftOut).toBe(100);
  });
});

describe('missingRuns, inComparedOrder, goneNotice', () => {
  const rows = [makeRow('b'), makeRow('a')];
  it('finds the runs the answer lacks and keeps the compared order', () => {
    expect(missingRuns(['a', 'x', 'b'], rows)).toEqual(['x']);
    expect(inComparedOrder(['a', 'x', 'b'], rows).map((r) => r.id)).toEqual(['a', 'b']);
  });
  it('words the notice for one and for several runs', () => {
    expect(goneNotice(['x'])).toBe('1 run is no longer in the store: x');
    expect(goneNotice(['x', 'y'])).toBe('2 runs are no longer in the store: x, y');
  });
});

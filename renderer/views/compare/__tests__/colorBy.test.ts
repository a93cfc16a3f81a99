import { describe, expect, it } from 'vitest';
import { compareCellValues, isNumericColumn, numericValue } from '../cellValues';
import { assignColors, groupByParam } from '../colorBy';
import { makeRow } from './rows';

const palette = (i: number): string => `c${i}`;
const annotation = (color: string | null) => ({ starred: false, note: '', color, hidden: false, tags: {} });

describe('assignColors', () => {
  it('colors by run in palette order, the annotation color winning', () => {
    const rows = [makeRow('a'), makeRow('b', {}, { annotation: annotation('#123456') }), makeRow('c', {}, { annotation: annotation(null) })];
    const { byRun, legend } = assignColors(rows, { kind: 'run' }, palette);
    expect(byRun).toEqual({ a: 'c0', b: '#123456', c: 'c2' });
    expect(legend.map((e) => e.label)).toEqual(['run a', 'run b', 'run c']);
  });

  it('gives runs sharing a param value one color, values in order', () => {
    const rows = [makeRow('a', { 'params.seed': 2 }), makeRow('b', { 'params.seed': 1 }), makeRow('c', { 'params.seed': 2 }), makeRow('d')];
    const { byRun, legend } = assignColors(rows, { kind: 'param', name: 'seed' }, palette);
    expect(byRun).toEqual({ a: 'c1', b: 'c0', c: 'c1', d: 'c2' });
    expect(legend).toEqual([
      { label: '1', color: 'c0', runIds: ['b'] },
      { label: '2', color: 'c1', runIds: ['a', 'c'] },
      { label: '—', color: 'c2', runIds: ['d'] },
    ]);
  });
});

describe('groupByParam', () => {
  it('merges the number 1 and the text "1"', () => {
    const rows = [makeRow('a', { 'params.n': 1 }), makeRow('b', { 'params.n': '1' })];
    expect(groupByParam(rows, 'n')).toEqual([{ value: 1, runIds: ['a', 'b'] }]);
  });
});

describe('compareCellValues', () => {
  it('puts numbers (numerically) before text (naturally) before missing', () => {
    const values = [null, 'b10', 10, 'b2', 2, NaN];
    expect([...values].sort(compareCellValues)).toEqual([2, 10, NaN, 'b2', 'b10', null]);
  });
  it('sorts text spelling numbers as numbers', () => {
    expect(['10', '9', 1e-3, 'adam'].sort(compareCellValues)).toEqual([1e-3, '9', '10', 'adam']);
  });
});

describe('numericValue and isNumericColumn', () => {
  it('reads numbers and text spelling a plain number, nothing else', () => {
    expect(['32', '-0.5', '1e-4', '.5', 7, NaN].map(numericValue)).toEqual([32, -0.5, 1e-4, 0.5, 7, NaN]);
    expect(['', ' 1', '0x1f', 'adam', 'None', null].map(numericValue)).toEqual([null, null, null, null, null, null]);
  });
  it('calls a column numeric when every present value is one', () => {
    expect(isNumericColumn(['1', 2, null])).toBe(true);
    expect(isNumericColumn(['1', 'None'])).toBe(false);
    expect(isNumericColumn([null])).toBe(false);
  });
});

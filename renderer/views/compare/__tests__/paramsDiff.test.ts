import { describe, expect, it } from 'vitest';
import { diffParams, isNumericParam, oddValues, rankDiffering } from '../paramsDiff';
import { makeRow } from './rows';

describe('diffParams', () => {
  it('splits differing from identical params, sorted by name', () => {
    const rows = [
      makeRow('a', { 'params.lr': 0.1, 'params.seed': 1, 'params.opt': 'adam' }),
      makeRow('b', { 'params.lr': 0.2, 'params.seed': 1, 'params.opt': 'adam' }),
    ];
    const diff = diffParams(rows, ['seed', 'opt', 'lr']);
    expect(diff.differing).toEqual([{ name: 'lr', values: [0.1, 0.2] }]);
    expect(diff.identical.map((p) => p.name)).toEqual(['opt', 'seed']);
  });

  it('counts a param missing in one run as differing, with null for the missing value', () => {
    const rows = [makeRow('a', { 'params.dropout': 0.5 }), makeRow('b', {})];
    expect(diffParams(rows, ['dropout']).differing).toEqual([{ name: 'dropout', values: [0.5, null] }]);
  });

  it('treats a param missing in every run as identical', () => {
    const rows = [makeRow('a'), makeRow('b')];
    expect(diffParams(rows, ['x']).identical).toEqual([{ name: 'x', values: [null, null] }]);
  });

  it('compares values as shown: the number 1 and the text "1" are the same', () => {
    const rows = [makeRow('a', { 'params.n': 1 }), makeRow('b', { 'params.n': '1' })];
    expect(diffParams(rows, ['n']).differing).toEqual([]);
  });

  it('reads names that need quoting under their quoted key', () => {
    const rows = [makeRow('a', { 'params.`batch size`': 32 }), makeRow('b', { 'params.`batch size`': 64 })];
    expect(diffParams(rows, ['batch size']).differing[0].values).toEqual([32, 64]);
  });

  it('lists a name given twice once', () => {
    const rows = [makeRow('a', { 'params.lr': 1 }), makeRow('b', { 'params.lr': 2 })];
    expect(diffParams(rows, ['lr', 'lr']).differing).toHaveLength(1);
  });
});

describe('rankDiffering and isNumericParam', () => {
  it('puts params set in more runs first, then those with more distinct values, then by name', () => {
    const differing = [
      { name: 'a_once', values: [1, null, null] },
      { name: 'lr', values: [0.1, 0.2, 0.3] },
      { name: 'opt', values: ['adam', 'adam', 'sgd'] },
      { name: 'b_twice', values: [1, 2, null] },
    ];
    expect(rankDiffering(differing).map((p) => p.name)).toEqual(['lr', 'opt', 'b_twice', 'a_once']);
  });
  it('calls a param numeric when every present value is a number', () => {
    expect(isNumericParam({ name: 'x', values: [1, null] })).toBe(true);
    expect(isNumericParam({ name: 'x', values: [1, 'a'] })).toBe(false);
    expect(isNumericParam({ name: 'x', values: [null, null] })).toBe(false);
  });
});

describe('oddValues', () => {
  it('marks the values unlike the one most common value, missing included', () => {
    expect(oddValues([0.1, 0.1, 0.2, null])).toEqual([false, false, true, true]);
    expect(oddValues([null, null, 'adam'])).toEqual([false, false, true]);
  });
  it('marks every value when none is the single most common one', () => {
    expect(oddValues(['a', 'b'])).toEqual([true, true]);
    expect(oddValues([1, 1, 2, 2])).toEqual([true, true, true, true]);
  });
  it('reads 1 and "1" as one value', () => {
    expect(oddValues([1, '1', 2])).toEqual([false, false, true]);
  });
});

import { describe, expect, it } from 'vitest';
import { displayIndexOf, displayRowAt, groupLayout, offsetsShown } from '../runs/groupLayout';
import { badFilterPosition, combinedFilter, nextOrder, pagesFor, pagesToKeep, queryArgs, initialQuery, userTextOffset } from '../runs/query';

describe('the filter sent', () => {
  it('ANDs the source with the user text in parentheses', () => {
    expect(combinedFilter('', null)).toBe('');
    expect(combinedFilter('  lr ', null)).toBe('lr');
    expect(combinedFilter('', 'mlflow')).toBe("attributes.source = 'mlflow'");
    expect(combinedFilter('a or b', 'tensorboard')).toBe("attributes.source = 'tensorboard' and (a or b)");
  });

  it('maps a position in the combined text back to the user text', () => {
    const text = ' metrics.x > ';
    const combined = combinedFilter(text, 'mlflow');
    const inCombined = combined.indexOf('>');
    expect(inCombined - userTextOffset(text, 'mlflow')).toBe(text.indexOf('>'));
    expect(combined.indexOf('>', 0) >= 0).toBe(true);
    const plain = combinedFilter(text, null);
    expect(plain.indexOf('>') - userTextOffset(text, null)).toBe(text.indexOf('>'));
  });

  it('reads the 1-based column of a bad-filter message', () => {
    expect(badFilterPosition('col 7: expected a value')).toEqual({ position: 6, message: 'expected a value' });
    expect(badFilterPosition('something else')).toBeNull();
  });

  it('names only what differs from the defaults', () => {
    const args = queryArgs(initialQuery(), 0, 200);
    expect(args).toEqual({ orderBy: initialQuery().orderBy, offset: 0, limit: 200, columns: [] });
  });
});

describe('row windows', () => {
  it('covers what is in view with the margin, within the total', () => {
    expect(pagesFor(0, 40, null)).toEqual([0]);
    expect(pagesFor(180, 220, 10_000)).toEqual([1, 2]);
    expect(pagesFor(9990, 9999, 10_000)).toEqual([99]);
    expect(pagesFor(0, 40, 0)).toEqual([]);
  });

  it('keeps pages near the wanted ones only', () => {
    expect([...pagesToKeep([0, 1, 2, 10, 11, 30], [10, 11])].sort((a, b) => a - b)).toEqual([10, 11]);
    expect([...pagesToKeep([7, 8, 14, 15], [10, 11])].sort((a, b) => a - b)).toEqual([7, 8, 14]);
  });
});

describe('header clicks', () => {
  const a = { kind: 'metric', name: 'a' } as const;
  const b = { kind: 'param', name: 'b' } as const;
  it('cycles ascending, descending, off', () => {
    const asc = nextOrder([], a, false);
    expect(asc).toEqual([{ column: a, descending: false }]);
    const desc = nextOrder(asc, a, false);
    expect(desc).toEqual([{ column: a, descending: true }]);
    expect(nextOrder(desc, a, false)).toEqual([]);
  });
  it('replaces the order on a plain click, adds a key with shift', () => {
    const asc = nextOrder([], a, false);
    expect(nextOrder(asc, b, false)).toEqual([{ column: b, descending: false }]);
    expect(nextOrder(asc, b, true)).toEqual([{ column: a, descending: false }, { column: b, descending: false }]);
  });
});

describe('group layout', () => {
  const groups = [
    { value: 'a', count: 2, aggregates: {} },
    { value: null, count: 3, aggregates: {} },
    { value: 7, count: 1, aggregates: {} },
  ];

  it('puts a header before each group and maps display rows to run offsets', () => {
    const layout = groupLayout(groups, new Set());
    expect(layout.count).toBe(9);
    expect([0, 1, 2, 3, 4, 7, 8].map((i) => displayRowAt(layout, i))).toEqual([
      { kind: 'group', group: 0 },
      { kind: 'run', offset: 0, group: 0 },
      { kind: 'run', offset: 1, group: 0 },
      { kind: 'group', group: 1 },
      { kind: 'run', offset: 2, group: 1 },
      { kind: 'group', group: 2 },
      { kind: 'run', offset: 5, group: 2 },
    ]);
    expect(offsetsShown(layout, 0, 3)).toEqual({ first: 0, last: 1 });
    expect(displayIndexOf(layout, 5)).toBe(8);
  });

  it('leaves a collapsed group its header only', () => {
    const layout = groupLayout(groups, new Set(['null']));
    expect(layout.count).toBe(6);
    expect(displayRowAt(layout, 4)).toEqual({ kind: 'group', group: 2 });
    expect(displayRowAt(layout, 5)).toEqual({ kind: 'run', offset: 5, group: 2 });
    expect(displayIndexOf(layout, 3)).toBeNull();
    expect(offsetsShown(layout, 3, 3)).toBeNull();
  });

  it('is the identity without groups', () => {
    expect(displayRowAt(null, 12)).toEqual({ kind: 'run', offset: 12, group: null });
    expect(offsetsShown(null, 3, 9)).toEqual({ first: 3, last: 9 });
  });
});

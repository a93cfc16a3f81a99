import { describe, expect, it } from 'vitest';
import { axisMarks, axisPosition, buildAxis, niceTicks } from '../parallelAxes';

describe('niceTicks', () => {
  it('steps by 1, 2 or 5 × 10^k inside the range', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0.001, 0.1, 4)).toEqual([0.05, 0.1]);
    expect(niceTicks(3, 97, 5)).toEqual([20, 40, 60, 80]);
  });
  it('gives one tick for one value and none for a non-finite range', () => {
    expect(niceTicks(4, 4)).toEqual([4]);
    expect(niceTicks(0, Infinity)).toEqual([]);
  });
});

describe('buildAxis and axisPosition', () => {
  it('scales numbers linearly, missing and non-finite values to the missing slot', () => {
    const axis = buildAxis([1, 3, null, NaN, 2]);
    expect(axis).toMatchObject({ kind: 'linear', min: 1, max: 3 });
    expect([1, 2, 3, null, NaN, Infinity].map((v) => axisPosition(axis, v))).toEqual([0, 0.5, 1, null, null, null]);
  });

  it('scales text spelling numbers linearly (MLflow params are text)', () => {
    const axis = buildAxis(['15', '20', '2']);
    expect(axis).toMatchObject({ kind: 'linear', min: 2, max: 20 });
    expect(axisPosition(axis, '20')).toBe(1);
  });

  it('puts a single value in the middle', () => {
    const axis = buildAxis([5, 5]);
    expect(axisPosition(axis, 5)).toBe(0.5);
  });

  it('makes text categorical, spread evenly in natural order', () => {
    const axis = buildAxis(['sgd', 'adam', 'sgd', 'rmsprop']);
    expect(axis).toEqual({ kind: 'categorical', categories: ['adam', 'rmsprop', 'sgd'] });
    expect(['adam', 'rmsprop', 'sgd', null].map((v) => axisPosition(axis, v))).toEqual([0, 0.5, 1, null]);
  });

  it('makes a mix of numbers and text categorical, numbers first in numeric order', () => {
    const axis = buildAxis([10, 'auto', 2]);
    expect(axis).toEqual({ kind: 'categorical', categories: ['2', '10', 'auto'] });
    expect(axisPosition(axis, 10)).toBe(0.5);
  });

  it('gives an empty linear axis when no value is finite', () => {
    const axis = buildAxis([null, NaN]);
    expect(axis).toEqual({ kind: 'linear', min: 0, max: 0, ticks: [] });
    expect(axisMarks(axis)).toEqual([]);
  });

  it('labels the marks of each kind', () => {
    expect(axisMarks(buildAxis(['a', 'b']))).toEqual([
      { label: 'a', position: 0 },
      { label: 'b', position: 1 },
    ]);
    expect(axisMarks(buildAxis([0, 1])).map((m) => m.position)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1].map((p) => expect.closeTo(p, 9)));
  });
});

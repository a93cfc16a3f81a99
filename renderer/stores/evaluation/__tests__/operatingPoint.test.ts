import { describe, expect, it } from 'vitest';
import { rankOfThreshold, startingThreshold, thresholdAtRank } from '../operatingPoint';
import { tableOf } from './evaluations';
import { createThresholdStore, selectShownThreshold } from '../threshold';

describe('the operating point', () => {
  it('opens at 0.5 within the scores, else at the nearest finite score', () => {
    expect(startingThreshold(tableOf([0.9, 0.3]))).toBe(0.5);
    expect(startingThreshold(tableOf([Infinity, 3, 2]))).toBe(2);
    expect(startingThreshold(tableOf([-1, -4, -Infinity]))).toBe(-1);
    expect(startingThreshold(tableOf([]))).toBe(0.5);
    expect(startingThreshold(tableOf([Infinity]))).toBe(0.5);
  });

  it('moves the slider by rank, lowest score at the left', () => {
    const t = [0.9, 0.5, 0.1];
    const table = tableOf(t);
    expect(rankOfThreshold(table, 0.1)).toBe(0);
    expect(rankOfThreshold(table, 0.3)).toBe(1);
    expect(rankOfThreshold(table, -5)).toBe(0);
    expect(rankOfThreshold(table, 0.99)).toBe(2);
    expect(rankOfThreshold(tableOf([]), 0.5)).toBe(0);
    expect(thresholdAtRank(t, 0)).toBe(0.1);
    expect(thresholdAtRank(t, 2)).toBe(0.9);
    expect(thresholdAtRank(t, 7)).toBe(0.9);
    for (let rank = 0; rank < t.length; rank++) expect(rankOfThreshold(table, thresholdAtRank(t, rank))).toBe(rank);
  });

  it('shows a hovered point instead of the set one until it leaves; a click keeps it', () => {
    const store = createThresholdStore();
    store.getState().setThreshold(0.3);
    store.getState().setPreview(0.8);
    expect(selectShownThreshold(store.getState())).toBe(0.8);
    store.getState().setPreview(null);
    expect(selectShownThreshold(store.getState())).toBe(0.3);
    store.getState().setPreview(Infinity);
    store.getState().pinPreview();
    expect(store.getState()).toMatchObject({ threshold: Infinity, preview: null });
    store.getState().setThreshold(Number.NaN);
    expect(store.getState().threshold).toBe(Infinity);
  });

  it('does not notify for a threshold that did not change', () => {
    const store = createThresholdStore();
    let calls = 0;
    store.subscribe(() => (calls += 1));
    store.getState().setThreshold(0.5);
    store.getState().setPreview(null);
    expect(calls).toBe(0);
  });
});

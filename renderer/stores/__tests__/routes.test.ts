import { describe, expect, it } from 'vitest';
import { parseRoute, routeOf, startRouting, type RoutingWindow } from '../../routes';
import { createUiStore } from '../ui/store';

function fakeWindow(hash: string) {
  const listeners = new Map<string, () => void>();
  const entries: string[] = [];
  const win: RoutingWindow & { back(): void; entries: string[] } = {
    location: { hash },
    history: {
      state: null,
      pushState: (_s: unknown, _t: string, url?: string | URL | null) => {
        entries.push(win.location.hash);
        win.location.hash = String(url);
      },
      replaceState: (_s: unknown, _t: string, url?: string | URL | null) => {
        win.location.hash = String(url);
      },
    },
    addEventListener: (type, listener) => void listeners.set(type, listener),
    removeEventListener: (type) => void listeners.delete(type),
    back() {
      win.location.hash = entries.pop() ?? '';
      listeners.get('popstate')?.();
    },
    entries,
  };
  return win;
}

describe('routes in the URL hash', () => {
  it('parses areas, an open run and compared runs, and refuses what is not a route', () => {
    expect(parseRoute('#/runs')).toEqual({ area: 'runs', runId: null, comparedRunIds: null, evaluation: null });
    expect(parseRoute('#/runs/abc123')).toEqual({ area: 'runs', runId: 'abc123', comparedRunIds: null, evaluation: null });
    expect(parseRoute('#/compare?runs=a,b,c')).toEqual({ area: 'compare', runId: null, comparedRunIds: ['a', 'b', 'c'], evaluation: null });
    expect(parseRoute('#token=deadbeef')).toBeNull();
    expect(parseRoute('#/nowhere')).toBeNull();
    expect(parseRoute('')).toBeNull();
  });

  it('writes the state as a hash that parses back to it', () => {
    const state = { area: 'compare' as const, openRunId: null, comparedRunIds: ['x y', 'b'] };
    expect(parseRoute(routeOf(state))?.comparedRunIds).toEqual(['x y', 'b']);
    expect(routeOf({ area: 'runs', openRunId: 'r1', comparedRunIds: [] })).toBe('#/runs/r1');
  });

  it('follows the store, and Back brings the previous area back', () => {
    const store = createUiStore(null);
    const win = fakeWindow('#/runs');
    const stop = startRouting(win, store);
    store.getState().compareRuns(['a', 'b']);
    expect(win.location.hash).toBe('#/compare?runs=a,b');
    win.back();
    expect(store.getState().area).toBe('runs');
    stop();
  });

  it('opens what a linked hash names', () => {
    const store = createUiStore(null);
    startRouting(fakeWindow('#/compare?runs=r1,r2,r3'), store);
    expect(store.getState().area).toBe('compare');
    expect(store.getState().comparedRunIds).toEqual(['r1', 'r2', 'r3']);
    const other = createUiStore(null);
    startRouting(fakeWindow('#/runs/r9'), other);
    expect(other.getState().openRunId).toBe('r9');
  });

  it('parses an evaluated prediction set, with or without the set', () => {
    expect(parseRoute('#/evaluation?run=r1&set=predictions/test.csv')).toMatchObject({
      area: 'evaluation',
      evaluation: { runId: 'r1', setPath: 'predictions/test.csv' },
    });
    expect(parseRoute('#/evaluation?run=r1')?.evaluation).toEqual({ runId: 'r1', setPath: null });
    expect(parseRoute('#/evaluation')?.evaluation).toBeNull();
    expect(parseRoute(`#/evaluation?run=${'x'.repeat(129)}`)?.evaluation).toBeNull();
  });

  it('writes an evaluation target as a hash that parses back to it, slashes kept readable', () => {
    const target = { runId: 'run 1', setPath: 'preds/a&b+c #1.csv' };
    const hash = routeOf({ area: 'evaluation', openRunId: null, comparedRunIds: [], evaluationTarget: target });
    expect(hash).toBe('#/evaluation?run=run%201&set=preds/a%26b%2Bc%20%231.csv');
    expect(parseRoute(hash)?.evaluation).toEqual(target);
    expect(routeOf({ area: 'evaluation', openRunId: null, comparedRunIds: [], evaluationTarget: { runId: 'r', setPath: null } })).toBe('#/evaluation?run=r');
    expect(routeOf({ area: 'evaluation', openRunId: null, comparedRunIds: [], evaluationTarget: null })).toBe('#/evaluation');
  });

  it('goes from a run panel to its evaluation and Back to the open run', () => {
    const store = createUiStore(null);
    const win = fakeWindow('#/runs/r1');
    const stop = startRouting(win, store);
    store.getState().openEvaluation({ runId: 'r1', setPath: 'test.csv' });
    expect(win.location.hash).toBe('#/evaluation?run=r1&set=test.csv');
    store.getState().openEvaluation({ runId: 'r1', setPath: 'other.csv' });
    expect(win.location.hash).toBe('#/evaluation?run=r1&set=other.csv');
    win.back();
    expect(store.getState().evaluationTarget).toEqual({ runId: 'r1', setPath: 'test.csv' });
    win.back();
    expect(store.getState().area).toBe('runs');
    expect(store.getState().openRunId).toBe('r1');
    stop();
  });

  it('opens the evaluation a linked hash names', () => {
    const store = createUiStore(null);
    startRouting(fakeWindow('#/evaluation?run=r2&set=p/q.jsonl'), store);
    expect(store.getState().area).toBe('evaluation');
    expect(store.getState().evaluationTarget).toEqual({ runId: 'r2', setPath: 'p/q.jsonl' });
  });

  it('parses and writes a scoring job\'s evaluation, and refuses what is no job id', () => {
    expect(parseRoute('#/evaluation?job=12')?.evaluation).toEqual({ jobId: 12 });
    expect(routeOf({ area: 'evaluation', openRunId: null, comparedRunIds: [], evaluationTarget: { jobId: 12 } })).toBe('#/evaluation?job=12');
    for (const bad of ['0', '-1', '1.5', 'abc', '012', '1e3', '99999999999999999']) expect(parseRoute(`#/evaluation?job=${bad}`)?.evaluation).toBeNull();
    // A bad job id does not hide the run the hash also names.
    expect(parseRoute('#/evaluation?job=x&run=r1')?.evaluation).toEqual({ runId: 'r1', setPath: null });
  });

  it('goes from a run\'s set to a job\'s output and Back again', () => {
    const store = createUiStore(null);
    const win = fakeWindow('#/evaluation?run=r1&set=test.csv');
    const stop = startRouting(win, store);
    store.getState().openEvaluation({ jobId: 3 });
    expect(win.location.hash).toBe('#/evaluation?job=3');
    expect(store.getState().evaluationTarget).toEqual({ jobId: 3 });
    win.back();
    expect(store.getState().evaluationTarget).toEqual({ runId: 'r1', setPath: 'test.csv' });
    stop();
    const linked = createUiStore(null);
    startRouting(fakeWindow('#/evaluation?job=41'), linked);
    expect(linked.getState()).toMatchObject({ area: 'evaluation', evaluationTarget: { jobId: 41 } });
  });
});

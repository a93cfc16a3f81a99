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
    expect(parseRoute('#/runs')).toEqual({ area: 'runs', runId: null, comparedRunIds: null });
    expect(parseRoute('#/runs/abc123')).toEqual({ area: 'runs', runId: 'abc123', comparedRunIds: null });
    expect(parseRoute('#/compare?runs=a,b,c')).toEqual({ area: 'compare', runId: null, comparedRunIds: ['a', 'b', 'c'] });
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
});

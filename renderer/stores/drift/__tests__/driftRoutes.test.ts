// The Drift area's routes in the URL hash (renderer/routes.ts): a monitor, a
// batch and a column with any character survive the round trip; what names no
// monitor falls back to the list; Back returns to the page before, and a route
// written into both stores pushes one history entry, not one per store.
import { describe, expect, it } from 'vitest';
import { driftHash, parseRoute, startRouting, type RoutingWindow } from '../../../routes';
import { createUiStore } from '../../ui/store';
import { createDriftRouteStore, type DriftRoute } from '../route';

function fakeWindow(hash: string) {
  const listeners = new Map<string, () => void>();
  const entries: string[] = [];
  const win: RoutingWindow & { back(): void; entries: string[] } = {
    entries,
    location: { hash },
    history: {
      state: null,
      pushState: (_s: unknown, _t: string, url?: string | URL | null) => {
        entries.push(win.location.hash);
        win.location.hash = String(url);
      },
      replaceState: (_s: unknown, _t: string, url?: string | URL | null) => void (win.location.hash = String(url)),
    },
    addEventListener: (type, listener) => void listeners.set(type, listener),
    removeEventListener: (type) => void listeners.delete(type),
    back() {
      win.location.hash = entries.pop() ?? '';
      listeners.get('popstate')?.();
    },
  };
  return win;
}

describe('drift routes', () => {
  it('parses the list, a monitor, a batch and a column', () => {
    expect(parseRoute('#/drift')?.drift).toEqual({ view: 'list' });
    expect(parseRoute('#/drift/7')?.drift).toEqual({ view: 'monitor', id: 7, batch: null });
    expect(parseRoute('#/drift/7?batch=2026-02-09.csv')?.drift).toEqual({ view: 'monitor', id: 7, batch: '2026-02-09.csv' });
    expect(parseRoute('#/drift/7/column/mean%20radius?batch=2026-02-09')?.drift).toEqual({ view: 'column', id: 7, column: 'mean radius', batch: '2026-02-09' });
    expect(parseRoute('#/registry')).not.toHaveProperty('drift');
  });

  it('falls back to the list for what is no monitor id, and to the monitor for a damaged column', () => {
    for (const bad of ['0', '-1', 'x', '01', '1.5', '99999999999999999999']) expect(parseRoute(`#/drift/${bad}`)?.drift).toEqual({ view: 'list' });
    expect(parseRoute('#/drift/3/column/%E0%A4%A')?.drift).toEqual({ view: 'monitor', id: 3, batch: null });
    expect(parseRoute('#/drift/3/column/')?.drift).toEqual({ view: 'monitor', id: 3, batch: null });
    expect(parseRoute('#/drift/3/other/x')?.drift).toEqual({ view: 'monitor', id: 3, batch: null });
  });

  it('writes any column and batch key so that they parse back unchanged', () => {
    const names = ['mean radius', 'a/b?c#d&e=f', '100% ± σ', 'клиника 诊所 🚀', 'column', ''.padEnd(300, 'x')];
    const keys = [null, '2026-01-05.csv', 'sub/dir/week 1.csv', 'a&b=c#d?e', 'x%20y'];
    for (const column of names) {
      for (const batch of keys) {
        for (const route of [{ view: 'monitor', id: 12, batch }, { view: 'column', id: 12, column, batch }] as DriftRoute[]) {
          expect(parseRoute(driftHash(route))?.drift).toEqual(route);
        }
      }
    }
    expect(driftHash({ view: 'list' })).toBe('#/drift');
    expect(driftHash({ view: 'monitor', id: 4, batch: 'sub/2026-01-05.csv' })).toBe('#/drift/4?batch=sub/2026-01-05.csv');
  });

  it('opens the page a hash names, pushes one entry per page, and Back returns', () => {
    const ui = createUiStore(null);
    const drift = createDriftRouteStore();
    const win = fakeWindow('#/drift/5?batch=b1');
    const stop = startRouting(win, ui, drift);
    expect(ui.getState().area).toBe('drift');
    expect(drift.getState().route).toEqual({ view: 'monitor', id: 5, batch: 'b1' });
    expect(win.location.hash).toBe('#/drift/5?batch=b1');

    drift.getState().open({ view: 'column', id: 5, column: 'clinic', batch: 'b1' });
    expect(win.location.hash).toBe('#/drift/5/column/clinic?batch=b1');
    // The same page again keeps its object and pushes nothing.
    const before = drift.getState().route;
    drift.getState().open({ view: 'column', id: 5, column: 'clinic', batch: 'b1' });
    expect(drift.getState().route).toBe(before);
    expect(win.entries).toHaveLength(1);

    win.back();
    expect(drift.getState().route).toEqual({ view: 'monitor', id: 5, batch: 'b1' });

    // A linked hash opened at start moves both stores and pushes nothing.
    stop();
    ui.getState().navigate('runs');
    const pushed = win.entries.length;
    win.location.hash = '#/drift/9';
    const again = startRouting(win, ui, drift);
    expect(ui.getState().area).toBe('drift');
    expect(drift.getState().route).toEqual({ view: 'monitor', id: 9, batch: null });
    expect(win.entries.length).toBe(pushed);
    again();
  });

  it('a hash change into the drift area pushes no hash of the area before', () => {
    const ui = createUiStore(null);
    const drift = createDriftRouteStore();
    const win = fakeWindow('#/runs');
    const listeners: (() => void)[] = [];
    const spied: RoutingWindow = { ...win, addEventListener: (type, l) => (type === 'hashchange' ? listeners.push(l) : win.addEventListener(type, l)), removeEventListener: win.removeEventListener };
    const stop = startRouting(spied, ui, drift);
    win.location.hash = '#/drift/3/column/mean%20radius';
    listeners.forEach((l) => l());
    expect(win.entries).toEqual([]);
    expect(win.location.hash).toBe('#/drift/3/column/mean%20radius');
    expect(drift.getState().route).toEqual({ view: 'column', id: 3, column: 'mean radius', batch: null });
    stop();
  });
});

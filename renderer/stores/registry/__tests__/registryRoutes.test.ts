// The registry's routes in the URL hash (renderer/routes.ts): names with any
// character, 256 characters long, survive the round trip; what is no route
// falls back to the list or the model.
import { describe, expect, it } from 'vitest';
import { parseRoute, routeOf, startRouting, type RoutingWindow } from '../../../routes';
import { createUiStore, type RegistryRoute } from '../../ui/store';

const hashOf = (registryRoute: RegistryRoute) => routeOf({ area: 'registry', openRunId: null, comparedRunIds: [], registryRoute });

function fakeWindow(hash: string) {
  const listeners = new Map<string, () => void>();
  const entries: string[] = [];
  const win: RoutingWindow & { back(): void } = {
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

describe('registry routes', () => {
  it('parses the list, a model, a version and a compare', () => {
    expect(parseRoute('#/registry')?.registry).toEqual({ view: 'list' });
    expect(parseRoute('#/registry/fraud')?.registry).toEqual({ view: 'model', name: 'fraud' });
    expect(parseRoute('#/registry/fraud/3')?.registry).toEqual({ view: 'version', name: 'fraud', version: 3 });
    expect(parseRoute('#/registry/fraud/compare?a=1&b=2')?.registry).toEqual({ view: 'compare', name: 'fraud', a: 1, b: 2 });
    // Other areas carry no registry route, so their routes are as before.
    expect(parseRoute('#/runs/r1')).not.toHaveProperty('registry');
  });

  it('falls back to the model for a bad version or compare, and to the list for a bad name', () => {
    for (const bad of ['0', '-1', '1.5', 'x', '01']) expect(parseRoute(`#/registry/fraud/${bad}`)?.registry).toEqual({ view: 'model', name: 'fraud' });
    expect(parseRoute('#/registry/fraud/compare?a=1')?.registry).toEqual({ view: 'model', name: 'fraud' });
    expect(parseRoute('#/registry/fraud/compare?a=1&b=zero')?.registry).toEqual({ view: 'model', name: 'fraud' });
    expect(parseRoute('#/registry/%E0%A4%A')?.registry).toEqual({ view: 'list' }); // a damaged escape
    expect(parseRoute(`#/registry/${'n'.repeat(257)}`)?.registry).toEqual({ view: 'list' });
    expect(parseRoute(`#/registry/${'n'.repeat(256)}`)?.registry).toEqual({ view: 'model', name: 'n'.repeat(256) });
  });

  it('writes any name so that it parses back unchanged', () => {
    const names = ['fraud', 'a/b?c#d&e=f', 'spaces and 100%', 'détection — модель 模型 🚀', 'compare', '12', 'x'.repeat(256)];
    for (const name of names) {
      for (const route of [{ view: 'model', name }, { view: 'version', name, version: 7 }, { view: 'compare', name, a: 2, b: 10 }] as RegistryRoute[]) {
        expect(parseRoute(hashOf(route))?.registry).toEqual(route);
      }
    }
    expect(hashOf({ view: 'list' })).toBe('#/registry');
    expect(hashOf({ view: 'compare', name: 'fraud', a: 1, b: 2 })).toBe('#/registry/fraud/compare?a=1&b=2');
  });

  it('follows the store through registry pages, and Back returns to the page before', () => {
    const store = createUiStore(null);
    const win = fakeWindow('#/registry');
    const stop = startRouting(win, store);
    expect(store.getState()).toMatchObject({ area: 'registry', registryRoute: { view: 'list' } });
    store.getState().openRegistry({ view: 'model', name: 'fraud' });
    expect(win.location.hash).toBe('#/registry/fraud');
    store.getState().openRegistry({ view: 'version', name: 'fraud', version: 2 });
    expect(win.location.hash).toBe('#/registry/fraud/2');
    win.back();
    expect(store.getState().registryRoute).toEqual({ view: 'model', name: 'fraud' });
    win.back();
    expect(store.getState().registryRoute).toEqual({ view: 'list' });
    stop();
  });

  it('opens the page a linked hash names, and keeps the same page object when it is opened again', () => {
    const store = createUiStore(null);
    startRouting(fakeWindow('#/registry/fraud/compare?a=3&b=1'), store);
    expect(store.getState()).toMatchObject({ area: 'registry', registryRoute: { view: 'compare', name: 'fraud', a: 3, b: 1 } });
    const before = store.getState().registryRoute;
    store.getState().openRegistry({ view: 'compare', name: 'fraud', a: 3, b: 1 });
    expect(store.getState().registryRoute).toBe(before);
    store.getState().openRegistry({ view: 'compare', name: 'fraud', a: 3, b: 2 });
    expect(store.getState().registryRoute).not.toBe(before);
  });
});

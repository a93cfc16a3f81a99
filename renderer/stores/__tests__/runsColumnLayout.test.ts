import { describe, expect, it } from 'vitest';
import { columnKey } from '../../../shared/runQuery';
import { createColumnLayoutStore, defaultLayout, layoutKey, ordered, parseLayout, type LayoutStorage } from '../runs/columnLayout';

function memoryStorage(): LayoutStorage & { data: Record<string, string> } {
  const data: Record<string, string> = {};
  return { data, getItem: (k) => data[k] ?? null, setItem: (k, v) => void (data[k] = v) };
}

const keys = (store: ReturnType<typeof createColumnLayoutStore>) => ordered(store.getState().layout.columns).map((c) => columnKey(c.column));

describe('column layout', () => {
  it('starts from checkbox-less defaults with the name pinned, and offers the first 6 metrics and params', () => {
    const store = createColumnLayoutStore(memoryStorage());
    expect(keys(store)).toEqual(['attributes.name', 'attributes.status', 'attributes.source', 'attributes.experiment', 'attributes.start_time', 'attributes.duration']);
    expect(store.getState().layout.columns[0].pinned).toBe(true);
    store.getState().offer({ metrics: ['a', 'b', 'c', 'd', 'e', 'f', 'g'], params: ['p'], tags: [] });
    expect(keys(store).slice(6)).toEqual(['metrics.a', 'metrics.b', 'metrics.c', 'metrics.d', 'metrics.e', 'metrics.f', 'params.p']);
  });

  it('remembers each project on its own, and a customized layout is not replaced by offers', () => {
    const storage = memoryStorage();
    const store = createColumnLayoutStore(storage);
    expect(store.getState().load(1)).toBe(false);
    store.getState().toggle({ kind: 'metric', name: 'loss', summary: 'min' }, true);
    store.getState().offer({ metrics: ['x'], params: [], tags: [] });
    expect(keys(store).at(-1)).toBe('metrics.loss.min');
    expect(storage.data[layoutKey(1)]).toBeDefined();
    store.getState().load(2);
    expect(keys(store)).not.toContain('metrics.loss.min');
    expect(store.getState().load(1)).toBe(true);
    expect(keys(store)).toContain('metrics.loss.min');
  });

  it('moves, nudges, pins, resizes and switches density', () => {
    const store = createColumnLayoutStore(memoryStorage());
    store.getState().move('attributes.duration', 'attributes.status');
    expect(keys(store).slice(0, 3)).toEqual(['attributes.name', 'attributes.duration', 'attributes.status']);
    store.getState().nudge('attributes.status', -1);
    expect(keys(store).slice(0, 3)).toEqual(['attributes.name', 'attributes.status', 'attributes.duration']);
    store.getState().nudge('attributes.status', -1); // not past the pinned name
    expect(keys(store)[1]).toBe('attributes.status');
    store.getState().pin('attributes.experiment', true);
    expect(keys(store).slice(0, 2)).toEqual(['attributes.name', 'attributes.experiment']);
    store.getState().resize('attributes.name', 5000);
    expect(store.getState().layout.columns[0].width).toBe(800);
    store.getState().setDensity('comfortable');
    expect(store.getState().layout.density).toBe('comfortable');
  });

  it('reads only its own version; damaged entries give the default', () => {
    expect(parseLayout('{not json')).toBeNull();
    expect(parseLayout(JSON.stringify({ version: 2, columns: [] }))).toBeNull();
    const layout = parseLayout(JSON.stringify({ version: 1, columns: [{ column: { kind: 'metric', name: 'm' }, width: 'wide' }, { column: { kind: 'bogus' } }] }));
    expect(layout?.columns).toHaveLength(1);
    expect(layout?.columns[0].width).toBeGreaterThan(0);
    expect(layout?.density).toBe('compact');
    expect(defaultLayout().density).toBe('compact');
  });
});

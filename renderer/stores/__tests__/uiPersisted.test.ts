import { describe, expect, it } from 'vitest';
import { defaultPersistedUi, loadPersistedUi, migratePersistedUi, PERSISTED_UI_KEY } from '../ui/persisted';
import { createUiStore } from '../ui/store';

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => void data.set(key, value),
    data,
  };
}

describe('persisted ui state', () => {
  it('defaults to following the OS and hiding deleted runs', () => {
    expect(defaultPersistedUi()).toEqual({ version: 3, colorScheme: 'auto', showDeleted: false, selectedRunIds: [], comparedRunIds: [] });
  });

  it('migrates a version 1 object: deleted runs stay hidden', () => {
    expect(migratePersistedUi({ version: 1, colorScheme: 'dark' })).toEqual({ version: 3, colorScheme: 'dark', showDeleted: false, selectedRunIds: [], comparedRunIds: [] });
    // Version 1 had no such field: a stray one is not trusted.
    expect(migratePersistedUi({ version: 1, colorScheme: 'dark', showDeleted: true }).showDeleted).toBe(false);
  });

  it('reads a version 2 object', () => {
    expect(migratePersistedUi({ version: 3, colorScheme: 'light', showDeleted: true })).toEqual({ version: 3, colorScheme: 'light', showDeleted: true, selectedRunIds: [], comparedRunIds: [] });
    expect(migratePersistedUi({ version: 3, colorScheme: 'light', showDeleted: 'yes' }).showDeleted).toBe(false);
  });

  it('falls back on unknown, damaged or unversioned values', () => {
    expect(migratePersistedUi('dark')).toEqual(defaultPersistedUi());
    expect(migratePersistedUi({ colorScheme: 'dark' })).toEqual(defaultPersistedUi());
    expect(migratePersistedUi({ version: 1, colorScheme: 'purple' })).toEqual(defaultPersistedUi());
    expect(loadPersistedUi(memoryStorage({ [PERSISTED_UI_KEY]: '{not json' }))).toEqual(defaultPersistedUi());
  });

  it('keeps what it knows of a newer version', () => {
    expect(migratePersistedUi({ version: 4, colorScheme: 'light', showDeleted: true, selectedRunIds: ['a', 7], comparedRunIds: ['a', 'b'], columns: [] })).toEqual({
      version: 3,
      colorScheme: 'light',
      showDeleted: true,
      selectedRunIds: ['a'],
      comparedRunIds: ['a', 'b'],
    });
  });

  it('keeps the selection and the compared runs across a reload', () => {
    const storage = memoryStorage();
    const first = createUiStore(storage);
    first.getState().setSelectedRunIds(['r1', 'r2', 'r3']);
    first.getState().compareRuns(['r1', 'r2']);
    const second = createUiStore(storage);
    expect(second.getState().selectedRunIds).toEqual(['r1', 'r2', 'r3']);
    expect(second.getState().comparedRunIds).toEqual(['r1', 'r2']);
    second.getState().forgetRuns(['r2']);
    expect(createUiStore(storage).getState().comparedRunIds).toEqual(['r1']);
  });

  it('saves the toggle choice and restores it in a new store', () => {
    const storage = memoryStorage();
    createUiStore(storage).getState().setColorScheme('dark');
    expect(JSON.parse(storage.data.get(PERSISTED_UI_KEY) ?? '')).toEqual({ version: 3, colorScheme: 'dark', showDeleted: false, selectedRunIds: [], comparedRunIds: [] });
    expect(createUiStore(storage).getState().colorScheme).toBe('dark');
  });

  it('saves "Show deleted" with the color scheme, and restores both', () => {
    const storage = memoryStorage({ [PERSISTED_UI_KEY]: JSON.stringify({ version: 1, colorScheme: 'light' }) });
    const store = createUiStore(storage);
    expect(store.getState().showDeleted).toBe(false);
    store.getState().setShowDeleted(true);
    expect(JSON.parse(storage.data.get(PERSISTED_UI_KEY) ?? '')).toEqual({ version: 3, colorScheme: 'light', showDeleted: true, selectedRunIds: [], comparedRunIds: [] });
    const again = createUiStore(storage).getState();
    expect(again.showDeleted).toBe(true);
    expect(again.colorScheme).toBe('light');
  });

  it('closes the open run when another project is selected', () => {
    const store = createUiStore(null);
    store.getState().openRun('r1');
    store.getState().selectProject(4);
    expect(store.getState().openRunId).toBeNull();
    expect(store.getState().selectedProjectId).toBe(4);
  });

  it('starts another project from every source, with its warnings panel closed', () => {
    const store = createUiStore(null);
    store.getState().setSourceFilter('tensorboard');
    store.getState().openWarnings(true);
    store.getState().selectProject(2);
    expect(store.getState().sourceFilter).toBeNull();
    expect(store.getState().warningsOpen).toBe(false);
  });
});

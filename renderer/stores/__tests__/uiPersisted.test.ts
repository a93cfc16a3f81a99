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
  it('defaults to following the OS', () => {
    expect(defaultPersistedUi()).toEqual({ version: 1, colorScheme: 'auto' });
  });

  it('reads a version 1 object', () => {
    expect(migratePersistedUi({ version: 1, colorScheme: 'dark' })).toEqual({ version: 1, colorScheme: 'dark' });
  });

  it('falls back on unknown, damaged or unversioned values', () => {
    expect(migratePersistedUi('dark')).toEqual(defaultPersistedUi());
    expect(migratePersistedUi({ colorScheme: 'dark' })).toEqual(defaultPersistedUi());
    expect(migratePersistedUi({ version: 1, colorScheme: 'purple' })).toEqual(defaultPersistedUi());
    expect(loadPersistedUi(memoryStorage({ [PERSISTED_UI_KEY]: '{not json' }))).toEqual(defaultPersistedUi());
  });

  it('keeps what it knows of a newer version', () => {
    expect(migratePersistedUi({ version: 2, colorScheme: 'light', columns: [] })).toEqual({ version: 1, colorScheme: 'light' });
  });

  it('saves the toggle choice and restores it in a new store', () => {
    const storage = memoryStorage();
    createUiStore(storage).getState().setColorScheme('dark');
    expect(JSON.parse(storage.data.get(PERSISTED_UI_KEY) ?? '')).toEqual({ version: 1, colorScheme: 'dark' });
    expect(createUiStore(storage).getState().colorScheme).toBe('dark');
  });

  it('closes the open run when another project is selected', () => {
    const store = createUiStore(null);
    store.getState().openRun('r1');
    store.getState().selectProject(4);
    expect(store.getState().openRunId).toBeNull();
    expect(store.getState().selectedProjectId).toBe(4);
  });
});

// Mantine keeps its color scheme through this manager; we keep it in the ui
// store's persisted object instead of Mantine's own bare localStorage key.
import type { MantineColorSchemeManager } from '@mantine/core';
import type { StoreApi } from 'zustand';
import { migratePersistedUi, PERSISTED_UI_KEY } from './stores/ui/persisted';
import type { UiState } from './stores/ui/store';

export function uiColorSchemeManager(store: StoreApi<UiState>): MantineColorSchemeManager {
  let onStorage: ((event: StorageEvent) => void) | null = null;
  return {
    get: () => store.getState().colorScheme,
    set: (value) => store.getState().setColorScheme(value),
    subscribe(onUpdate) {
      // Another window changed the choice.
      onStorage = (event) => {
        if (event.key !== PERSISTED_UI_KEY || event.newValue === null) return;
        try {
          onUpdate(migratePersistedUi(JSON.parse(event.newValue)).colorScheme);
        } catch {
          // ignore a damaged value; ours stays
        }
      };
      window.addEventListener('storage', onStorage);
    },
    unsubscribe() {
      if (onStorage) window.removeEventListener('storage', onStorage);
      onStorage = null;
    },
    clear: () => store.getState().setColorScheme('auto'),
  };
}

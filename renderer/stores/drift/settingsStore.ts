// The monitor settings dialog's requests: saving the changes (new settings
// make the backend forget every batch and recompute them, its progress shown
// in the page's header) and removing the monitor, each with the backend's
// refusal kept for the dialog to show. Nothing changed: nothing is sent.
import { createStore, useStore, type StoreApi } from 'zustand';
import type { MonitorSettings } from '../../../shared/drift/monitor';
import type { ApiError } from '../../../shared/errors';
import { driftClient, type DriftClient } from '../../api/driftClient';
import { driftListStore } from './listStore';
import { monitorStore } from './monitorStore';
import { openDrift } from './route';

export interface SettingsState {
  /** The monitor whose dialog is open, or null. */
  openFor: number | null;
  saving: boolean;
  saveError: ApiError | null;
  /** The remove confirm is showing. */
  confirmingRemove: boolean;
  removing: boolean;
  removeError: ApiError | null;
  open(id: number): void;
  close(): void;
  /** Sends the changes; true when saved (or nothing to send), and the dialog closes. */
  save(id: number, changes: { name?: string; settings?: MonitorSettings }): Promise<boolean>;
  askRemove(ask: boolean): void;
  remove(id: number): Promise<boolean>;
}

export interface SettingsEffects {
  /** After a save: the page's detail is stale (the backend's drift/changed also says so). */
  saved(id: number): void;
  /** After a removal: leave the monitor's page. */
  removed(id: number): void;
}

const closed = { openFor: null, saving: false, saveError: null, confirmingRemove: false, removing: false, removeError: null };

export function createSettingsStore(client: DriftClient, effects: SettingsEffects): StoreApi<SettingsState> {
  return createStore<SettingsState>()((set, get) => ({
    ...closed,
    open: (id) => set({ ...closed, openFor: id }),
    close() {
      // A request under way still ends; only its outcome is no longer shown.
      set({ ...closed });
    },
    async save(id, changes) {
      if (changes.name === undefined && changes.settings === undefined) {
        set({ ...closed });
        return true;
      }
      set({ saving: true, saveError: null });
      const result = await client.editMonitor(id, changes);
      if (get().openFor !== id) return result.ok;
      if (!result.ok) {
        set({ saving: false, saveError: result.error });
        return false;
      }
      set({ ...closed });
      effects.saved(id);
      return true;
    },
    askRemove: (ask) => set({ confirmingRemove: ask, removeError: null }),
    async remove(id) {
      set({ removing: true, removeError: null });
      const result = await client.removeMonitor(id);
      if (!result.ok) {
        if (get().openFor === id) set({ removing: false, removeError: result.error });
        return false;
      }
      set({ ...closed });
      effects.removed(id);
      return true;
    },
  }));
}

export const settingsStore = createSettingsStore(driftClient, {
  saved: () => monitorStore.getState().reload(),
  removed: () => {
    openDrift({ view: 'list' });
    void driftListStore.getState().load();
  },
});

export function useSettingsStore<T>(selector: (state: SettingsState) => T): T {
  return useStore(settingsStore, selector);
}

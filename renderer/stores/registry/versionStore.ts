// One version's page: its record and lineage (datasets and git commit → run →
// version → scoring jobs), and the edit of its description and tags. Follows
// the ui store's registry route (the version page); refetches on
// `registry/changed` for its model.
import { createStore, useStore, type StoreApi } from 'zustand';
import type { ApiError } from '../../../shared/errors';
import type { VersionLineage } from '../../../shared/registry/types';
import { registryClient, type RegistryClient } from '../../api/registryClient';
import { createRequestCounter, debounce, REFETCH_DEBOUNCE_MS, type LoadStatus } from '../latest';
import { uiStore, type RegistryRoute } from '../ui/store';
import type { RouteSource } from './modelStore';
import { followRouteAndChanges } from './routeSync';

export interface VersionKey {
  name: string;
  version: number;
}

export interface VersionEdit {
  description: string | null;
  tags: Record<string, string>;
}

export interface VersionState {
  key: VersionKey | null;
  lineage: VersionLineage | null;
  status: LoadStatus;
  error: ApiError | null;
  saving: boolean;
  saveError: ApiError | null;
  /** Saves the description and tags; true when the backend took them. */
  save(edit: VersionEdit): Promise<boolean>;
  open(key: VersionKey): void;
  reload(): void;
  startSync(): () => void;
}

const routedKey = (route: RegistryRoute): VersionKey | null => (route.view === 'version' ? { name: route.name, version: route.version } : null);
const sameKey = (a: VersionKey | null, b: VersionKey): boolean => a !== null && a.name === b.name && a.version === b.version;

export function createVersionStore(client: RegistryClient, ui: RouteSource): StoreApi<VersionState> {
  const loads = createRequestCounter();
  return createStore<VersionState>()((set, get) => {
    const load = async (): Promise<void> => {
      const { key } = get();
      if (key === null) return;
      const id = loads.next();
      const result = await client.lineage(key.name, key.version);
      if (!loads.isLatest(id) || get().key !== key) return;
      if (result.ok) set({ lineage: result.value, status: 'ready', error: null });
      else set({ status: 'error', error: result.error, lineage: null });
    };
    const reloadSoon = debounce(() => void load(), REFETCH_DEBOUNCE_MS);
    return {
      key: null,
      lineage: null,
      status: 'idle',
      error: null,
      saving: false,
      saveError: null,
      async save(edit) {
        const { key } = get();
        if (key === null) return false;
        set({ saving: true, saveError: null });
        const result = await client.editVersion({ name: key.name, version: key.version, description: edit.description, tags: edit.tags });
        if (get().key !== key) return false;
        set({ saving: false, saveError: result.ok ? null : result.error });
        if (result.ok) void load();
        return result.ok;
      },
      open(key) {
        if (!sameKey(get().key, key)) set({ key: { ...key }, lineage: null, status: 'loading', error: null, saveError: null });
        void load();
      },
      reload: () => void load(),
      startSync() {
        return followRouteAndChanges(ui, client, routedKey, (value) => get().open(value), () => get().key?.name, reloadSoon);
      },
    };
  });
}

export const versionStore = createVersionStore(registryClient, uiStore);

export function useVersionStore<T>(selector: (state: VersionState) => T): T {
  return useStore(versionStore, selector);
}

// The Registry area's front page: Runlens's registered models, and the MLflow
// registries read from project folders (read-only), whose versions can be
// copied into Runlens's registry. Refetched on `registry/changed` and when
// projects are read again.
import { createStore, useStore, type StoreApi } from 'zustand';
import type { RegisteredModel } from '../../../shared/domain';
import type { ApiError, Result } from '../../../shared/errors';
import type { ModelVersionRecord, RegistryModel } from '../../../shared/registry/types';
import { registryClient, type RegistryClient } from '../../api/registryClient';
import { createRequestCounter, debounce, REFETCH_DEBOUNCE_MS, type LoadStatus } from '../latest';

/** One MLflow version as the copy action names it. */
export interface MlflowVersionKey {
  location: string;
  name: string;
  version: number;
}

export const mlflowKey = (key: MlflowVersionKey): string => `${key.location}\u0000${key.name}\u0000${key.version}`;

export interface RegistryListState {
  models: RegistryModel[];
  status: LoadStatus;
  error: ApiError | null;
  load(): Promise<void>;

  mlflow: RegisteredModel[];
  mlflowStatus: LoadStatus;
  mlflowError: ApiError | null;
  loadMlflow(): Promise<void>;

  /** The MLflow version being copied (its mlflowKey), while the request runs. */
  copying: string | null;
  copyError: { key: string; error: ApiError } | null;
  /** The version the last copy made in Runlens's registry. */
  copied: { key: string; version: ModelVersionRecord } | null;
  /** Copies an MLflow version (with its stage and aliases) into Runlens's registry, under `as` or its own name. */
  copyFromMlflow(key: MlflowVersionKey, as?: string): Promise<Result<ModelVersionRecord>>;

  startSync(): () => void;
}

export function createRegistryListStore(client: RegistryClient): StoreApi<RegistryListState> {
  const lists = createRequestCounter();
  const mlflowLists = createRequestCounter();
  return createStore<RegistryListState>()((set, get) => {
    const reloadSoon = debounce(() => void get().load(), REFETCH_DEBOUNCE_MS);
    const reloadMlflowSoon = debounce(() => void get().loadMlflow(), REFETCH_DEBOUNCE_MS);
    return {
      models: [],
      status: 'idle',
      error: null,
      async load() {
        const id = lists.next();
        if (get().status !== 'ready') set({ status: 'loading' });
        const result = await client.list();
        if (!lists.isLatest(id)) return;
        if (result.ok) set({ models: result.value, status: 'ready', error: null });
        else set({ status: 'error', error: result.error });
      },

      mlflow: [],
      mlflowStatus: 'idle',
      mlflowError: null,
      async loadMlflow() {
        const id = mlflowLists.next();
        if (get().mlflowStatus !== 'ready') set({ mlflowStatus: 'loading' });
        const result = await client.mlflowModels();
        if (!mlflowLists.isLatest(id)) return;
        if (result.ok) set({ mlflow: result.value, mlflowStatus: 'ready', mlflowError: null });
        else set({ mlflowStatus: 'error', mlflowError: result.error });
      },

      copying: null,
      copyError: null,
      copied: null,
      async copyFromMlflow(key, as) {
        const k = mlflowKey(key);
        set({ copying: k, copyError: null });
        const trimmed = as?.trim();
        const result = await client.copyFromMlflow({ location: key.location, name: key.name, version: key.version, ...(trimmed ? { as: trimmed } : {}) });
        if (result.ok) {
          set({ copying: null, copied: { key: k, version: result.value } });
          void get().load();
        } else set({ copying: null, copyError: { key: k, error: result.error } });
        return result;
      },

      startSync() {
        const offChanged = client.onChanged(() => reloadSoon.call());
        const offProjects = client.onProjectsChanged(() => reloadMlflowSoon.call());
        void get().load();
        void get().loadMlflow();
        return () => {
          offChanged();
          offProjects();
          reloadSoon.cancel();
          reloadMlflowSoon.cancel();
        };
      },
    };
  });
}

export const registryListStore = createRegistryListStore(registryClient);

export function useRegistryListStore<T>(selector: (state: RegistryListState) => T): T {
  return useStore(registryListStore, selector);
}

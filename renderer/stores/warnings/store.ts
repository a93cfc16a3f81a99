// Warnings of the project in view (or of all projects), kept fresh from change events.
import { createStore, useStore, type StoreApi } from 'zustand';
import type { IngestWarning } from '../../../shared/domain';
import type { ApiError } from '../../../shared/errors';
import { warningsClient, type WarningsClient } from '../../api/warningsClient';
import { createRequestCounter, debounce, REFETCH_DEBOUNCE_MS, type LoadStatus } from '../latest';

export interface WarningsState {
  /** The project whose warnings are listed; null for all projects. */
  projectId: number | null;
  warnings: IngestWarning[];
  status: LoadStatus;
  error: ApiError | null;
  /** Lists the warnings of another project (or all): clears the list, then fetches. */
  show(projectId: number | null): void;
  /** Fetches again, keeping what is listed until the answer comes. */
  refresh(): Promise<void>;
  /** Listens for changes; returns the function that stops listening. */
  startSync(): () => void;
}

export function createWarningsStore(client: WarningsClient): StoreApi<WarningsState> {
  const requests = createRequestCounter();
  return createStore<WarningsState>()((set, get) => {
    const fetchWarnings = async (): Promise<void> => {
      const id = requests.next();
      const result = await client.list(get().projectId);
      if (!requests.isLatest(id)) return; // a newer request (or another project) won
      if (result.ok) set({ warnings: result.value, status: 'ready', error: null });
      else set({ status: 'error', error: result.error });
    };
    const fetchSoon = debounce(() => void fetchWarnings(), REFETCH_DEBOUNCE_MS);

    const onChange = (changed: number | null): void => {
      const { projectId: shown, status } = get();
      if (status === 'idle') return;
      if (shown !== null && changed !== null && changed !== shown) return;
      fetchSoon.call();
    };

    return {
      projectId: null,
      warnings: [],
      status: 'idle',
      error: null,
      show(projectId) {
        const { status } = get();
        if (get().projectId === projectId && (status === 'loading' || status === 'ready')) return;
        fetchSoon.cancel();
        set({ projectId, warnings: [], status: 'loading', error: null });
        void fetchWarnings();
      },
      refresh: fetchWarnings,
      startSync() {
        const off = client.onChanged(onChange);
        return () => {
          off();
          fetchSoon.cancel();
        };
      },
    };
  });
}

export const warningsStore = createWarningsStore(warningsClient);

export function useWarningsStore<T>(selector: (state: WarningsState) => T): T {
  return useStore(warningsStore, selector);
}

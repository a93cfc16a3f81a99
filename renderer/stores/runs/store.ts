// Runs of the project in view (or of all projects), kept fresh from change events.
import { createStore, useStore, type StoreApi } from 'zustand';
import type { Run } from '../../../shared/domain';
import type { ApiError } from '../../../shared/errors';
import { runsClient, type RunsClient } from '../../api/runsClient';
import { createRequestCounter, debounce, REFETCH_DEBOUNCE_MS, type LoadStatus } from '../latest';

export interface RunsState {
  /** The project whose runs are shown; null for all projects. */
  projectId: number | null;
  runs: Run[];
  status: LoadStatus;
  error: ApiError | null;
  /** Shows the runs of another project (or all): clears the list, then fetches. */
  show(projectId: number | null): void;
  /** Fetches again, keeping what is shown until the answer comes. */
  refresh(): Promise<void>;
  /** Listens for run changes; returns the function that stops listening. */
  startSync(): () => void;
}

export function createRunsStore(client: RunsClient): StoreApi<RunsState> {
  const requests = createRequestCounter();
  return createStore<RunsState>()((set, get) => {
    const fetchRuns = async (): Promise<void> => {
      const id = requests.next();
      const { projectId } = get();
      const result = await client.list(projectId);
      if (!requests.isLatest(id)) return; // a newer request (or another project) won
      if (result.ok) set({ runs: result.value, status: 'ready', error: null });
      else set({ status: 'error', error: result.error });
    };
    const refetchSoon = debounce(() => void fetchRuns(), REFETCH_DEBOUNCE_MS);

    return {
      projectId: null,
      runs: [],
      status: 'idle',
      error: null,
      show(projectId) {
        const { status } = get();
        if (get().projectId === projectId && (status === 'loading' || status === 'ready')) return;
        refetchSoon.cancel();
        set({ projectId, runs: [], status: 'loading', error: null });
        void fetchRuns();
      },
      refresh: fetchRuns,
      startSync() {
        const off = client.onChanged((change) => {
          const shown = get().projectId;
          if (get().status === 'idle') return;
          if (shown === null || change.projectId === null || change.projectId === shown) refetchSoon.call();
        });
        return () => {
          off();
          refetchSoon.cancel();
        };
      },
    };
  });
}

export const runsStore = createRunsStore(runsClient);

export function useRunsStore<T>(selector: (state: RunsState) => T): T {
  return useStore(runsStore, selector);
}

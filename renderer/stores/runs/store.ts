// Runs of the project in view (or of all projects), kept fresh from change events.
import { createStore, useStore, type StoreApi } from 'zustand';
import type { Run, RunDetail } from '../../../shared/domain';
import type { ApiError } from '../../../shared/errors';
import { runsClient, type RunsChanged, type RunsClient } from '../../api/runsClient';
import { createRequestCounter, debounce, REFETCH_DEBOUNCE_MS, type LoadStatus } from '../latest';
import { runIdsOf } from './selectors';

/** Up to this many changed runs are fetched one by one instead of refetching the whole list. */
export const MAX_RUNS_FETCHED_ONE_BY_ONE = 20;

export interface RunsState {
  /** The project whose runs are shown; null for all projects. */
  projectId: number | null;
  /** Whether runs deleted in their source are listed too. */
  includeDeleted: boolean;
  runs: Run[];
  status: LoadStatus;
  error: ApiError | null;
  /** Shows the runs of another project (or all): clears the list, then fetches. */
  show(projectId: number | null): void;
  /** Lists deleted runs too, or not: refetches, keeping what is shown until the answer comes. */
  setIncludeDeleted(include: boolean): void;
  /** Fetches again, keeping what is shown until the answer comes. */
  refresh(): Promise<void>;
  /** Listens for run changes; returns the function that stops listening. */
  startSync(): () => void;
}

function runOf(detail: RunDetail): Run {
  const { artifacts: _artifacts, warnings: _warnings, ...run } = detail;
  return run;
}

export function createRunsStore(client: RunsClient): StoreApi<RunsState> {
  const lists = createRequestCounter();
  return createStore<RunsState>()((set, get) => {
    const fetchRuns = async (): Promise<void> => {
      const id = lists.next();
      const { projectId, includeDeleted } = get();
      const result = await client.list(projectId, { includeDeleted });
      if (!lists.isLatest(id)) return; // a newer request (or another project) won
      if (result.ok) set({ runs: result.value, status: 'ready', error: null });
      else set({ status: 'error', error: result.error });
    };

    // Change events refetch the list at most one request at a time: a 10,000-run
    // list takes long enough that a run logging twice a second would pile them up.
    let inFlight = false;
    let again = false;
    const refetchList = (): void => {
      if (inFlight) {
        again = true;
        return;
      }
      inFlight = true;
      void fetchRuns().finally(() => {
        inFlight = false;
        if (again) {
          again = false;
          listSoon.call();
        }
      });
    };
    const listSoon = debounce(refetchList, REFETCH_DEBOUNCE_MS);

    // A few known runs changed (a training run logging): fetch just those.
    const changedIds = new Set<string>();
    const fetchChanged = async (): Promise<void> => {
      const ids = [...changedIds];
      changedIds.clear();
      const listAtStart = lists.latest();
      const results = await Promise.all(ids.map((id) => client.get(id)));
      if (lists.latest() !== listAtStart) return; // a whole-list fetch started since, and has them
      const updated = new Map<string, Run>();
      for (const result of results) {
        // Gone, deleted in its source (and deleted runs hidden) or unreadable: the list says what to show.
        if (!result.ok || (result.value.deleted && !get().includeDeleted)) return listSoon.call();
        updated.set(result.value.id, runOf(result.value));
      }
      set({ runs: get().runs.map((run) => updated.get(run.id) ?? run) });
    };
    const changedSoon = debounce(() => void fetchChanged(), REFETCH_DEBOUNCE_MS);

    const onChange = (change: RunsChanged): void => {
      const { projectId: shown, status, runs } = get();
      if (status === 'idle') return;
      if (shown !== null && change.projectId !== null && change.projectId !== shown) return;
      const known = runIdsOf(runs);
      const fewKnown =
        status === 'ready' &&
        change.runIds.length > 0 &&
        change.runIds.length <= MAX_RUNS_FETCHED_ONE_BY_ONE &&
        change.runIds.every((id) => known.has(id));
      if (!fewKnown) return listSoon.call();
      for (const id of change.runIds) changedIds.add(id);
      changedSoon.call();
    };

    return {
      projectId: null,
      includeDeleted: false,
      runs: [],
      status: 'idle',
      error: null,
      show(projectId) {
        const { status } = get();
        if (get().projectId === projectId && (status === 'loading' || status === 'ready')) return;
        listSoon.cancel();
        changedSoon.cancel();
        changedIds.clear();
        set({ projectId, runs: [], status: 'loading', error: null });
        void fetchRuns();
      },
      setIncludeDeleted(includeDeleted) {
        if (get().includeDeleted === includeDeleted) return;
        set({ includeDeleted });
        if (get().status === 'idle') return; // the first show() asks with it
        changedSoon.cancel();
        changedIds.clear();
        void fetchRuns();
      },
      refresh: fetchRuns,
      startSync() {
        const off = client.onChanged(onChange);
        return () => {
          off();
          listSoon.cancel();
          changedSoon.cancel();
        };
      },
    };
  });
}

export const runsStore = createRunsStore(runsClient);

export function useRunsStore<T>(selector: (state: RunsState) => T): T {
  return useStore(runsStore, selector);
}

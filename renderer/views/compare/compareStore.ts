// The compared runs' data: one runs/columns and one runs/query for the runs in
// uiStore.comparedRunIds, kept fresh from run changes. It follows the ui
// store itself (a subscription, not a copy): changing the comparison refetches.
import { createStore, type StoreApi } from 'zustand';
import type { ApiError } from '../../../shared/errors';
import type { RunColumnsAvailable, RunRow } from '../../../shared/runQuery';
import type { RunsChanged, RunsClient } from '../../api/runsClient';
import { createRequestCounter, debounce, REFETCH_DEBOUNCE_MS, type LoadStatus } from '../../stores/latest';
import type { UiState } from '../../stores/ui/store';
import { inComparedOrder, missingRuns, planColumns, type ColumnPlan } from './comparePlan';

export interface CompareDataState {
  /** The runs the rows are for (the comparison when the answer was asked for). */
  runIds: string[];
  /** One row per compared run still in the store, in the order they were compared. */
  rows: RunRow[];
  /** The param, tag and metric keys of the compared runs. */
  available: RunColumnsAvailable | null;
  /** What the rows carry: the params, and the metrics whose last/min/max they hold. */
  plan: ColumnPlan | null;
  status: LoadStatus;
  error: ApiError | null;
  /** Compared runs the store no longer has (they left the comparison); shown until dismissed. */
  gone: string[];
  /** Metrics a view asked summaries for beyond the first ones by name. */
  wantedMetrics: string[];
  /** Asks for the summaries of these metrics too (a pick in the leaderboard, scatter, axes); refetches when new. */
  wantMetrics(keys: readonly string[]): void;
  dismissGone(): void;
  /** Fetches again, keeping what is shown until the answer comes. */
  refresh(): Promise<void>;
  /** Follows the comparison and run changes, fetching now; returns the function that stops. */
  startSync(): () => void;
}

export type CompareClient = Pick<RunsClient, 'columns' | 'query' | 'onChanged'>;
export type ComparedRunsSource = Pick<StoreApi<UiState>, 'getState' | 'subscribe'>;

/** Deleted-in-source and hidden runs stay comparable: only a run gone from the store leaves. */
const scope = { includeDeleted: true, includeHidden: true } as const;

export function createCompareStore(client: CompareClient, ui: ComparedRunsSource): StoreApi<CompareDataState> {
  const requests = createRequestCounter();
  return createStore<CompareDataState>()((set, get) => {
    const fetchData = async (): Promise<void> => {
      const id = requests.next();
      const runIds = ui.getState().comparedRunIds;
      const kept = new Set(runIds);
      if (runIds.length < 2) {
        set({ runIds, rows: get().rows.filter((row) => kept.has(row.id)), status: 'idle', error: null });
        return;
      }
      // Keep the runs still compared on screen while the new answer comes.
      set({ runIds, rows: get().rows.filter((row) => kept.has(row.id)), status: 'loading' });
      const columns = await client.columns({ ...scope, runIds });
      if (!requests.isLatest(id)) return;
      if (!columns.ok) return set({ status: 'error', error: columns.error });
      const plan = planColumns(columns.value, get().wantedMetrics);
      const page = await client.query({ ...scope, runIds, offset: 0, limit: runIds.length, columns: plan.columns });
      if (!requests.isLatest(id)) return;
      if (!page.ok) return set({ status: 'error', error: page.error });
      const gone = missingRuns(runIds, page.value.rows);
      set({
        rows: inComparedOrder(runIds, page.value.rows),
        available: columns.value,
        plan,
        status: 'ready',
        error: null,
        gone: gone.length ? [...new Set([...get().gone, ...gone])] : get().gone,
      });
      // The ui store drops them from the comparison, which asks again without them.
      if (gone.length) ui.getState().forgetRuns(gone);
    };
    const fetchSoon = debounce(() => void fetchData(), REFETCH_DEBOUNCE_MS);

    const onChange = (change: RunsChanged): void => {
      if (get().status === 'idle' && ui.getState().comparedRunIds.length < 2) return;
      const compared = new Set(ui.getState().comparedRunIds);
      // No ids: anything may have changed (a re-scan).
      if (change.runIds.length === 0 || change.runIds.some((id) => compared.has(id))) fetchSoon.call();
    };

    return {
      runIds: [],
      rows: [],
      available: null,
      plan: null,
      status: 'idle',
      error: null,
      gone: [],
      wantedMetrics: [],
      wantMetrics(keys) {
        const { plan, available, wantedMetrics } = get();
        const known = new Set(available?.metrics ?? []);
        const shown = new Set([...(plan?.metrics ?? []), ...wantedMetrics]);
        const added = keys.filter((key) => known.has(key) && !shown.has(key));
        if (added.length === 0) return;
        set({ wantedMetrics: [...wantedMetrics, ...added] });
        fetchSoon.call();
      },
      dismissGone: () => set({ gone: [] }),
      refresh: fetchData,
      startSync() {
        const offUi = ui.subscribe((state, prev) => {
          if (state.comparedRunIds !== prev.comparedRunIds) void fetchData();
        });
        const offChanges = client.onChanged(onChange);
        void fetchData();
        return () => {
          offUi();
          offChanges();
          fetchSoon.cancel();
        };
      },
    };
  });
}

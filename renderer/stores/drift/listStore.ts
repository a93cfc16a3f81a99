// The Drift area's front page and the sidebar's badge: every monitor (with
// its unseen alerts), every monitor's alerts, and adding a monitor (the
// backend's refusal shown in the form). Synced from the app's start, so the
// badge counts alerts wherever the user is; refetched on `drift/changed`,
// `drift/alert` and when a run ends.
import { createStore, useStore, type StoreApi } from 'zustand';
import type { DriftAlert, DriftMonitor } from '../../../shared/drift/monitor';
import type { ApiError, Result } from '../../../shared/errors';
import { driftClient, type AddMonitorArgs, type DriftClient } from '../../api/driftClient';
import { createRequestCounter, debounce, REFETCH_DEBOUNCE_MS, type LoadStatus } from '../latest';

/** The list page shows this many of the newest alerts. */
export const ALERTS_LISTED = 200;

export interface DriftListState {
  monitors: DriftMonitor[];
  status: LoadStatus;
  error: ApiError | null;
  load(): Promise<void>;

  alerts: DriftAlert[];
  alertsStatus: LoadStatus;
  alertsError: ApiError | null;
  loadAlerts(): Promise<void>;
  /** Marks every monitor's alerts seen (the list page's button). */
  markAllSeen(): Promise<void>;

  adding: boolean;
  addError: ApiError | null;
  /** Adds a monitor; the backend starts computing its batches. */
  add(args: AddMonitorArgs): Promise<Result<DriftMonitor>>;
  clearAddError(): void;

  /** Follows the change, alert and progress events; returns the function that stops. */
  startSync(): () => void;
}

export function createDriftListStore(client: DriftClient): StoreApi<DriftListState> {
  const lists = createRequestCounter();
  const alertLists = createRequestCounter();
  return createStore<DriftListState>()((set, get) => {
    const reloadSoon = debounce(() => {
      void get().load();
      void get().loadAlerts();
    }, REFETCH_DEBOUNCE_MS);
    return {
      monitors: [],
      status: 'idle',
      error: null,
      async load() {
        const id = lists.next();
        if (get().status !== 'ready') set({ status: 'loading' });
        const result = await client.monitors();
        if (!lists.isLatest(id)) return;
        if (result.ok) set({ monitors: result.value, status: 'ready', error: null });
        else set({ status: 'error', error: result.error });
      },

      alerts: [],
      alertsStatus: 'idle',
      alertsError: null,
      async loadAlerts() {
        const id = alertLists.next();
        if (get().alertsStatus !== 'ready') set({ alertsStatus: 'loading' });
        const result = await client.alerts(undefined, ALERTS_LISTED);
        if (!alertLists.isLatest(id)) return;
        if (result.ok) set({ alerts: result.value, alertsStatus: 'ready', alertsError: null });
        else set({ alertsStatus: 'error', alertsError: result.error });
      },
      async markAllSeen() {
        const result = await client.markAlertsSeen();
        if (result.ok) reloadSoon.call();
      },

      adding: false,
      addError: null,
      async add(args) {
        set({ adding: true, addError: null });
        const result = await client.addMonitor(args);
        set({ adding: false, addError: result.ok ? null : result.error });
        if (result.ok) void get().load();
        return result;
      },
      clearAddError: () => set({ addError: null }),

      startSync() {
        const offChanged = client.onChanged(() => reloadSoon.call());
        const offAlert = client.onAlert(() => reloadSoon.call());
        const offProgress = client.onProgress((progress) => {
          // The state column (running, idle, error) changes at a run's start and end.
          if (progress.phase !== 'batches') reloadSoon.call();
        });
        void get().load();
        void get().loadAlerts();
        return () => {
          offChanged();
          offAlert();
          offProgress();
          reloadSoon.cancel();
        };
      },
    };
  });
}

export const driftListStore = createDriftListStore(driftClient);

export function useDriftListStore<T>(selector: (state: DriftListState) => T): T {
  return useStore(driftListStore, selector);
}

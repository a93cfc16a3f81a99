// One monitor's page: its detail (every batch computed so far and its alerts,
// in one `drift/monitor` request that feeds the summary, the sparklines and
// every over-time chart), the progress of its run with Run now and Cancel, and
// its alerts marked seen once shown. Follows the Drift route and refetches on
// `drift/changed` for this monitor, the newest request winning.
import { createStore, useStore, type StoreApi } from 'zustand';
import type { DriftProgress, MonitorDetail } from '../../../shared/drift/monitor';
import type { ApiError } from '../../../shared/errors';
import { driftClient, type DriftClient } from '../../api/driftClient';
import { createRequestCounter, debounce, REFETCH_DEBOUNCE_MS, type LoadStatus } from '../latest';
import { driftListStore } from './listStore';
import { driftRouteStore, type DriftRoute } from './route';

export interface DriftRouteSource {
  getState(): { route: DriftRoute };
  subscribe(listener: (state: { route: DriftRoute }) => void): () => void;
}

export interface MonitorState {
  id: number | null;
  detail: MonitorDetail | null;
  status: LoadStatus;
  error: ApiError | null;
  /** This monitor's latest progress event, or null before one. */
  progress: DriftProgress | null;
  /** A refused Run now or Cancel. */
  actionError: ApiError | null;
  /** Alerts that were unseen when this page showed them: still marked new while it stays open. */
  newAlertIds: number[];
  open(id: number): void;
  reload(): void;
  run(): Promise<void>;
  cancel(): Promise<void>;
  startSync(): () => void;
}

const routedId = (route: DriftRoute): number | null => (route.view === 'list' ? null : route.id);

/** Whether a progress event says the run is still going on. */
export const isRunning = (progress: DriftProgress | null): boolean => progress !== null && (progress.phase === 'reference' || progress.phase === 'batches');

export function createMonitorStore(client: DriftClient, routes: DriftRouteSource, afterSeen: () => void): StoreApi<MonitorState> {
  const details = createRequestCounter();
  return createStore<MonitorState>()((set, get) => {
    const markShownSeen = async (id: number, detail: MonitorDetail): Promise<void> => {
      const unseen = detail.alerts.filter((alert) => alert.seenAt === null).map((alert) => alert.id);
      if (!unseen.length) return;
      set({ newAlertIds: [...new Set([...get().newAlertIds, ...unseen])] });
      const result = await client.markAlertsSeen(id);
      if (result.ok) afterSeen();
    };
    const load = async (): Promise<void> => {
      const id = get().id;
      if (id === null) return;
      const request = details.next();
      if (get().detail?.monitor.id !== id) set({ status: 'loading' });
      const result = await client.monitor(id);
      if (!details.isLatest(request) || get().id !== id) return;
      if (!result.ok) return set({ status: 'error', error: result.error, detail: null });
      set({ detail: result.value, status: 'ready', error: null });
      void markShownSeen(id, result.value);
    };
    const reloadSoon = debounce(() => void load(), REFETCH_DEBOUNCE_MS);
    return {
      id: null,
      detail: null,
      status: 'idle',
      error: null,
      progress: null,
      actionError: null,
      newAlertIds: [],
      open(id) {
        if (get().id === id) return void load();
        // Another monitor: nothing of the one before may show, not even for a moment.
        set({ id, detail: null, status: 'loading', error: null, progress: null, actionError: null, newAlertIds: [] });
        void load();
      },
      reload: () => void load(),
      async run() {
        const id = get().id;
        if (id === null) return;
        set({ actionError: null });
        const result = await client.run(id);
        if (get().id !== id) return;
        if (!result.ok) set({ actionError: result.error });
        else reloadSoon.call();
      },
      async cancel() {
        const id = get().id;
        if (id === null) return;
        const result = await client.cancel(id);
        if (get().id === id && !result.ok) set({ actionError: result.error });
      },
      startSync() {
        const follow = (route: DriftRoute): void => {
          const id = routedId(route);
          if (id !== null) get().open(id);
        };
        let last = routes.getState().route;
        follow(last);
        const offRoute = routes.subscribe((state) => {
          if (state.route === last) return;
          const before = routedId(last);
          last = state.route;
          // Another batch or column of the same monitor needs no refetch: the detail holds every batch.
          if (routedId(last) !== before) follow(last);
        });
        const offChanged = client.onChanged((monitorId) => {
          if (monitorId === null || monitorId === get().id) reloadSoon.call();
        });
        const offProgress = client.onProgress((progress) => {
          if (progress.monitorId !== get().id) return;
          set({ progress });
          if (!isRunning(progress)) reloadSoon.call();
        });
        return () => {
          offRoute();
          offChanged();
          offProgress();
          reloadSoon.cancel();
        };
      },
    };
  });
}

export const monitorStore = createMonitorStore(driftClient, driftRouteStore, () => void driftListStore.getState().load());

export function useMonitorStore<T>(selector: (state: MonitorState) => T): T {
  return useStore(monitorStore, selector);
}

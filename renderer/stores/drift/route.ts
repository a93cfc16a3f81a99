// What the Drift area shows: the monitors list, a monitor's page (with the
// batch picked, or the newest), or one column of a batch. Kept beside the ui
// store (which owns the area): the URL hash follows both (renderer/routes.ts).
import { createStore, useStore, type StoreApi } from 'zustand';
import { uiStore } from '../ui/store';

export type DriftRoute =
  | { view: 'list' }
  /** `batch` null: the newest batch. */
  | { view: 'monitor'; id: number; batch: string | null }
  | { view: 'column'; id: number; column: string; batch: string | null };

export interface DriftRouteState {
  route: DriftRoute;
  /** Shows this page; the same page keeps its object, so stores refetch on a new one only. */
  open(route: DriftRoute): void;
}

export function sameDriftRoute(a: DriftRoute, b: DriftRoute): boolean {
  if (a.view !== b.view) return false;
  if (a.view === 'list' || b.view === 'list') return true;
  if (a.id !== b.id || a.batch !== b.batch) return false;
  return a.view === 'column' && b.view === 'column' ? a.column === b.column : true;
}

export function createDriftRouteStore(): StoreApi<DriftRouteState> {
  return createStore<DriftRouteState>()((set, get) => ({
    route: { view: 'list' },
    open(route) {
      if (!sameDriftRoute(get().route, route)) set({ route: { ...route } });
    },
  }));
}

export const driftRouteStore = createDriftRouteStore();

export function useDriftRoute(): DriftRoute {
  return useStore(driftRouteStore, (s) => s.route);
}

/** Goes to a Drift page (the hash follows). */
export function openDrift(route: DriftRoute): void {
  driftRouteStore.getState().open(route);
  if (uiStore.getState().area !== 'drift') uiStore.getState().navigate('drift');
}

// Two versions of one model side by side: their records (from the model) and
// the gates each meets for one chosen target, checked now. Follows the ui
// store's registry route (the compare page).
import { createStore, useStore, type StoreApi } from 'zustand';
import type { ApiError } from '../../../shared/errors';
import type { GateResult, GateTarget, RegistryModelDetail } from '../../../shared/registry/types';
import { registryClient, type RegistryClient } from '../../api/registryClient';
import { createRequestCounter, debounce, REFETCH_DEBOUNCE_MS, type LoadStatus } from '../latest';
import { uiStore, type RegistryRoute } from '../ui/store';
import type { RouteSource } from './modelStore';
import { followRouteAndChanges } from './routeSync';

export interface ComparedPair {
  name: string;
  a: number;
  b: number;
}

export interface GateCheck {
  status: LoadStatus;
  results: GateResult[] | null;
  error: ApiError | null;
}

export interface CompareState {
  pair: ComparedPair | null;
  detail: RegistryModelDetail | null;
  status: LoadStatus;
  error: ApiError | null;
  /** The move whose gates are compared; Production by default. */
  target: GateTarget;
  gatesA: GateCheck;
  gatesB: GateCheck;
  setTarget(target: GateTarget): void;
  open(pair: ComparedPair): void;
  reload(): void;
  startSync(): () => void;
}

const idleCheck: GateCheck = { status: 'idle', results: null, error: null };
const routedPair = (route: RegistryRoute): ComparedPair | null => (route.view === 'compare' ? { name: route.name, a: route.a, b: route.b } : null);
const samePair = (p: ComparedPair | null, q: ComparedPair): boolean => p !== null && p.name === q.name && p.a === q.a && p.b === q.b;

export function createCompareStore(client: RegistryClient, ui: RouteSource): StoreApi<CompareState> {
  const details = createRequestCounter();
  const checks = createRequestCounter();
  return createStore<CompareState>()((set, get) => {
    const loadDetail = async (): Promise<void> => {
      const { pair } = get();
      if (pair === null) return;
      const id = details.next();
      const result = await client.model(pair.name);
      if (!details.isLatest(id) || get().pair !== pair) return;
      if (result.ok) set({ detail: result.value, status: 'ready', error: null });
      else set({ detail: null, status: 'error', error: result.error });
    };
    const loadGates = async (): Promise<void> => {
      const { pair, target } = get();
      if (pair === null) return;
      const id = checks.next();
      set({ gatesA: { ...get().gatesA, status: 'loading' }, gatesB: { ...get().gatesB, status: 'loading' } });
      const [a, b] = await Promise.all([client.checkGates(pair.name, pair.a, target), client.checkGates(pair.name, pair.b, target)]);
      if (!checks.isLatest(id)) return;
      const check = (r: typeof a): GateCheck => (r.ok ? { status: 'ready', results: r.value, error: null } : { status: 'error', results: null, error: r.error });
      set({ gatesA: check(a), gatesB: check(b) });
    };
    const loadAll = (): void => {
      void loadDetail();
      void loadGates();
    };
    const reloadSoon = debounce(loadAll, REFETCH_DEBOUNCE_MS);
    return {
      pair: null,
      detail: null,
      status: 'idle',
      error: null,
      target: { kind: 'stage', stage: 'Production' },
      gatesA: idleCheck,
      gatesB: idleCheck,
      setTarget(target) {
        set({ target });
        void loadGates();
      },
      open(pair) {
        if (!samePair(get().pair, pair)) {
          const sameModel = get().pair?.name === pair.name;
          set({ pair: { ...pair }, status: sameModel && get().detail ? 'ready' : 'loading', detail: sameModel ? get().detail : null, error: null, gatesA: idleCheck, gatesB: idleCheck });
        }
        loadAll();
      },
      reload: loadAll,
      startSync() {
        return followRouteAndChanges(ui, client, routedPair, (value) => get().open(value), () => get().pair?.name, reloadSoon);
      },
    };
  });
}

export const registryCompareStore = createCompareStore(registryClient, uiStore);

export function useRegistryCompareStore<T>(selector: (state: CompareState) => T): T {
  return useStore(registryCompareStore, selector);
}

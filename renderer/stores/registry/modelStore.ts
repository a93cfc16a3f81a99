// One registered model's page: its versions, stages and aliases, its gates
// and hooks, and its audit trail with the as-of answer. Follows the ui store's
// registry route (the model page), and refetches on `registry/changed` for
// this model. Moves between stages and aliases go through the move store.
import { createStore, useStore, type StoreApi } from 'zustand';
import type { ApiError } from '../../../shared/errors';
import type { AsOf, AuditEvent, GateRule, RegistryModelDetail, TransitionHook } from '../../../shared/registry/types';
import { registryClient, type RegistryClient } from '../../api/registryClient';
import { createRequestCounter, debounce, REFETCH_DEBOUNCE_MS, type LoadStatus } from '../latest';
import { uiStore, type RegistryRoute } from '../ui/store';

export interface RouteSource {
  getState(): { registryRoute: RegistryRoute };
  subscribe(listener: (state: { registryRoute: RegistryRoute }) => void): () => void;
}

export interface ModelState {
  /** The model in view; null before one is opened. */
  name: string | null;
  detail: RegistryModelDetail | null;
  status: LoadStatus;
  error: ApiError | null;

  audit: AuditEvent[];
  auditStatus: LoadStatus;
  auditError: ApiError | null;

  /** The moment the as-of answer is asked for (ms since epoch); null: none asked. */
  asOfAt: number | null;
  asOf: AsOf | null;
  asOfStatus: LoadStatus;
  asOfError: ApiError | null;
  setAsOfAt(at: number | null): void;

  gatesSaving: boolean;
  /** The backend's refusal of the gates (a syntax error in an expression names it). */
  gatesError: ApiError | null;
  /** Saves the gates; true when the backend took them. */
  saveGates(gates: GateRule[]): Promise<boolean>;
  hooksSaving: boolean;
  hooksError: ApiError | null;
  saveHooks(hooks: TransitionHook[]): Promise<boolean>;

  /** The alias being removed. */
  removingAlias: string | null;
  aliasError: ApiError | null;
  removeAlias(alias: string, comment?: string): Promise<void>;

  /** Opens this model (the route does so too). */
  open(name: string): void;
  reload(): void;
  /** Follows the route and the change events; returns the function that stops. */
  startSync(): () => void;
}

const routedName = (route: RegistryRoute): string | null => (route.view === 'model' ? route.name : null);

export function createModelStore(client: RegistryClient, ui: RouteSource): StoreApi<ModelState> {
  const details = createRequestCounter();
  const audits = createRequestCounter();
  const asOfs = createRequestCounter();
  return createStore<ModelState>()((set, get) => {
    const loadDetail = async (name: string): Promise<void> => {
      const id = details.next();
      if (get().detail?.name !== name) set({ status: 'loading' });
      const result = await client.model(name);
      if (!details.isLatest(id) || get().name !== name) return;
      if (result.ok) set({ detail: result.value, status: 'ready', error: null });
      else set({ status: 'error', error: result.error, detail: null });
    };
    const loadAudit = async (name: string): Promise<void> => {
      const id = audits.next();
      if (get().auditStatus !== 'ready') set({ auditStatus: 'loading' });
      const result = await client.audit(name);
      if (!audits.isLatest(id) || get().name !== name) return;
      if (result.ok) set({ audit: result.value, auditStatus: 'ready', auditError: null });
      else set({ auditStatus: 'error', auditError: result.error });
    };
    const loadAsOf = async (name: string, at: number): Promise<void> => {
      const id = asOfs.next();
      set({ asOfStatus: 'loading' });
      const result = await client.asOf(name, at);
      if (!asOfs.isLatest(id) || get().name !== name) return;
      if (result.ok) set({ asOf: result.value, asOfStatus: 'ready', asOfError: null });
      else set({ asOfStatus: 'error', asOfError: result.error, asOf: null });
    };
    const loadAll = (): void => {
      const { name, asOfAt } = get();
      if (name === null) return;
      void loadDetail(name);
      void loadAudit(name);
      if (asOfAt !== null) void loadAsOf(name, asOfAt);
    };
    const reloadSoon = debounce(loadAll, REFETCH_DEBOUNCE_MS);

    return {
      name: null,
      detail: null,
      status: 'idle',
      error: null,
      audit: [],
      auditStatus: 'idle',
      auditError: null,
      asOfAt: null,
      asOf: null,
      asOfStatus: 'idle',
      asOfError: null,
      setAsOfAt(at) {
        const { name } = get();
        asOfs.next(); // an answer for the moment before must not land
        set({ asOfAt: at, ...(at === null ? { asOf: null, asOfStatus: 'idle' as const, asOfError: null } : {}) });
        if (name !== null && at !== null) void loadAsOf(name, at);
      },

      gatesSaving: false,
      gatesError: null,
      async saveGates(gates) {
        const { name } = get();
        if (name === null) return false;
        set({ gatesSaving: true, gatesError: null });
        const result = await client.setGates(name, gates);
        if (get().name !== name) return false;
        set({ gatesSaving: false, gatesError: result.ok ? null : result.error });
        if (result.ok) void loadDetail(name);
        return result.ok;
      },
      hooksSaving: false,
      hooksError: null,
      async saveHooks(hooks) {
        const { name } = get();
        if (name === null) return false;
        set({ hooksSaving: true, hooksError: null });
        const result = await client.setHooks(name, hooks);
        if (get().name !== name) return false;
        set({ hooksSaving: false, hooksError: result.ok ? null : result.error });
        if (result.ok) void loadDetail(name);
        return result.ok;
      },

      removingAlias: null,
      aliasError: null,
      async removeAlias(alias, comment) {
        const { name } = get();
        if (name === null) return;
        set({ removingAlias: alias, aliasError: null });
        const result = await client.removeAlias(name, alias, comment);
        if (get().name !== name) return;
        set({ removingAlias: null, aliasError: result.ok ? null : result.error });
        if (result.ok) loadAll();
      },

      open(name) {
        // The same model again (the page mounted anew): refetch, keeping what shows.
        if (get().name === name) return loadAll();
        // Another model: nothing of the one before may show, not even for a moment.
        set({
          name,
          detail: null,
          status: 'loading',
          error: null,
          audit: [],
          auditStatus: 'loading',
          auditError: null,
          asOfAt: null,
          asOf: null,
          asOfStatus: 'idle',
          asOfError: null,
          gatesError: null,
          hooksError: null,
          aliasError: null,
        });
        loadAll();
      },
      reload: loadAll,

      startSync() {
        const follow = (route: RegistryRoute): void => {
          const name = routedName(route);
          if (name !== null) get().open(name);
        };
        follow(ui.getState().registryRoute);
        let last = ui.getState().registryRoute;
        const offRoute = ui.subscribe((state) => {
          if (state.registryRoute === last) return;
          last = state.registryRoute;
          follow(last);
        });
        const offChanged = client.onChanged((model) => {
          if (model === null || model === get().name) reloadSoon.call();
        });
        return () => {
          offRoute();
          offChanged();
          reloadSoon.cancel();
        };
      },
    };
  });
}

export const modelStore = createModelStore(registryClient, uiStore);

export function useModelStore<T>(selector: (state: ModelState) => T): T {
  return useStore(modelStore, selector);
}

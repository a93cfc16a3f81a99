// One batch with its per-column distributions (`drift/batch`), asked for only
// by the column view and the selected batch's score distribution, never for
// the summary. Answers are kept for a few batches, keyed by when each batch
// was computed, so a recomputed batch is fetched again and a revisit is instant.
import { createStore, useStore, type StoreApi } from 'zustand';
import type { BatchDetail } from '../../../shared/drift/monitor';
import type { ApiError } from '../../../shared/errors';
import { driftClient, type DriftClient } from '../../api/driftClient';
import { createRequestCounter, type LoadStatus } from '../latest';

/** Batches kept: a column view flips between a few at most. */
export const BATCHES_KEPT = 8;

export interface BatchState {
  /** What is in view: monitor, batch and its computedAt. */
  wanted: string | null;
  detail: BatchDetail | null;
  status: LoadStatus;
  error: ApiError | null;
  /** Shows this batch, from the cache or the backend. */
  want(id: number, batch: string, computedAt: number): void;
}

export const batchCacheKey = (id: number, batch: string, computedAt: number): string => `${id}\u0000${batch}\u0000${computedAt}`;

export function createBatchStore(client: DriftClient): StoreApi<BatchState> {
  const requests = createRequestCounter();
  const cache = new Map<string, BatchDetail>();
  const keep = (key: string, detail: BatchDetail): void => {
    cache.delete(key);
    cache.set(key, detail);
    while (cache.size > BATCHES_KEPT) cache.delete(cache.keys().next().value as string);
  };
  return createStore<BatchState>()((set, get) => ({
    wanted: null,
    detail: null,
    status: 'idle',
    error: null,
    want(id, batch, computedAt) {
      const key = batchCacheKey(id, batch, computedAt);
      if (get().wanted === key && get().status !== 'error') return;
      const cached = cache.get(key);
      if (cached) {
        requests.next(); // an older answer still on its way must not replace this one
        keep(key, cached);
        return set({ wanted: key, detail: cached, status: 'ready', error: null });
      }
      const request = requests.next();
      set({ wanted: key, detail: null, status: 'loading', error: null });
      void client.batch(id, batch).then((result) => {
        if (!requests.isLatest(request)) return;
        if (!result.ok) return set({ status: 'error', error: result.error });
        keep(key, result.value);
        set({ detail: result.value, status: 'ready', error: null });
      });
    },
  }));
}

export const batchStore = createBatchStore(driftClient);

export function useBatchStore<T>(selector: (state: BatchState) => T): T {
  return useStore(batchStore, selector);
}

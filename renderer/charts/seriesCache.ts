// The cache behind every chart's series: one entry per (run, metric, step range, resolution),
// fetched once however many charts ask, dropped when nobody wants the answer, bounded by an LRU.
// No DOM and no transport import: the client is passed in, so tests drive it with a fake.
import { createStore, type StoreApi } from 'zustand';
import type { MetricSeries } from '../../shared/domain';
import type { ApiError, Result } from '../../shared/errors';
import type { MetricSeriesArgs, RunsChanged } from '../api/runsClient';

export interface SeriesRequest {
  runId: string;
  metricKey: string;
  fromStep?: number;
  toStep?: number;
  /** The plot's width in px: how many points are worth asking for. */
  width: number;
}

export type SeriesStatus = 'loading' | 'ready' | 'error';

export interface SeriesResult {
  status: SeriesStatus;
  /** While refreshing after a change (or after a failed refresh), the previous series stays. */
  series?: MetricSeries;
  error?: ApiError;
}

interface Entry extends SeriesResult {
  runId: string;
}

export interface SeriesCacheState {
  entries: ReadonlyMap<string, Entry>;
}

export interface SeriesClient {
  series(args: MetricSeriesArgs): Promise<Result<MetricSeries>>;
  onChanged(listener: (change: RunsChanged) => void): () => void;
}

export interface SeriesCache {
  store: StoreApi<SeriesCacheState>;
  /** Says these requests are wanted (fetching what is neither cached nor in flight); returns the release. */
  retain(requests: readonly SeriesRequest[]): () => void;
  /** Fetches failed entries of these requests again. */
  retry(requests: readonly SeriesRequest[]): void;
}

export const RESOLUTION_GRAIN = 250;
export const FULL_VIEW_MAX_POINTS = 1500;

/**
 * Points to ask for: the width rounded up to a multiple of 250, so a window
 * resized by a few px reuses the cache, capped at 1500 (more would not show on
 * any screen and costs every chart of the compare view).
 * Example: seriesResolution(801) -> 1000.
 */
export function seriesResolution(width: number): number {
  const w = Number.isFinite(width) && width > 0 ? width : RESOLUTION_GRAIN;
  return Math.min(FULL_VIEW_MAX_POINTS, Math.ceil(w / RESOLUTION_GRAIN) * RESOLUTION_GRAIN);
}

/** The cache key; NUL cannot occur in a run id or a metric key read from disk by any source. */
export function seriesKey(request: SeriesRequest): string {
  return [request.runId, request.metricKey, request.fromStep ?? '', request.toStep ?? '', seriesResolution(request.width)].join('\u0000');
}

function argsOf(request: SeriesRequest): MetricSeriesArgs {
  return {
    runId: request.runId,
    key: request.metricKey,
    maxPoints: seriesResolution(request.width),
    ...(request.fromStep === undefined ? {} : { fromStep: request.fromStep }),
    ...(request.toStep === undefined ? {} : { toStep: request.toStep }),
  };
}

export interface SeriesCacheOptions {
  /** Entries kept at most; the least recently wanted unretained ones go first. */
  capacity?: number;
  /** Delay after the last `runs/changed` of a burst before refetching. */
  refreshDebounceMs?: number;
  /** Answers arriving within this many ms are applied together: one re-render for a chart of 20 runs, not 20. */
  batchMs?: number;
}

export function createSeriesCache(client: SeriesClient, options: SeriesCacheOptions = {}): SeriesCache {
  const capacity = options.capacity ?? 400;
  const debounceMs = options.refreshDebounceMs ?? 500;
  const batchMs = options.batchMs ?? 16;
  let pending: ((entries: Map<string, Entry>) => void)[] = [];
  let batchTimer: ReturnType<typeof setTimeout> | null = null;
  const applyPending = (): void => {
    batchTimer = null;
    const batch = pending;
    pending = [];
    edit((entries) => {
      for (const apply of batch) apply(entries);
    });
  };
  const store = createStore<SeriesCacheState>()(() => ({ entries: new Map() }));
  const refs = new Map<string, number>();
  const args = new Map<string, MetricSeriesArgs>();
  // The transport has no abort: each fetch gets a number, and only the newest for a key is applied.
  const inflight = new Map<string, number>();
  let counter = 0;
  let unsubscribe: (() => void) | null = null;
  const changedRuns = new Set<string>();
  let refreshTimer: ReturnType<typeof setTimeout> | null = null;

  const edit = (fn: (entries: Map<string, Entry>) => void): void => {
    const entries = new Map(store.getState().entries);
    fn(entries);
    evict(entries);
    store.setState({ entries });
  };

  const forget = (entries: Map<string, Entry>, key: string): void => {
    entries.delete(key);
    inflight.delete(key);
    args.delete(key);
  };

  function evict(entries: Map<string, Entry>): void {
    if (entries.size <= capacity) return;
    // Map order is the LRU order: retain() moves a key to the end.
    for (const key of entries.keys()) {
      if (entries.size <= capacity) break;
      if ((refs.get(key) ?? 0) === 0) forget(entries, key);
    }
  }

  function fetch(key: string): void {
    const request = args.get(key);
    if (!request) return;
    const token = ++counter;
    inflight.set(key, token);
    // Applied to the batch's copy of the entries, so a burst of answers is one store update.
    const settle = (result: Result<MetricSeries>, entries: Map<string, Entry>): void => {
      if (inflight.get(key) !== token) return; // superseded, or evicted meanwhile
      inflight.delete(key);
      const previous = entries.get(key);
      const wanted = (refs.get(key) ?? 0) > 0;
      if (!previous || (!wanted && !previous.series)) {
        // Nobody waits for it any more (unmounted, zoom changed): drop it.
        if (previous) forget(entries, key);
        return;
      }
      entries.set(
        key,
        result.ok
          ? { runId: request.runId, status: 'ready', series: result.value }
          : previous.series
            ? { runId: request.runId, status: 'ready', series: previous.series, error: result.error }
            : { runId: request.runId, status: 'error', error: result.error },
      );
    };
    const queue = (result: Result<MetricSeries>): void => {
      pending.push((entries) => settle(result, entries));
      batchTimer ??= setTimeout(applyPending, batchMs);
    };
    client.series(request).then(queue, (err: unknown) =>
      queue({ ok: false, error: { code: 'internal', message: err instanceof Error ? err.message : String(err) } }),
    );
  }

  function refreshChanged(): void {
    refreshTimer = null;
    const runs = new Set(changedRuns);
    changedRuns.clear();
    const refetch: string[] = [];
    edit((entries) => {
      for (const [key, entry] of entries) {
        if (!runs.has(entry.runId)) continue;
        // Wanted entries keep their data until the new answer; the others are simply forgotten.
        if ((refs.get(key) ?? 0) > 0) refetch.push(key);
        else forget(entries, key);
      }
    });
    for (const key of refetch) fetch(key);
  }

  function onChanged(change: RunsChanged): void {
    const entries = store.getState().entries;
    let relevant = false;
    for (const entry of entries.values()) {
      if (change.runIds.includes(entry.runId)) {
        relevant = true;
        break;
      }
    }
    if (!relevant) return;
    for (const runId of change.runIds) changedRuns.add(runId);
    if (refreshTimer) clearTimeout(refreshTimer);
    refreshTimer = setTimeout(refreshChanged, debounceMs);
  }

  function retain(requests: readonly SeriesRequest[]): () => void {
    if (!unsubscribe) unsubscribe = client.onChanged(onChanged);
    const keys = requests.map(seriesKey);
    const toFetch: string[] = [];
    edit((entries) => {
      keys.forEach((key, i) => {
        refs.set(key, (refs.get(key) ?? 0) + 1);
        args.set(key, argsOf(requests[i]));
        const entry = entries.get(key);
        if (entry) {
          entries.delete(key); // to the end of the LRU order
          entries.set(key, entry);
          // Someone new looks at a failure: give it another try.
          if (entry.status === 'error' && refs.get(key) === 1 && !inflight.has(key)) toFetch.push(key);
        } else {
          entries.set(key, { runId: requests[i].runId, status: 'loading' });
          if (!inflight.has(key)) toFetch.push(key);
        }
      });
    });
    for (const key of new Set(toFetch)) fetch(key);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const key of keys) {
        const n = (refs.get(key) ?? 1) - 1;
        if (n > 0) refs.set(key, n);
        else refs.delete(key);
      }
    };
  }

  function retry(requests: readonly SeriesRequest[]): void {
    const keys = requests.map(seriesKey).filter((key) => store.getState().entries.get(key)?.status === 'error');
    if (keys.length === 0) return;
    edit((entries) => {
      for (const key of keys) {
        const entry = entries.get(key);
        if (entry) entries.set(key, { runId: entry.runId, status: 'loading' });
      }
    });
    for (const key of keys) if (!inflight.has(key)) fetch(key);
  }

  return { store, retain, retry };
}

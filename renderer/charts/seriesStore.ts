// The app's one series cache and the hook charts read it with.
import { useEffect, useMemo } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { runsClient } from '../api/runsClient';
import { createSeriesCache, seriesKey, type SeriesCacheState, type SeriesRequest, type SeriesResult } from './seriesCache';

export type { SeriesRequest, SeriesResult } from './seriesCache';

/** Shared by every chart, so compare and run detail never fetch the same series twice. */
export const seriesCache = createSeriesCache(runsClient);

const LOADING: SeriesResult = { status: 'loading' };

/**
 * The series of each request, in order: loading, ready (with the series) or
 * error. Mounting asks for what is missing; unmounting or changing the
 * requests (a zoom) lets late answers be dropped. Re-renders only when one of
 * these entries changes.
 */
export function useSeries(requests: readonly SeriesRequest[]): SeriesResult[] {
  const keys = requests.map(seriesKey);
  const signature = keys.join('\n');
  // The requests as of this signature: a new array with the same content must not refetch.
  const stable = useMemo(() => requests, [signature]);
  useEffect(() => seriesCache.retain(stable), [stable]);
  const select = useMemo(() => {
    const wanted = stable.map(seriesKey);
    return (state: SeriesCacheState): SeriesResult[] => wanted.map((key) => state.entries.get(key) ?? LOADING);
  }, [stable]);
  return useStore(seriesCache.store, useShallow(select));
}

/** Tries the failed requests again (the error state's "Try again"). */
export function retrySeries(requests: readonly SeriesRequest[]): void {
  seriesCache.retry(requests);
}

// Helpers the data stores share: ignore stale answers, coalesce bursts of events.

/** Numbers requests so that only the newest answer is applied. */
export function createRequestCounter(): { next(): number; isLatest(id: number): boolean; latest(): number } {
  let latest = 0;
  return {
    next: () => ++latest,
    isLatest: (id) => id === latest,
    latest: () => latest,
  };
}

/** Calls `fn` once, `waitMs` after the last of a burst of calls. */
export function debounce(fn: () => void, waitMs: number): { call(): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  return {
    call() {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        fn();
      }, waitMs);
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}

/** Refetch delay after a change event: long enough to merge an ingest burst, short enough to feel live. */
export const REFETCH_DEBOUNCE_MS = 150;

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

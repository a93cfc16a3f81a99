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

/**
 * Runs `task` at once when none is running; calls made while one runs merge
 * into a single run after it. The newest state is always sent, with at most
 * one request in flight: a what-if change answers in one round trip, not a
 * debounce delay plus one, and a dragged slider does not queue a backlog.
 */
export function createCoalescer(task: () => Promise<void>): { call(): void; cancel(): void } {
  let running = false;
  let again = false;
  const run = (): void => {
    running = true;
    void task()
      .catch(() => undefined) // the task reports its own errors; one failure must not stop the next run
      .finally(() => {
        running = false;
        if (again) {
          again = false;
          run();
        }
      });
  };
  return {
    call() {
      if (running) again = true;
      else run();
    },
    cancel() {
      again = false;
    },
  };
}

/** Refetch delay after a change event: long enough to merge an ingest burst, short enough to feel live. */
export const REFETCH_DEBOUNCE_MS = 150;

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

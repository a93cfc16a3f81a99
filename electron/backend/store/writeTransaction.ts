// Write transactions that wait for other writers instead of failing. The app,
// a browser-mode server, the CLI and their ingest workers share one SQLite
// file, so a lock held by another of them is normal and passes: it must never
// reach the user as an error, nor be stored as a warning.
//
// BEGIN IMMEDIATE takes the write lock first. A deferred transaction that
// reads, then writes after another connection committed, fails at once with
// SQLITE_BUSY (its snapshot is stale) and no busy timeout helps it. Past the
// connection's busy timeout the lock is asked for again with a growing pause,
// up to the connection's retry budget.
import type { Db } from './database';

const retryBudgetByDb = new WeakMap<Db, number>();
/** How long a write keeps asking for a lock another process holds (the ingest of a huge run may hold it for seconds). */
export const defaultBusyRetryMs = 60_000;

export function setBusyRetry(db: Db, ms: number): void {
  retryBudgetByDb.set(db, ms);
}

export function busyRetryOf(db: Db): number {
  return retryBudgetByDb.get(db) ?? defaultBusyRetryMs;
}

/** SQLITE_BUSY and its extended codes (BUSY_SNAPSHOT, BUSY_RECOVERY), and SQLITE_LOCKED. */
export function isStoreBusy(error: unknown): boolean {
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Blocks this thread (an ingest worker's) for `ms`; nothing else can run on it meanwhile anyway. */
export function sleepSync(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

/**
 * Runs `work` in one write transaction, waiting for the write lock as long
 * as the connection's retry budget allows; inside another transaction it
 * simply runs (as a savepoint). Throws the last SQLITE_BUSY past the budget.
 */
export function writeTransaction<T>(db: Db, work: () => T): T {
  if (db.inTransaction) return db.transaction(work)();
  const deadline = Date.now() + busyRetryOf(db);
  for (let pause = 50; ; pause = Math.min(pause * 2, 1000)) {
    try {
      return db.transaction(work).immediate();
    } catch (error) {
      if (!isStoreBusy(error) || Date.now() + pause > deadline) throw error;
      sleepSync(pause);
    }
  }
}

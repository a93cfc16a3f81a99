// A native run with no end record is RUNNING while its heartbeat is fresh and
// FAILED once it went quiet for six intervals (docs/FORMAT.md, Liveness).
// TensorBoard and DVCLive write no status at all: their runs are RUNNING
// while their files keep changing and FINISHED once quiet for two minutes.
import { runSources, sourceTable, type RunSource } from '../../../shared/sources';
import type { Db } from '../store/database';

/** Sources that never state a run's status (shared/sources.ts). */
export const statuslessSources: ReadonlySet<RunSource> = new Set(runSources.filter((source) => !sourceTable[source].recordsStatus));
export const quietBeforeFinishedMs = 120_000;

export const lostHeartbeatPrefix = 'no heartbeat since';
export const defaultHeartbeatIntervalMs = 5000;
export const missedBeatsBeforeFailed = 6;

const staleLimitSql = `${missedBeatsBeforeFailed} * COALESCE(heartbeat_interval_ms, ${defaultHeartbeatIntervalMs})`;

/** Marks runs whose heartbeat stopped as FAILED; returns the ids it changed. */
export function markLostRuns(db: Db, now: number): string[] {
  const rows = db
    .prepare(
      `SELECT key, id, last_activity FROM runs
       WHERE source = 'native' AND status = 'RUNNING' AND last_activity IS NOT NULL
         AND last_activity < ? - ${staleLimitSql}`,
    )
    .all(now) as { key: number; id: string; last_activity: number }[];
  const update = db.prepare(`UPDATE runs SET status = 'FAILED', status_reason = ? WHERE key = ? AND status = 'RUNNING'`);
  db.transaction(() => {
    for (const row of rows) {
      update.run(`${lostHeartbeatPrefix} ${new Date(row.last_activity).toISOString()} (the process stopped without finishing the run)`, row.key);
    }
  })();
  return rows.map((row) => row.id);
}

/** A run marked lost whose heartbeat came back is RUNNING again; true if it changed. */
export function reviveIfAlive(db: Db, runKey: number, now: number): boolean {
  const info = db
    .prepare(
      `UPDATE runs SET status = 'RUNNING', status_reason = NULL
       WHERE key = ? AND status = 'FAILED' AND status_reason LIKE '${lostHeartbeatPrefix}%'
         AND last_activity >= ? - ${staleLimitSql}`,
    )
    .run(runKey, now);
  return info.changes > 0;
}

/**
 * When a statusless run ended: its last logged point's time where it has
 * one (a copied folder's mtime says nothing about the run), else its last write.
 */
const inferredEndSql = `COALESCE((SELECT MAX(last_timestamp) FROM metric_summaries WHERE run_key = runs.key), start_time, last_activity)`;

/** Sets a statusless run's status from its last write; true if it changed. */
export function settleInferredStatus(db: Db, runKey: number, source: RunSource, now: number): boolean {
  if (!statuslessSources.has(source)) return false;
  const quietSince = now - quietBeforeFinishedMs;
  const info = db
    .prepare(
      `UPDATE runs SET status = CASE WHEN COALESCE(last_activity, 0) >= ? THEN 'RUNNING' ELSE 'FINISHED' END,
         end_time = CASE WHEN COALESCE(last_activity, 0) >= ? THEN NULL ELSE ${inferredEndSql} END
       WHERE key = ? AND (status IS NOT (CASE WHEN COALESCE(last_activity, 0) >= ? THEN 'RUNNING' ELSE 'FINISHED' END)
         OR (status = 'FINISHED' AND end_time IS NOT ${inferredEndSql}))`,
    )
    .run(quietSince, quietSince, runKey, quietSince);
  return info.changes > 0;
}

/** Statusless runs that went quiet are FINISHED; returns the ids it changed. */
export function markQuietRunsFinished(db: Db, now: number): string[] {
  const sources = [...statuslessSources].map((s) => `'${s}'`).join(', ');
  const rows = db
    .prepare(`SELECT key, id FROM runs WHERE source IN (${sources}) AND status = 'RUNNING' AND COALESCE(last_activity, 0) < ?`)
    .all(now - quietBeforeFinishedMs) as { key: number; id: string }[];
  const update = db.prepare(`UPDATE runs SET status = 'FINISHED', end_time = ${inferredEndSql} WHERE key = ?`);
  db.transaction(() => rows.forEach((row) => update.run(row.key)))();
  return rows.map((row) => row.id);
}

/**
 * Checks every two seconds for native runs whose heartbeat stopped and
 * statusless runs that went quiet (in the process that watches); returns its stop.
 */
export function startLivenessChecks(db: Db, onChanged: (runIds: string[]) => void, everyMs = 2000): () => void {
  const timer = setInterval(() => {
    try {
      const changed = [...markLostRuns(db, Date.now()), ...markQuietRunsFinished(db, Date.now())];
      if (changed.length) onChanged(changed);
    } catch {
      // the store is busy: next tick
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

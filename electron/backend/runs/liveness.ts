// A native run with no end record is RUNNING while its heartbeat is fresh and
// FAILED once it went quiet for six intervals (docs/FORMAT.md, Liveness).
import type { Db } from '../store/database';

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

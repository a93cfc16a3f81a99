// Reads and records problems met while reading files, in the shape the API promises.
import type { IngestWarning } from '../../../shared/domain';
import type { Db } from '../store/database';

/** A store that could not be read (or is locked) marks each of its runs: its warning counts as theirs. */
export const storeProblemCategories = `('unreadable', 'locked')`;

export function listWarnings(db: Db, scope: { runKey?: number; projectId?: number }): IngestWarning[] {
  const clauses: string[] = [];
  const args: unknown[] = [];
  if (scope.runKey !== undefined) {
    clauses.push(`(w.run_key = ? OR (w.run_key IS NULL AND w.category IN ${storeProblemCategories}
      AND w.path = (SELECT location FROM runs WHERE key = ?)))`);
    args.push(scope.runKey, scope.runKey);
  }
  if (scope.projectId !== undefined) {
    clauses.push('w.project_id = ?');
    args.push(scope.projectId);
  }
  const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
  const rows = db
    .prepare(
      `SELECT w.path, r.id AS run_id, w.message, w.detail, w.occurrences, w.last_seen FROM warnings w
       LEFT JOIN runs r ON r.key = w.run_key ${where} ORDER BY w.last_seen DESC LIMIT 1000`,
    )
    .all(...args) as { path: string; run_id: string | null; message: string; detail: string | null; occurrences: number; last_seen: number }[];
  return rows.map((row) => ({
    path: row.path,
    runId: row.run_id,
    message: row.detail ? `${row.message} (${row.detail})` : row.message,
    count: row.occurrences,
    at: row.last_seen,
  }));
}

/** A problem with a whole project folder (the OS watch limit reached), kept as its warning. */
export function recordProjectWarning(db: Db, projectId: number, path: string, message: string): void {
  db.prepare(
    `INSERT INTO warnings (project_id, path, message, first_seen, last_seen) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (path, message) DO UPDATE SET last_seen = excluded.last_seen`,
  ).run(projectId, path, message, Date.now(), Date.now());
}

// Reads runs out of the store in the shape the API promises.
import type { MetricSummary, Run, RunDetail, RunSource, RunStatus } from '../../../shared/domain';
import type { Db } from '../store/database';
import { listWarnings, storeProblemCategories } from '../warnings/queries';

/** A row of `runRowColumns`, as SQLite returns it. */
export interface StoredRunRow {
  key: number;
  id: string;
  project_id: number;
  source: RunSource;
  experiment: string | null;
  name: string;
  path: string;
  status: RunStatus;
  status_reason: string | null;
  start_time: number | null;
  end_time: number | null;
  last_activity: number | null;
  warning_count: number;
  deleted: number;
}


/** A run's warnings: its own, and its store's problems (a store that cannot be read names each of its runs). */
export const warningCountSql = `(SELECT COUNT(*) FROM warnings w WHERE w.run_key = r.key)
    + (SELECT COUNT(*) FROM warnings w WHERE r.location IS NOT NULL AND w.path = r.location AND w.run_key IS NULL
         AND w.category IN ${storeProblemCategories})`;

/** What every run row carries, over runs `r` joined to experiments `e`. */
export const runRowColumns = `r.key, r.id, r.project_id, r.source, e.name AS experiment, r.name, r.path, r.status,
  r.status_reason, r.start_time, r.end_time, r.last_activity, r.deleted, ${warningCountSql} AS warning_count`;


function groupByRun<T>(rows: (T & { run_key: number })[], into: Map<number, T[]>): void {
  for (const row of rows) {
    let list = into.get(row.run_key);
    if (!list) into.set(row.run_key, (list = []));
    list.push(row);
  }
}

function toRuns(db: Db, rows: StoredRunRow[], where: string, whereArgs: unknown[]): Run[] {
  const params = new Map<number, { name: string; value: string }[]>();
  const tags = new Map<number, { name: string; value: string }[]>();
  const metrics = new Map<number, { metric_key: string; last_value: number | null; min_value: number | null; max_value: number | null; last_step: number; point_count: number }[]>();
  const join = `JOIN runs r ON r.key = t.run_key ${where}`;
  groupByRun(db.prepare(`SELECT t.run_key, t.name, t.value FROM params t ${join}`).all(...whereArgs) as never[], params);
  groupByRun(db.prepare(`SELECT t.run_key, t.name, t.value FROM tags t ${join}`).all(...whereArgs) as never[], tags);
  groupByRun(
    db.prepare(`SELECT t.run_key, t.metric_key, t.last_value, t.min_value, t.max_value, t.last_step, t.point_count FROM metric_summaries t ${join}`)
      .all(...whereArgs) as never[],
    metrics,
  );
  return rows.map((row) => {
    const metricMap: Record<string, MetricSummary> = {};
    for (const m of metrics.get(row.key) ?? []) {
      metricMap[m.metric_key] = {
        last: m.last_value ?? NaN,
        min: m.min_value ?? NaN,
        max: m.max_value ?? NaN,
        lastStep: m.last_step,
        count: m.point_count,
      };
    }
    return {
      id: row.id,
      projectId: row.project_id,
      source: row.source,
      experiment: row.experiment ?? 'Default',
      name: row.name,
      path: row.path,
      status: row.status,
      statusReason: row.status_reason,
      startTime: row.start_time,
      endTime: row.end_time,
      lastActivity: row.last_activity,
      params: Object.fromEntries((params.get(row.key) ?? []).map((p) => [p.name, p.value])),
      tags: Object.fromEntries((tags.get(row.key) ?? []).map((t) => [t.name, t.value])),
      metrics: metricMap,
      warningCount: row.warning_count,
      deleted: row.deleted === 1,
    };
  });
}

export function listRuns(db: Db, projectId?: number, includeDeleted = false): Run[] {
  const clauses = [...(projectId === undefined ? [] : ['r.project_id = ?']), ...(includeDeleted ? [] : ['r.deleted = 0'])];
  const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
  const args = projectId === undefined ? [] : [projectId];
  const rows = db
    .prepare(`SELECT ${runRowColumns} FROM runs r LEFT JOIN experiments e ON e.id = r.experiment_id ${where} ORDER BY r.start_time DESC, r.key DESC`)
    .all(...args) as StoredRunRow[];
  return toRuns(db, rows, where, args);
}

export function runKeyOf(db: Db, runId: string): number | null {
  const row = db.prepare('SELECT key FROM runs WHERE id = ?').get(runId) as { key: number } | undefined;
  return row ? row.key : null;
}

export function getRun(db: Db, runId: string): RunDetail | null {
  const rows = db
    .prepare(`SELECT ${runRowColumns} FROM runs r LEFT JOIN experiments e ON e.id = r.experiment_id WHERE r.id = ?`)
    .all(runId) as StoredRunRow[];
  if (rows.length === 0) return null;
  const [run] = toRuns(db, rows, 'WHERE r.id = ?', [runId]);
  const key = rows[0].key;
  const artifacts = db.prepare('SELECT path, size FROM artifacts WHERE run_key = ? ORDER BY path').all(key) as { path: string; size: number }[];
  const experimentTags = db
    .prepare('SELECT t.name, t.value FROM experiment_tags t JOIN runs r ON r.experiment_id = t.experiment_id WHERE r.key = ? ORDER BY t.name')
    .all(key) as { name: string; value: string }[];
  return {
    ...run,
    experimentTags: Object.fromEntries(experimentTags.map((tag) => [tag.name, tag.value])),
    artifacts,
    warnings: listWarnings(db, { runKey: key }),
  };
}

// The runs table's query: filter, sort and a window of lean rows, with only
// the columns asked for, computed in SQL so 10,000 runs never cross a
// transport. Where each column lives is known once, in filterSql.ts.
import { parseRunFilter, describeFilterError } from '../../../shared/runFilter';
import { columnKey, type CellValue, type RunColumn, type RunGroup, type RunOrder, type RunRow, type RunsPage } from '../../../shared/runQuery';
import { readAnnotations } from '../annotations/queries';
import { RequestFailed } from '../handlerTypes';
import type { Db } from '../store/database';
import { runRowColumns, type StoredRunRow } from './queries';
import { columnValueSql, compileRunFilter, registerFilterFunctions, type SqlFragment } from './filterSql';

export interface RunScope {
  projectId?: number;
  includeDeleted?: boolean;
  includeHidden?: boolean;
  runIds?: string[];
}

export interface RunQuery extends RunScope {
  filter?: string;
  orderBy?: RunOrder[];
  offset: number;
  limit: number;
  columns: RunColumn[];
  groupBy?: RunColumn;
  aggregateMetrics?: string[];
}

/** The WHERE of a scope and a filter, over runs `r`. */
export function scopeWhere(scope: RunScope, filter?: string): SqlFragment {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (scope.projectId !== undefined) {
    clauses.push('r.project_id = ?');
    params.push(scope.projectId);
  }
  if (!scope.includeDeleted) clauses.push('r.deleted = 0');
  if (!scope.includeHidden) clauses.push('NOT EXISTS (SELECT 1 FROM run_annotations a WHERE a.run_id = r.id AND a.hidden = 1)');
  if (scope.runIds) {
    clauses.push('r.id IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(scope.runIds));
  }
  if (filter !== undefined && filter.trim() !== '') {
    const parsed = parseRunFilter(filter);
    if (!parsed.ok) throw new RequestFailed('bad-filter', describeFilterError(filter, parsed.error));
    const compiled = compileRunFilter(parsed.filter);
    clauses.push(`(${compiled.sql})`);
    params.push(...compiled.params);
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

const isTextColumn = (column: RunColumn) => column.kind === 'param' || column.kind === 'tag';

/** ORDER BY terms for a value: missing (and NaN) last, then infinities, then values. */
function orderTermsOf(value: string, text: boolean, direction: 'ASC' | 'DESC'): string[] {
  if (!text) return [`(${value}) IS NULL`, `abs(${value}) = 9e999`, `(${value}) ${direction}`];
  // Params and tags compare as numbers where they parse as numbers, and those come before text.
  const number = `runlens_number(${value})`;
  return [`(${value}) IS NULL`, `${number} IS NULL`, `${number} ${direction}`, `(${value}) ${direction}`];
}

/**
 * The sorted window's run keys and the total, in one pass: each sort value is
 * computed once per run (in the inner SELECT), then ordered by alias.
 */
function sortedKeys(db: Db, where: SqlFragment, orderBy: RunOrder[], groupBy: RunColumn | undefined, offset: number, limit: number): { keys: number[]; total: number | null } {
  const sorts = [...(groupBy ? [{ column: groupBy, descending: false }] : []), ...orderBy];
  const values = sorts.map((sort) => columnValueSql(sort.column));
  const inner = ['r.key', 'r.start_time AS started', ...values.map((value, i) => `${value.sql} AS o${i}`)].join(', ');
  const terms = sorts.flatMap((sort, i) => orderTermsOf(`o${i}`, isTextColumn(sort.column), sort.descending ? 'DESC' : 'ASC'));
  const order = [...terms, 'started IS NULL', 'started DESC', 'key DESC'].join(', ');
  const rows = db
    // MATERIALIZED: flattened, SQLite would compute each sort value once per ORDER BY term.
    .prepare(`WITH matching AS MATERIALIZED (SELECT ${inner} FROM runs r ${where.sql}) SELECT key, COUNT(*) OVER () AS total FROM matching ORDER BY ${order} LIMIT ? OFFSET ?`)
    .all(...values.flatMap((value) => value.params), ...where.params, limit, offset) as { key: number; total: number }[];
  return { keys: rows.map((row) => row.key), total: rows.length > 0 ? rows[0].total : null };
}

interface WindowRow extends StoredRunRow {
  source_run_id: string;
  [column: `c${number}`]: CellValue;
}

const rowColumns = `${runRowColumns}, COALESCE(r.source_run_id, r.path) AS source_run_id`;

/** A metric whose summary row exists but holds NULL was NaN (SQLite stores NaN as NULL). */
function nanMetricCells(db: Db, rows: WindowRow[], columns: RunColumn[]): Set<string> {
  const metricKeys = [...new Set(columns.filter((c) => c.kind === 'metric').map((c) => c.name))];
  const nan = new Set<string>();
  if (metricKeys.length === 0 || rows.length === 0) return nan;
  const found = db
    .prepare(
      `SELECT run_key, metric_key, last_value IS NULL AS last_nan, min_value IS NULL AS min_nan, max_value IS NULL AS max_nan FROM metric_summaries
       WHERE run_key IN (SELECT value FROM json_each(?)) AND metric_key IN (SELECT value FROM json_each(?))
         AND (last_value IS NULL OR min_value IS NULL OR max_value IS NULL)`,
    )
    .all(JSON.stringify(rows.map((r) => r.key)), JSON.stringify(metricKeys)) as { run_key: number; metric_key: string; last_nan: number; min_nan: number; max_nan: number }[];
  for (const f of found) {
    if (f.last_nan) nan.add(`${f.run_key}\0${f.metric_key}\0last`);
    if (f.min_nan) nan.add(`${f.run_key}\0${f.metric_key}\0min`);
    if (f.max_nan) nan.add(`${f.run_key}\0${f.metric_key}\0max`);
  }
  return nan;
}

function toRunRows(db: Db, rows: WindowRow[], columns: RunColumn[]): RunRow[] {
  const annotations = readAnnotations(db, rows.map((r) => r.id));
  const nan = nanMetricCells(db, rows, columns);
  const keys = columns.map(columnKey);
  return rows.map((row) => {
    const values: Record<string, CellValue> = {};
    columns.forEach((column, i) => {
      let value = row[`c${i}`] ?? null;
      if (value === null && column.kind === 'metric' && nan.has(`${row.key}\0${column.name}\0${column.summary ?? 'last'}`)) value = NaN;
      values[keys[i]] = value;
    });
    return {
      id: row.id,
      projectId: row.project_id,
      source: row.source,
      experiment: row.experiment ?? 'Default',
      name: row.name,
      sourceRunId: row.source_run_id,
      path: row.path,
      status: row.status,
      statusReason: row.status_reason,
      startTime: row.start_time,
      endTime: row.end_time,
      lastActivity: row.last_activity,
      warningCount: row.warning_count,
      deleted: row.deleted === 1,
      annotation: annotations.get(row.id) ?? null,
      values,
    };
  });
}

function readGroups(db: Db, where: SqlFragment, groupBy: RunColumn, metricKeys: string[]): RunGroup[] {
  const value = columnValueSql(groupBy);
  const metrics = metricKeys.map((name) => columnValueSql({ kind: 'metric', name }));
  const inner = [`${value.sql} AS grouped`, ...metrics.map((m, i) => `${m.sql} AS m${i}`)].join(', ');
  const outer = ['grouped', 'COUNT(*) AS count', ...metrics.map((_, i) => `AVG(m${i}) AS mean${i}, MIN(m${i}) AS min${i}, MAX(m${i}) AS max${i}`)].join(', ');
  // Ordered as the rows are, so group i holds rows [sum of counts before i, + count).
  const order = orderTermsOf('grouped', isTextColumn(groupBy), 'ASC').join(', ');
  const rows = db
    .prepare(`SELECT ${outer} FROM (SELECT ${inner} FROM runs r ${where.sql}) GROUP BY grouped ORDER BY ${order}`)
    .all(...value.params, ...metrics.flatMap((m) => m.params), ...where.params) as Record<string, CellValue>[];
  return rows.map((row) => ({
    value: row.grouped ?? null,
    count: Number(row.count),
    aggregates: Object.fromEntries(
      metricKeys.map((key, i) => [key, { mean: row[`mean${i}`] as number | null, min: row[`min${i}`] as number | null, max: row[`max${i}`] as number | null }]),
    ),
  }));
}

/** Sort columns holding numbers in some runs and text in others (compared as text where not both numbers). */
function mixedColumns(db: Db, where: SqlFragment, orderBy: RunOrder[]): string[] {
  const mixed: string[] = [];
  for (const { column } of orderBy) {
    if (!isTextColumn(column)) continue;
    const value = columnValueSql(column);
    const row = db
      .prepare(
        `SELECT SUM(v IS NOT NULL AND runlens_number(v) IS NOT NULL) AS numbers, SUM(v IS NOT NULL AND runlens_number(v) IS NULL) AS texts
         FROM (SELECT ${value.sql} AS v FROM runs r ${where.sql})`,
      )
      .get(...value.params, ...where.params) as { numbers: number | null; texts: number | null };
    if ((row.numbers ?? 0) > 0 && (row.texts ?? 0) > 0) mixed.push(columnKey(column));
  }
  return mixed;
}

/** The rows of these runs, in this order, with the columns asked for. */
function readWindow(db: Db, keys: number[], columns: RunColumn[]): WindowRow[] {
  if (keys.length === 0) return [];
  const selected = columns.map((column, i) => {
    const value = columnValueSql(column);
    return { sql: `${value.sql} AS c${i}`, params: value.params };
  });
  const select = [rowColumns, ...selected.map((s) => s.sql)].join(', ');
  const found = db
    .prepare(`SELECT ${select} FROM runs r LEFT JOIN experiments e ON e.id = r.experiment_id WHERE r.key IN (SELECT value FROM json_each(?))`)
    .all(...selected.flatMap((s) => s.params), JSON.stringify(keys)) as WindowRow[];
  const byKey = new Map(found.map((row) => [row.key, row]));
  return keys.flatMap((key) => byKey.get(key) ?? []);
}

export function queryRuns(db: Db, query: RunQuery): RunsPage {
  registerFilterFunctions(db);
  const where = scopeWhere(query, query.filter);
  const orderBy = query.orderBy ?? [];
  // Sort keys first, then the window's columns for those rows only: SQLite
  // would otherwise compute every asked-for column of every matching run before sorting.
  const sorted = query.limit === 0 ? { keys: [], total: null } : sortedKeys(db, where, orderBy, query.groupBy, query.offset, query.limit);
  // An empty window (past the end, or none asked for) carries no total: count.
  const total = sorted.total ?? (db.prepare(`SELECT COUNT(*) AS n FROM runs r ${where.sql}`).get(...where.params) as { n: number }).n;
  const rows = readWindow(db, sorted.keys, query.columns);
  return {
    total,
    offset: query.offset,
    rows: toRunRows(db, rows, query.columns),
    groups: query.groupBy ? readGroups(db, where, query.groupBy, query.aggregateMetrics ?? []) : null,
    mixedColumns: mixedColumns(db, where, orderBy),
  };
}

/**
 * Every param, tag and metric key of the runs in scope, sorted. Each distinct
 * name (read from its index) is kept if one run in scope has it: a few dozen
 * lookups, where a DISTINCT over every run's rows reads them all.
 */
export function availableColumns(db: Db, scope: RunScope): { params: string[]; tags: string[]; metrics: string[] } {
  registerFilterFunctions(db);
  const where = scopeWhere(scope);
  const inScope = where.sql ? `AND ${where.sql.replace(/^WHERE /, '')}` : '';
  const keyed = (table: string, column: string, runJoin: string) =>
    db
      .prepare(
        `SELECT n.name FROM (SELECT DISTINCT ${column} AS name FROM ${table}) n
         WHERE EXISTS (SELECT 1 FROM ${table} t JOIN runs r ON ${runJoin} WHERE t.${column} = n.name ${inScope}) ORDER BY n.name`,
      )
      .pluck()
      .all(...where.params) as string[];
  return {
    params: keyed('params', 'name', 'r.key = t.run_key'),
    tags: [...new Set([...keyed('tags', 'name', 'r.key = t.run_key'), ...keyed('run_annotation_tags', 'name', 'r.id = t.run_id')])].sort(),
    metrics: keyed('metric_summaries', 'metric_key', 'r.key = t.run_key'),
  };
}

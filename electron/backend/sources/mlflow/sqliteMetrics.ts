// Metric history from the `metrics` table of MLflow's SQLite tracking store,
// page by page in rowid order: each page's points grouped by run and key,
// where the page ends, and a fingerprint of its last row (the anchor the
// incremental reader checks on its next call).
import { createHash } from 'node:crypto';
import type { MetricPoints, RunRecord } from '../records';
import { metricValue, numberOrNull, type MetricColumns, type SqliteDb } from './sqliteSchema';

/** A short hash of one metrics row, to tell on a later call whether the row at a rowid is still the one read. */
export function fingerprint(row: readonly unknown[]): string {
  return createHash('sha1').update(JSON.stringify(row)).digest('hex').slice(0, 16);
}

export interface MetricPage {
  runs: Map<string, RunRecord[]>;
  lastRowid: number;
  anchor: string;
  orphans: number;
}

/**
 * Reads metric rows page by page, each page in one short read transaction:
 * where the page ends (rowid of its `limit`-th row), its points (five columns,
 * no rowid: better-sqlite3's cost is per value), and the fingerprint of its
 * last row. Rows of runs not in `knownRuns` are counted, not read.
 */
export function metricPages(db: SqliteDb, columns: MetricColumns): (after: number, max: number, limit: number, knownRuns: ReadonlyMap<string, unknown>) => MetricPage | null {
  const end = db.prepare<[number, number, number]>('SELECT rowid FROM metrics WHERE rowid > ? AND rowid <= ? ORDER BY rowid LIMIT 1 OFFSET ?').pluck();
  const rows = db.prepare<[number, number]>(`SELECT ${columns.point} FROM metrics WHERE rowid > ? AND rowid <= ? ORDER BY rowid`).raw(true);
  const lastRow = db.prepare<[number, number]>(`SELECT rowid, ${columns.all} FROM metrics WHERE rowid > ? AND rowid <= ? ORDER BY rowid DESC LIMIT 1`).raw(true);
  return db.transaction((after: number, max: number, limit: number, knownRuns: ReadonlyMap<string, unknown>): MetricPage | null => {
    const stop = Math.min(max, Number(end.get(after, max, limit - 1) ?? max));
    const last = lastRow.get(after, stop) as unknown[] | undefined;
    if (!last) return null;
    return { ...groupPoints(rows.iterate(after, stop) as Iterable<unknown[]>, knownRuns), lastRowid: Number(last[0]), anchor: fingerprint(last.slice(1)) };
  });
}

type Series = { steps: number[]; timestamps: number[]; values: number[] };

/** Rows of (run_uuid, key, timestamp, step, value-or-NULL-for-NaN), grouped by run and key. */
function groupPoints(rows: Iterable<unknown[]>, knownRuns: ReadonlyMap<string, unknown>): { runs: Map<string, RunRecord[]>; orphans: number } {
  const byRun = new Map<string, { points: MetricPoints; skipped: number } | null>();
  let orphans = 0;
  // Rows of one run and key often come together: compare with the last row before any lookup.
  let lastRun: unknown = undefined;
  let lastKey: unknown = undefined;
  let series: Series | null = null;
  for (const row of rows) {
    const run = row[0];
    const key = row[1];
    if (run !== lastRun || key !== lastKey) {
      let entry = byRun.get(run as string);
      if (entry === undefined) {
        entry = knownRuns.has(run as string) ? { points: new Map(), skipped: 0 } : null;
        byRun.set(run as string, entry);
      }
      series = null;
      if (entry) {
        series = entry.points.get(String(key)) ?? null;
        if (!series) entry.points.set(String(key), (series = { steps: [], timestamps: [], values: [] }));
      }
      lastRun = run;
      lastKey = key;
    }
    if (!series) {
      orphans++;
      continue;
    }
    const raw = row[4];
    const value = typeof raw === 'number' && raw !== Number.MAX_VALUE && raw !== -Number.MAX_VALUE ? raw : metricValue(raw);
    const step = typeof row[3] === 'number' ? (row[3] as number) : numberOrNull(row[3]);
    if (value === null || step === null) {
      byRun.get(run as string)!.skipped++;
      continue;
    }
    series.steps.push(step);
    series.timestamps.push(typeof row[2] === 'number' ? (row[2] as number) : (numberOrNull(row[2]) ?? NaN));
    series.values.push(value);
  }
  const runs = new Map<string, RunRecord[]>();
  for (const [id, entry] of byRun) {
    if (!entry) continue;
    const { points, skipped } = entry;
    for (const [key, s] of points) if (s.steps.length === 0) points.delete(key);
    const records: RunRecord[] = [];
    if (points.size > 0) records.push({ kind: 'metrics', points });
    if (skipped > 0) records.push({ kind: 'warning', message: 'metric rows whose value or step is not a number were skipped', count: skipped });
    if (records.length > 0) runs.set(id, records);
  }
  return { runs, orphans };
}

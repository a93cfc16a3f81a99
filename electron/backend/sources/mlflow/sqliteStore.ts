// Reader of MLflow's SQLite tracking store (`mlflow.db`, MLflow 1.26 to 3.x):
// runs, params, tags, datasets and metric history, read incrementally.
// Pure apart from reading the database, which it opens read-only. Runs are
// read in sqliteRuns.ts and metric pages in sqliteMetrics.ts; this module
// decides what is read again. The model registry is sqliteRegistry.ts.
//
// Incremental: `metrics` is the big table, one row per point. It is an
// ordinary rowid table (SQLAlchemy gives its composite primary key a separate
// index), and SQLite numbers new rows max(rowid)+1, so the rows added since the
// last read are those above the highest rowid read. The state remembers that
// rowid and a fingerprint of its row (the anchor); if the row at that rowid
// is gone or different (the file was replaced, VACUUMed after deletions, or
// rebuilt by a migration), or the alembic version / metrics table changed,
// everything is read again from rowid 0 after voiding every run's series.
// Runs, params, tags and datasets are small: they are read on every call, in
// the same read transaction as the metrics' upper bound (so every metric row
// read belongs to a run the first batch knows), and emitted again only when
// their digest changed. Metrics are read in pages of `batchSize` rows, each
// page its own short read transaction, so no lock is held between batches
// (MLflow's writers wait only while a page is read, ~0.4 s for 200k rows).
import { createHash } from 'node:crypto';
import type { RunRecord, StoreBatch } from '../records';
import { fingerprint, metricPages, type MetricPage } from './sqliteMetrics';
import { readRuns } from './sqliteRuns';
import { metricColumns, notMlflow, openStore, storeError, StoreSchema, withStore, type MetricColumns, type OpenStoreOptions, type SqliteDb } from './sqliteSchema';

export { isMlflowSqliteFile, MlflowSqliteError } from './sqliteSchema';

export interface MlflowSqliteReadOptions extends OpenStoreOptions {
  /** Metric rows per batch (default 200,000): bounds memory for 20M-row tables. */
  batchSize?: number;
}

type WarningRecord = Extract<RunRecord, { kind: 'warning' }>;

/**
 * A StoreBatch with what concerns the whole file. The first batch of every
 * call carries `runIds` (every run in the database, deleted ones included:
 * ingest drops its runs of this file that are not listed) and `fromStart`
 * (read from rowid 0: warnings kept about the file before are void).
 */
export interface MlflowStoreBatch extends StoreBatch {
  runIds?: string[];
  fromStart?: boolean;
  /** Problems with the file rather than one run (missing tables or columns, orphan rows). */
  warnings?: WarningRecord[];
}

/** What `state` holds between calls (JSON). */
interface ReaderState {
  v: 1;
  /** StoreSchema.identity when read. */
  schema: string;
  /** Highest metrics rowid delivered. */
  rowid: number;
  /** Fingerprint of the row at `rowid` (null when rowid is 0). */
  anchor: string | null;
  /** Digest of the run records last emitted. */
  digest: string | null;
}

const defaultBatchSize = 200_000;

/** Every run id (run_uuid) in the database, deleted runs included. */
export function listMlflowSqliteRuns(file: string, options: OpenStoreOptions = {}): string[] {
  return withStore(file, options, (db) => {
    if (!new StoreSchema(db).hasTable('runs')) throw notMlflow(file);
    return (db.prepare('SELECT run_uuid FROM runs').raw(true).all() as unknown[][]).map((row) => String(row[0]));
  });
}

function parseState(state: string | null): ReaderState | null {
  if (!state) return null;
  try {
    const parsed = JSON.parse(state) as ReaderState;
    if (parsed?.v !== 1 || typeof parsed.schema !== 'string' || !Number.isSafeInteger(parsed.rowid) || parsed.rowid < 0) return null;
    if (parsed.rowid > 0 && typeof parsed.anchor !== 'string') return null;
    return parsed;
  } catch {
    return null;
  }
}

interface Snapshot {
  schema: StoreSchema;
  /** The metric columns this schema has (null: metrics are not read). */
  metricSelect: MetricColumns | null;
  runRecords: Map<string, RunRecord[]>;
  digest: string;
  /** Highest metrics rowid when the runs were read: this call reads up to here. */
  maxRowid: number;
  /** Why what was read before is void, or null when it still holds. */
  restartReason: string | null;
}

/** Runs with their params, tags and datasets, keyed by run_uuid, in one read transaction. */
function readSnapshot(file: string, db: SqliteDb, previous: ReaderState | null): Snapshot {
  const schema = new StoreSchema(db);
  if (!schema.hasTable('runs')) throw notMlflow(file);
  const runRecords = readRuns(db, schema, file);
  const digest = createHash('sha1');
  for (const [id, records] of runRecords) digest.update(id).update(JSON.stringify(records));

  let maxRowid = 0;
  let restartReason: string | null = null;
  let metricSelect: MetricColumns | null = null;
  if (previous && previous.schema !== schema.identity) restartReason = 'the database was migrated or its metrics table rebuilt';
  if (!schema.hasTable('metrics')) schema.note('the metrics table is missing: no metric history');
  else if (!schema.metricsHasRowid) schema.note('the metrics table has no rowid (not made by MLflow): metric history is not read');
  else metricSelect = metricColumns(schema);
  if (metricSelect !== null) {
    maxRowid = Number((db.prepare('SELECT MAX(rowid) AS m FROM metrics').get() as { m: number | null }).m ?? 0);
    // Rows read before (up to previous.rowid) must still be there, unchanged; the
    // identity covers a dropped or rebuilt metrics table.
    if (!restartReason && previous && previous.rowid > 0) {
      if (previous.rowid > maxRowid) restartReason = 'the database has fewer metric rows than were read before (replaced?)';
      else {
        const row = db.prepare(`SELECT ${metricSelect.all} FROM metrics WHERE rowid = ?`).raw(true).get(previous.rowid) as unknown[] | undefined;
        if (!row || fingerprint(row) !== previous.anchor) restartReason = 'the metric rows already read changed (the database was replaced)';
      }
    }
  }
  return { schema, metricSelect, runRecords, digest: digest.digest('hex').slice(0, 16), maxRowid, restartReason };
}

/**
 * Reads what changed since `state` (null: everything). The first batch holds
 * the run records (when they changed or on a fresh read), `runIds` and the
 * file's warnings; the following batches hold metric points, `batchSize`
 * rows each, in rowid order. Each batch's `state` is where to resume once
 * that batch is stored. Throws MlflowSqliteError: code ENOENT (file gone),
 * SQLITE_BUSY (locked past the busy timeout: retry later), SQLITE_NOTADB /
 * SQLITE_CORRUPT (not a readable database), ENOTMLFLOW (no runs table).
 */
export function* readMlflowSqlite(file: string, state: string | null, options: MlflowSqliteReadOptions = {}): Generator<MlflowStoreBatch> {
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? defaultBatchSize));
  const db = openStore(file, options);
  try {
    const previous = parseState(state);
    let snapshot: Snapshot;
    try {
      snapshot = db.transaction(() => readSnapshot(file, db, previous))();
    } catch (error) {
      throw storeError(file, error);
    }
    const { schema, metricSelect, runRecords, digest, maxRowid, restartReason } = snapshot;
    const fromStart = previous === null || restartReason !== null;
    const warnings: WarningRecord[] = schema.notes.map((message) => ({ kind: 'warning', message, count: 1 }));
    if (restartReason) warnings.push({ kind: 'warning', message: `metrics read again from the start: ${restartReason}`, count: 1 });

    const first = new Map<string, RunRecord[]>();
    if (fromStart || digest !== previous?.digest) {
      for (const [id, records] of runRecords) {
        first.set(id, fromStart ? [{ kind: 'voidMetrics', keys: 'all' }, ...records] : records);
      }
    }
    let cursor: ReaderState = fromStart
      ? { v: 1, schema: schema.identity, rowid: 0, anchor: null, digest }
      : { ...previous!, digest };
    yield {
      runs: first,
      state: JSON.stringify(cursor),
      runIds: [...runRecords.keys()],
      fromStart,
      // The file's warnings hold whenever its runs were read (they replace those of the last read).
      ...(fromStart || first.size > 0 ? { warnings } : {}),
    };

    if (metricSelect === null || maxRowid <= cursor.rowid) return;
    const readPage = metricPages(db, metricSelect);
    while (cursor.rowid < maxRowid) {
      let batch: MetricPage | null;
      try {
        batch = readPage(cursor.rowid, maxRowid, batchSize, runRecords);
      } catch (error) {
        throw storeError(file, error);
      }
      if (!batch) return;
      cursor = { ...cursor, rowid: batch.lastRowid, anchor: batch.anchor };
      const out: MlflowStoreBatch = { runs: batch.runs, state: JSON.stringify(cursor) };
      if (batch.orphans > 0) {
        out.warnings = [{ kind: 'warning', message: 'metric rows of runs missing from the runs table were skipped', count: batch.orphans }];
      }
      yield out;
    }
  } finally {
    db.close();
  }
}

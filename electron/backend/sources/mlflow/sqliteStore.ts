// Reader of MLflow's SQLite tracking store (`mlflow.db`, MLflow 1.26 to 3.x):
// runs, params, tags, datasets and metric history, plus the model registry.
// Pure apart from reading the database, which it opens read-only.
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
import type { MetricPoints, RegistryModel, RegistryModelVersion, RunRecord, StoreBatch } from '../records';
import {
  metricColumns, metricValue, notMlflow, numberOrNull, openStore, statusFromMlflow, storeError, StoreSchema, textOrNull, withStore,
  type MetricColumns, type OpenStoreOptions, type SqliteDb,
} from './sqliteSchema';

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

function fingerprint(row: readonly unknown[]): string {
  return createHash('sha1').update(JSON.stringify(row)).digest('hex').slice(0, 16);
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
  const runRecords = readRuns(db, schema);
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

function groupKeyValues(db: SqliteDb, schema: StoreSchema, table: 'params' | 'tags'): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  if (!schema.hasTable(table)) {
    schema.note(`the ${table} table is missing: runs have no ${table}`);
    return out;
  }
  const rows = db.prepare(`SELECT run_uuid, "key", value FROM ${table} ORDER BY run_uuid, "key"`).raw(true).all() as unknown[][];
  for (const [run, key, value] of rows) {
    const id = String(run);
    let values = out.get(id);
    if (!values) out.set(id, (values = {}));
    values[String(key)] = textOrNull(value) ?? '';
  }
  return out;
}

function readDatasets(db: SqliteDb, schema: StoreSchema): Map<string, RunRecord[]> {
  const out = new Map<string, RunRecord[]>();
  // datasets/inputs/input_tags came with MLflow 2.4; older stores logged none.
  if (!schema.hasTable('inputs') || !schema.hasTable('datasets')) return out;
  const context = schema.hasTable('input_tags')
    ? `(SELECT t.value FROM input_tags t WHERE t.input_uuid = i.input_uuid AND t.name = 'mlflow.data.context')`
    : 'NULL';
  const rows = db
    .prepare(
      `SELECT i.destination_id, d.name, ${schema.column('datasets', 'digest', { alias: 'd' })},
         ${schema.column('datasets', 'dataset_source_type', { alias: 'd' })}, ${context} AS context
       FROM inputs i JOIN datasets d ON d.dataset_uuid = i.source_id
       WHERE i.source_type = 'DATASET' AND i.destination_type = 'RUN'
       ORDER BY i.destination_id, d.name, context`,
    )
    .raw(true)
    .all() as unknown[][];
  for (const [run, name, digest, sourceType, ctx] of rows) {
    const id = String(run);
    const record: RunRecord = { kind: 'dataset', name: String(name), digest: textOrNull(digest), sourceType: textOrNull(sourceType), context: textOrNull(ctx) };
    const list = out.get(id);
    if (list) list.push(record);
    else out.set(id, [record]);
  }
  return out;
}

function readRuns(db: SqliteDb, schema: StoreSchema): Map<string, RunRecord[]> {
  const hasExperiments = schema.hasTable('experiments');
  if (!hasExperiments) schema.note('the experiments table is missing: runs have no experiment');
  // Columns of a missing table come out as NULL.
  const e = (column: string, as: string, why?: string) => schema.column('experiments', column, { alias: 'e', as, why });
  const select = [
    'r.run_uuid',
    schema.column('runs', 'name', { alias: 'r', why: 'names come from tag mlflow.runName' }),
    schema.column('runs', 'status', { alias: 'r', why: 'every run is taken as FINISHED' }),
    schema.column('runs', 'start_time', { alias: 'r', why: 'runs have no start time' }),
    schema.column('runs', 'end_time', { alias: 'r' }),
    schema.column('runs', 'lifecycle_stage', { alias: 'r', why: 'deleted runs cannot be told' }),
    e('name', 'experiment_name'),
    e('lifecycle_stage', 'experiment_stage', 'runs of deleted experiments cannot be told'),
    e('workspace', 'workspace'),
  ];
  let join = '';
  if (hasExperiments) {
    const on = schema.has('runs', 'experiment_id') ? 'e.experiment_id = r.experiment_id' : '0';
    if (on === '0') schema.note('runs.experiment_id is missing: runs have no experiment');
    join = `LEFT JOIN experiments e ON ${on}`;
  }
  const sql = `SELECT ${select.join(', ')} FROM runs r ${join} ORDER BY r.run_uuid`;
  const rows = db.prepare(sql).all() as Record<string, unknown>[];
  const params = groupKeyValues(db, schema, 'params');
  const tags = groupKeyValues(db, schema, 'tags');
  const datasets = readDatasets(db, schema);

  const out = new Map<string, RunRecord[]>();
  for (const row of rows) {
    const id = String(row.run_uuid);
    const runTags = tags.get(id) ?? {};
    const name = textOrNull(row.name) || runTags['mlflow.runName'] || null;
    let experiment = textOrNull(row.experiment_name);
    const workspace = textOrNull(row.workspace);
    if (experiment !== null && workspace && workspace !== 'default') experiment = `${workspace}/${experiment}`;
    const deleted = row.lifecycle_stage === 'deleted' || row.experiment_stage === 'deleted';
    const records: RunRecord[] = [
      { kind: 'header', sourceRunId: id, name, experiment, startTime: numberOrNull(row.start_time), heartbeatIntervalMs: null, deleted },
    ];
    const status = schema.has('runs', 'status') ? statusFromMlflow(row.status) : 'FINISHED';
    if (status) records.push({ kind: 'status', status, endTime: numberOrNull(row.end_time), reason: null });
    else records.push({ kind: 'warning', message: `unknown run status "${String(row.status)}"`, count: 1 });
    const runParams = params.get(id);
    if (runParams) records.push({ kind: 'params', values: runParams });
    if (Object.keys(runTags).length > 0) records.push({ kind: 'tags', values: runTags });
    records.push(...(datasets.get(id) ?? []));
    out.set(id, records);
  }
  return out;
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
      ...(fromStart && warnings.length > 0 ? { warnings } : {}),
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

interface MetricPage {
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
function metricPages(db: SqliteDb, columns: MetricColumns): (after: number, max: number, limit: number, knownRuns: ReadonlyMap<string, unknown>) => MetricPage | null {
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

/**
 * MLflow's model registry: registered models with their tags and aliases
 * (registered_model_aliases, MLflow 2.3+), and their versions with stage,
 * status, source, run id and tags. Versions MLflow deleted (stage
 * "Deleted_Internal") are left out, as MLflow's own API does. Since MLflow
 * 3.x's workspaces, models are keyed by (workspace, name); a model outside
 * the default workspace is named "workspace/name".
 */
export function readMlflowSqliteRegistry(file: string, options: OpenStoreOptions = {}): { models: RegistryModel[]; warnings: string[] } {
  return withStore(file, options, (db) => db.transaction(() => readRegistry(db))());
}

function readRegistry(db: SqliteDb): { models: RegistryModel[]; warnings: string[] } {
  const schema = new StoreSchema(db);
  const warnings: string[] = [];
  if (!schema.hasTable('registered_models')) {
    if (schema.hasTable('model_versions')) warnings.push('the registered_models table is missing: model versions are not read');
    return { models: [], warnings };
  }
  const ws = (table: string) => (schema.has(table, 'workspace') ? '"workspace"' : `'default'`);
  const keyOf = (workspace: unknown, name: unknown) => `${String(workspace)}\0${String(name)}`;
  const models = new Map<string, RegistryModel>();
  const modelRows = db
    .prepare(
      `SELECT ${ws('registered_models')} AS workspace, name, ${schema.column('registered_models', 'description')},
         ${schema.column('registered_models', 'creation_time')}, ${schema.column('registered_models', 'last_updated_time')}
       FROM registered_models ORDER BY name`,
    )
    .all() as Record<string, unknown>[];
  for (const row of modelRows) {
    const workspace = String(row.workspace);
    models.set(keyOf(workspace, row.name), {
      name: workspace === 'default' ? String(row.name) : `${workspace}/${String(row.name)}`,
      description: textOrNull(row.description) || null,
      createdTime: numberOrNull(row.creation_time),
      updatedTime: numberOrNull(row.last_updated_time),
      tags: {},
      aliases: {},
      versions: [],
    });
  }
  if (schema.hasTable('registered_model_tags')) {
    for (const row of db.prepare(`SELECT ${ws('registered_model_tags')} AS workspace, name, "key", value FROM registered_model_tags`).all() as Record<string, unknown>[]) {
      const model = models.get(keyOf(row.workspace, row.name));
      if (model) model.tags[String(row.key)] = textOrNull(row.value) ?? '';
    }
  }
  if (schema.hasTable('registered_model_aliases')) {
    for (const row of db.prepare(`SELECT ${ws('registered_model_aliases')} AS workspace, name, alias, version FROM registered_model_aliases`).all() as Record<string, unknown>[]) {
      const model = models.get(keyOf(row.workspace, row.name));
      const version = numberOrNull(row.version);
      if (model && version !== null) model.aliases[String(row.alias)] = version;
    }
  }
  if (!schema.hasTable('model_versions')) {
    warnings.push('the model_versions table is missing: models have no versions');
    return { models: [...models.values()], warnings };
  }
  const versionTags = new Map<string, Record<string, string>>();
  if (schema.hasTable('model_version_tags')) {
    for (const row of db.prepare(`SELECT ${ws('model_version_tags')} AS workspace, name, version, "key", value FROM model_version_tags`).all() as Record<string, unknown>[]) {
      const key = `${keyOf(row.workspace, row.name)}\0${String(row.version)}`;
      let tags = versionTags.get(key);
      if (!tags) versionTags.set(key, (tags = {}));
      tags[String(row.key)] = textOrNull(row.value) ?? '';
    }
  }
  const c = (column: string) => schema.column('model_versions', column);
  const versionRows = db
    .prepare(
      `SELECT ${ws('model_versions')} AS workspace, name, version, ${c('current_stage')}, ${c('status')}, ${c('source')}, ${c('run_id')},
         ${c('description')}, ${c('creation_time')}, ${c('last_updated_time')}
       FROM model_versions ORDER BY name, version`,
    )
    .all() as Record<string, unknown>[];
  let orphans = 0;
  for (const row of versionRows) {
    if (row.current_stage === 'Deleted_Internal') continue;
    const model = models.get(keyOf(row.workspace, row.name));
    const version = numberOrNull(row.version);
    if (!model || version === null) {
      orphans++;
      continue;
    }
    const entry: RegistryModelVersion = {
      version,
      stage: textOrNull(row.current_stage),
      status: textOrNull(row.status),
      sourceUri: textOrNull(row.source),
      sourceRunId: textOrNull(row.run_id) || null,
      description: textOrNull(row.description) || null,
      createdTime: numberOrNull(row.creation_time),
      updatedTime: numberOrNull(row.last_updated_time),
      tags: versionTags.get(`${keyOf(row.workspace, row.name)}\0${String(row.version)}`) ?? {},
    };
    model.versions.push(entry);
  }
  if (orphans > 0) warnings.push(`${orphans} model version(s) of no registered model were skipped`);
  return { models: [...models.values()], warnings };
}

// The runs of MLflow's SQLite tracking store as run records: each run's
// header, status, params, tags and datasets, keyed by run_uuid. Read whole on
// every call (these tables are small), inside the caller's read transaction.
import type { RunRecord } from '../records';
import { numberOrNull, statusFromMlflow, StoreSchema, textOrNull, type SqliteDb } from './sqliteSchema';

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

/** Experiment tags by experiment_id (experiment_tags came with MLflow 1.x; a store without it has none). */
function readExperimentTags(db: SqliteDb, schema: StoreSchema): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  if (!schema.hasTable('experiment_tags') || !schema.has('experiment_tags', 'experiment_id')) return out;
  const rows = db.prepare(`SELECT experiment_id, "key", value FROM experiment_tags ORDER BY experiment_id, "key"`).raw(true).all() as unknown[][];
  for (const [experiment, key, value] of rows) {
    const id = String(experiment);
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

/** Runs with their params, tags and datasets, keyed by run_uuid; what is missing from the schema is noted on it. */
export function readRuns(db: SqliteDb, schema: StoreSchema, storeFile: string): Map<string, RunRecord[]> {
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
    schema.column('runs', 'experiment_id', { alias: 'r', as: 'experiment_id' }),
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
  // Rows of no run: MLflow never writes them (a foreign key); a damaged or edited file does.
  const runIds = new Set(rows.map((row) => String(row.run_uuid)));
  for (const [table, grouped] of [['params', params], ['tags', tags]] as const) {
    const orphans = [...grouped].filter(([id]) => !runIds.has(id)).reduce((sum, [, values]) => sum + Object.keys(values).length, 0);
    if (orphans > 0) schema.note(`${orphans} ${table} row(s) belong to no run in the runs table: skipped`);
  }
  const datasets = readDatasets(db, schema);
  const experimentTags = readExperimentTags(db, schema);

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
      {
        kind: 'header',
        sourceRunId: id,
        name,
        experiment,
        experimentLocation: storeFile,
        startTime: numberOrNull(row.start_time),
        heartbeatIntervalMs: null,
        deleted,
        experimentTags: experimentTags.get(String(row.experiment_id)) ?? {},
      },
    ];
    const status = schema.has('runs', 'status') ? statusFromMlflow(row.status) : 'FINISHED';
    if (status) records.push({ kind: 'status', status, endTime: numberOrNull(row.end_time), reason: null });
    else records.push({ kind: 'warning', message: `unknown run status "${String(row.status)}"`, count: 1 });
    // The store holds all of a run's params and tags: a name gone from it was deleted.
    records.push({ kind: 'params', values: params.get(id) ?? {}, complete: true });
    records.push({ kind: 'tags', values: runTags, complete: true });
    records.push(...(datasets.get(id) ?? []));
    out.set(id, records);
  }
  return out;
}

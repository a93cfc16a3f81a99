// The SQLite reader on real mlflow.db files (MLflow 1.26, 2.3, 2.13, 3.x), copied
// unchanged from ../shared/fixtures/real/mlflow-sqlite (provenance in
// test/fixtures/real/mlflow-sqlite/SOURCES.md).
//
// Every expected value below was read with the sqlite3 CLI (Debian's
// sqlite3 3.x, `sqlite3 -readonly <db> "<query>"`), independently of the
// reader; the query is in the comment beside it. Floats were printed with
// printf('%!.17g', value) so they compare exactly.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../electron/backend/sources/records';
import {
  isMlflowSqliteFile,
  listMlflowSqliteRuns,
  readMlflowSqlite,
  type MlflowStoreBatch,
} from '../../electron/backend/sources/mlflow/sqliteStore';
import { readMlflowSqliteRegistry } from '../../electron/backend/sources/mlflow/sqliteRegistry';

const root = path.resolve('test/fixtures/real/mlflow-sqlite');
const db = (name: string) => path.join(root, name, 'mlflow.db');

interface RunView {
  header: Extract<RunRecord, { kind: 'header' }>;
  status?: Extract<RunRecord, { kind: 'status' }>;
  params: Record<string, string>;
  tags: Record<string, string>;
  datasets: Extract<RunRecord, { kind: 'dataset' }>[];
  /** key -> points in the order read */
  metrics: Map<string, { steps: number[]; timestamps: number[]; values: number[] }>;
}

/** Reads a whole database from scratch and folds the batches into one view per run. */
function readAll(file: string): { runs: Map<string, RunView>; batches: MlflowStoreBatch[] } {
  const batches = [...readMlflowSqlite(file, null)];
  const runs = new Map<string, RunView>();
  for (const batch of batches) {
    for (const [id, records] of batch.runs) {
      let run = runs.get(id);
      for (const record of records) {
        if (record.kind === 'header') {
          run = { header: record, params: {}, tags: {}, datasets: [], metrics: new Map() };
          runs.set(id, run);
        }
        if (record.kind === 'voidMetrics') continue;
        if (!run) throw new Error(`records of ${id} before its header`);
        if (record.kind === 'status') run.status = record;
        if (record.kind === 'params') Object.assign(run.params, record.values);
        if (record.kind === 'tags') Object.assign(run.tags, record.values);
        if (record.kind === 'dataset') run.datasets.push(record);
        if (record.kind === 'metrics') {
          for (const [key, series] of record.points) {
            const into = run.metrics.get(key) ?? { steps: [], timestamps: [], values: [] };
            into.steps.push(...series.steps);
            into.timestamps.push(...series.timestamps);
            into.values.push(...series.values);
            run.metrics.set(key, into);
          }
        }
      }
    }
  }
  return { runs, batches };
}

function countBy<T>(items: Iterable<T>, key: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}

function pointsByKey(runs: Map<string, RunView>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const run of runs.values()) for (const [key, s] of run.metrics) out[key] = (out[key] ?? 0) + s.values.length;
  return out;
}

describe('real mlflow.db files', () => {
  it('recognises all four as MLflow stores', () => {
    for (const name of ['mlflow1-zoomcamp-registry', 'mlflow2.3-small', 'mlflow2.13-deleted-runs', 'mlflow3-logged-models']) {
      expect(isMlflowSqliteFile(db(name)), name).toBe(true);
    }
  });

  it('MLflow 1.26 (zoomcamp): runs, statuses, unnamed runs, metric history, registry stages', () => {
    const file = db('mlflow1-zoomcamp-registry');
    const { runs, batches } = readAll(file);
    // select count(*) from runs  -> 16
    expect(runs.size).toBe(16);
    expect(batches[0].runIds).toHaveLength(16);
    expect(listMlflowSqliteRuns(file).sort()).toEqual([...runs.keys()].sort());
    // select status, count(*) from runs group by status  -> FAILED 3, FINISHED 12, RUNNING 1
    expect(countBy(runs.values(), (r) => r.status!.status)).toEqual({ FAILED: 3, FINISHED: 12, RUNNING: 1 });
    // select quote(name) from runs -> '' for all 16, and no mlflow.runName tag (select key, count(*) from tags group by key)
    expect([...runs.values()].every((r) => r.header.name === null)).toBe(true);
    // select e.name, count(*) from runs join experiments using(experiment_id) group by e.name -> nyc-taxi-experiment 16
    expect(countBy(runs.values(), (r) => r.header.experiment!)).toEqual({ 'nyc-taxi-experiment': 16 });
    // select count(*) from runs where lifecycle_stage='deleted' -> 0
    expect([...runs.values()].some((r) => r.header.deleted)).toBe(false);
    // select run_uuid, status, start_time, quote(end_time) from runs where status='RUNNING'
    //   -> ed26c46ac1b5477aadaf8963b8efd4a6 | RUNNING | 1653507670564 | NULL
    const running = runs.get('ed26c46ac1b5477aadaf8963b8efd4a6')!;
    expect(running.header.startTime).toBe(1653507670564);
    expect(running.status).toEqual({ kind: 'status', status: 'RUNNING', endTime: null, reason: null });
    // select key, count(*) from metrics group by key -> best_iteration 1, rmse 10, stopped_iteration 1, validation-rmse 746
    expect(pointsByKey(runs)).toEqual({ best_iteration: 1, rmse: 10, stopped_iteration: 1, 'validation-rmse': 746 });
    // run f02c412e075b42a68b850819aaef682c: validation-rmse 746 rows, steps 0..745, first two (order by rowid)
    //   12.579822485696278 @0 ts 1653553302164, 8.921755547191447 @1; last (order by rowid desc) 6.3844410475317961 @745
    const series = runs.get('f02c412e075b42a68b850819aaef682c')!.metrics.get('validation-rmse')!;
    expect(series.values).toHaveLength(746);
    expect(series.steps.slice(0, 2)).toEqual([0, 1]);
    expect(series.timestamps[0]).toBe(1653553302164);
    expect(series.values.slice(0, 2)).toEqual([12.579822485696278, 8.921755547191447]);
    expect(series.steps.at(-1)).toBe(745);
    expect(series.values.at(-1)).toBe(6.3844410475317961);
    // select key, value from params where run_uuid='f02c412e…' -> 12 params, among them:
    const run = runs.get('f02c412e075b42a68b850819aaef682c')!;
    expect(Object.keys(run.params)).toHaveLength(12);
    expect(run.params).toMatchObject({ max_depth: '11', learning_rate: '0.5025282456558428', objective: 'reg:linear', custom_metric: 'None' });
    // select key, value from tags where run_uuid='f02c412e…'
    expect(run.tags).toMatchObject({ 'mlflow.autologging': 'xgboost', 'mlflow.source.type': 'LOCAL', 'mlflow.user': 'akshit73' });
    // no datasets/inputs tables in 1.26
    expect([...runs.values()].every((r) => r.datasets.length === 0)).toBe(true);
    // A 1.26 database lacks nothing the reader needs.
    expect(batches[0].warnings ?? []).toEqual([]);

    // select * from registered_models; select name, version, current_stage, source, run_id, status from model_versions;
    // select * from model_version_tags  -> model|xgboost|nyc-taxi-regressor|1
    const registry = readMlflowSqliteRegistry(file);
    expect(registry.warnings).toEqual([]);
    expect(registry.models).toHaveLength(1);
    const model = registry.models[0];
    expect(model).toMatchObject({ name: 'nyc-taxi-regressor', description: 'The NYC Taxi Predictor for trip duration', createdTime: 1653679264265, aliases: {} });
    expect(model.versions.map((v) => [v.version, v.stage, v.status])).toEqual([[1, 'Staging', 'READY'], [2, 'Production', 'READY']]);
    expect(model.versions[0]).toMatchObject({
      sourceRunId: 'b72e6dbe671840aea38aae813ee9dd9e',
      sourceUri: './mlruns/1/b72e6dbe671840aea38aae813ee9dd9e/artifacts/models_mlflow',
      tags: { model: 'xgboost' },
    });
  });

  it('MLflow 2.3 (small): run names from runs.name, one rmse point each', () => {
    const file = db('mlflow2.3-small');
    const { runs } = readAll(file);
    // select run_uuid, name from runs
    expect(Object.fromEntries([...runs].map(([id, r]) => [id, r.header.name]))).toEqual({
      '2313864dd9574b89ad3a3800d7d19c11': 'clumsy-shoat-972',
      '431e846c9b1c4f6eaa25c4289a36dfa6': 'debonair-fowl-938',
      'f59d785563a241658a63ce82c679c001': 'funny-stag-818',
    });
    // select run_uuid, key, printf('%!.17g', value), step, timestamp from metrics -> rmse 6.4598527549080185 @0 in each run
    for (const run of runs.values()) {
      expect(run.metrics.get('rmse')!.values).toEqual([6.4598527549080185]);
      expect(run.metrics.get('rmse')!.steps).toEqual([0]);
      // select key, value from params where key in ('max_depth','seed') -> 30, 42 everywhere
      expect(run.params).toMatchObject({ max_depth: '30', seed: '42' });
      expect(run.header.experiment).toBe('nyc-taxi-experiment');
      expect(run.status!.status).toBe('FINISHED');
    }
    expect(runs.get('2313864dd9574b89ad3a3800d7d19c11')!.metrics.get('rmse')!.timestamps).toEqual([1720379682773]);
    // registered_model_aliases exists but is empty; no registered models
    expect(readMlflowSqliteRegistry(file)).toEqual({ models: [], warnings: [] });
  });

  it('MLflow 2.13: deleted runs, datasets with their context, two registered models', () => {
    const file = db('mlflow2.13-deleted-runs');
    const { runs } = readAll(file);
    // select count(*), sum(lifecycle_stage='deleted') from runs -> 51, 16
    expect(runs.size).toBe(51);
    const deleted = [...runs.values()].filter((r) => r.header.deleted);
    expect(deleted).toHaveLength(16);
    // select status, count(*) from runs where lifecycle_stage='deleted' group by status -> FAILED 1, FINISHED 15
    expect(countBy(deleted, (r) => r.status!.status)).toEqual({ FAILED: 1, FINISHED: 15 });
    // select run_uuid, name from runs where lifecycle_stage='deleted' and status='FAILED'
    expect(runs.get('e0f4b18e850845b5bf16b0ede846cccc')!.header).toMatchObject({ name: 'monumental-frog-285', deleted: true });
    // select e.name, count(*) from runs r join experiments e using(experiment_id) where r.lifecycle_stage='deleted' group by e.name
    expect(countBy(deleted, (r) => r.header.experiment!)).toEqual({ 'random-forest-best-models': 1, 'random-forest-hyperopt': 15 });
    // select e.name, count(*) from runs join experiments … group by experiment_id
    expect(countBy(runs.values(), (r) => r.header.experiment!)).toEqual({
      'nyc-taxi-experiment': 5, 'random-forest-hyperopt': 30, 'random-forest-best-models': 16,
    });
    // select count(*) from runs where name is null or name='' -> 0
    expect([...runs.values()].every((r) => typeof r.header.name === 'string' && r.header.name.length > 0)).toBe(true);
    // select key, count(*) from metrics group by key
    expect(pointsByKey(runs)).toEqual({
      best_iteration: 1, rmse: 32, stopped_iteration: 1, test_rmse: 15, training_mean_absolute_error: 31,
      training_mean_squared_error: 31, training_r2_score: 31, training_root_mean_squared_error: 31, training_score: 31,
      val_rmse: 15, 'validation-rmse': 101,
    });
    // run 1e0774bee771491b8f0065a11743b93a (smiling-vole-846): validation-rmse 101 points, last 5.1910142043953735;
    // best_iteration 99.0; 12 params
    const run = runs.get('1e0774bee771491b8f0065a11743b93a')!;
    expect(run.header.name).toBe('smiling-vole-846');
    expect(run.metrics.get('validation-rmse')!.values).toHaveLength(101);
    expect(run.metrics.get('validation-rmse')!.values.at(-1)).toBe(5.1910142043953735);
    expect(run.metrics.get('best_iteration')!.values).toEqual([99]);
    expect(Object.keys(run.params)).toHaveLength(12);
    expect(run.params.learning_rate).toBe('0.19408972548566633');
    expect(run.tags['mlflow.runName']).toBe('smiling-vole-846');
    // select d.name, d.digest, d.dataset_source_type, t.value from inputs i join datasets d … left join input_tags t
    //   on t.name='mlflow.data.context' where i.destination_id='1e0774…' -> dataset|6380c06c|code|train, validation|6e1bec03|code|eval
    expect(run.datasets).toEqual([
      { kind: 'dataset', name: 'dataset', digest: '6380c06c', sourceType: 'code', context: 'train' },
      { kind: 'dataset', name: 'validation', digest: '6e1bec03', sourceType: 'code', context: 'eval' },
    ]);
    // select count(*), count(distinct destination_id) from inputs where source_type='DATASET' and destination_type='RUN' -> 48, 32
    const withDatasets = [...runs.values()].filter((r) => r.datasets.length > 0);
    expect(withDatasets).toHaveLength(32);
    expect(withDatasets.reduce((n, r) => n + r.datasets.length, 0)).toBe(48);

    // select name, version, current_stage, run_id, status from model_versions order by name, version
    const registry = readMlflowSqliteRegistry(file);
    expect(registry.warnings).toEqual([]);
    expect(registry.models.map((m) => m.name)).toEqual(['nyc-taxi-regressor', 'random-forest-best-models']);
    expect(registry.models.map((m) => m.versions.map((v) => `${v.version}:${v.stage}`))).toEqual([
      ['1:Staging', '2:None', '3:None'],
      ['1:None', '2:None', '3:None'],
    ]);
    expect(registry.models[0].versions[1].sourceRunId).toBe('1e0774bee771491b8f0065a11743b93a');
    // select * from registered_model_aliases -> no rows
    expect(registry.models.every((m) => Object.keys(m.aliases).length === 0)).toBe(true);
  });

  it('MLflow 3.x: logged-model inputs are not datasets; names repeat across runs', () => {
    const file = db('mlflow3-logged-models');
    const { runs, batches } = readAll(file);
    // select count(*) from runs -> 10, all FINISHED
    expect(runs.size).toBe(10);
    expect(countBy(runs.values(), (r) => r.status!.status)).toEqual({ FINISHED: 10 });
    // select r.name, e.name from runs r join experiments e using(experiment_id) order by r.start_time
    expect(countBy(runs.values(), (r) => `${r.header.experiment}/${r.header.name}`)).toEqual({
      'fraud-detection-baseline/logistic_regression_baseline': 1,
      'fraud-detection-xgboost/xgboost_run_1': 3,
      'fraud-detection-xgboost/xgboost_run_2': 3,
      'fraud-detection-xgboost/xgboost_run_3': 3,
    });
    // select printf('%!.17g', value) from metrics where run_uuid='e56a4c12793b4017aef9c2770c8cc355' -> roc_auc 0.97208349962100771
    const baseline = runs.get('e56a4c12793b4017aef9c2770c8cc355')!;
    expect(baseline.metrics.get('roc_auc')!.values).toEqual([0.97208349962100771]);
    // select key, value from params where run_uuid='e56a4c12…' -> class_weight balanced, model LogisticRegression
    expect(baseline.params).toEqual({ class_weight: 'balanced', model: 'LogisticRegression' });
    expect(baseline.tags['mlflow.source.git.commit']).toBe('ad7cdac2c27162bcba48a62382cbeca1245a2344');
    // select count(*) from inputs where source_type='DATASET' -> 0 (the 10 inputs are RUN_OUTPUT -> MODEL_OUTPUT)
    expect([...runs.values()].every((r) => r.datasets.length === 0)).toBe(true);
    expect(pointsByKey(runs)).toEqual({ roc_auc: 10 });
    expect(batches[0].warnings ?? []).toEqual([]);
    // no registered models
    expect(readMlflowSqliteRegistry(file)).toEqual({ models: [], warnings: [] });
  });

  it('leaves the databases exactly as they were (read-only, no journal files)', () => {
    for (const name of ['mlflow1-zoomcamp-registry', 'mlflow2.3-small', 'mlflow2.13-deleted-runs', 'mlflow3-logged-models']) {
      const before = createHash('sha1').update(fs.readFileSync(db(name))).digest('hex');
      const mtime = fs.statSync(db(name)).mtimeMs;
      readAll(db(name));
      readMlflowSqliteRegistry(db(name));
      expect(createHash('sha1').update(fs.readFileSync(db(name))).digest('hex')).toBe(before);
      expect(fs.statSync(db(name)).mtimeMs).toBe(mtime);
      expect(fs.readdirSync(path.join(root, name)).sort()).toEqual(['mlflow.db']);
    }
  });

  it('reads nothing new from an unchanged database, keeping its state', () => {
    for (const name of ['mlflow1-zoomcamp-registry', 'mlflow2.13-deleted-runs']) {
      const { batches } = readAll(db(name));
      const state = batches.at(-1)!.state;
      const again = [...readMlflowSqlite(db(name), state)];
      expect(again).toHaveLength(1);
      expect(again[0].runs.size).toBe(0);
      expect(again[0].fromStart).toBe(false);
      expect(again[0].runIds).toHaveLength(batches[0].runIds!.length);
      expect(again[0].state).toBe(state);
    }
  });
});

// The SQLite reader on an MLflow store the test creates from MLflow's schema
// (test/fixtures/mlflow-schema/mlflow-2.13.sql): what it reads, what it
// reads again after rows are added, and when it starts over.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMlflowSchema } from '../../bench/generate/mlflowSqlite';
import type { MetricPoints, RunRecord } from '../../electron/backend/sources/records';
import {
  readMlflowSqlite,
  type MlflowSqliteReadOptions,
  type MlflowStoreBatch,
} from '../../electron/backend/sources/mlflow/sqliteStore';
import { readMlflowSqliteRegistry } from '../../electron/backend/sources/mlflow/sqliteRegistry';
import { removeTempDirs, tempDir } from '../helpers';

afterAll(removeTempDirs);

const t0 = 1_700_000_000_000;

/** A store with two experiments (one deleted) and four runs, as MLflow would write it. */
function createStore(file: string): Database.Database {
  const db = new Database(file);
  createMlflowSchema(db, t0);
  db.exec(`
    INSERT INTO experiments VALUES (1, 'vision', 'mlflow-artifacts:/1', 'active', ${t0}, ${t0});
    INSERT INTO experiments VALUES (2, 'old', 'mlflow-artifacts:/2', 'deleted', ${t0}, ${t0});
    INSERT INTO runs (run_uuid, name, status, start_time, end_time, lifecycle_stage, experiment_id, user_id)
      VALUES ('r1', 'resnet', 'RUNNING', ${t0 + 1}, NULL, 'active', 1, 'ana'),
             ('r2', 'in-deleted-experiment', 'FINISHED', ${t0 + 2}, ${t0 + 20}, 'active', 2, 'ana'),
             ('r3', 'deleted-run', 'KILLED', ${t0 + 3}, ${t0 + 30}, 'deleted', 1, 'ana'),
             ('r4', '', 'FAILED', ${t0 + 4}, ${t0 + 40}, 'active', 1, 'ana');
    INSERT INTO params ("key", value, run_uuid) VALUES ('lr', '0.01', 'r1'), ('epochs', '10', 'r1'), ('lr', '0.1', 'r4');
    INSERT INTO tags ("key", value, run_uuid) VALUES ('mlflow.runName', 'resnet', 'r1'), ('team', 'cv', 'r1'),
      ('mlflow.runName', 'named-by-tag', 'r4');
    INSERT INTO datasets VALUES ('d1', 1, 'cifar10', 'abc123', 'local', '{"uri": "/data/cifar"}', NULL, NULL);
    INSERT INTO inputs VALUES ('i1', 'DATASET', 'd1', 'RUN', 'r1');
    INSERT INTO input_tags VALUES ('i1', 'mlflow.data.context', 'train');
    INSERT INTO experiment_tags ("key", value, experiment_id) VALUES ('mlflow.note.content', 'Image models', 1), ('owner', 'ana', 1);
  `);
  return db;
}

const insertMetric = (db: Database.Database, run: string, key: string, step: number, value: number, isNan = 0) =>
  db.prepare('INSERT INTO metrics ("key", value, timestamp, run_uuid, step, is_nan) VALUES (?, ?, ?, ?, ?, ?)').run(key, value, t0 + 1000 + step, run, step, isNan);

function points(batches: MlflowStoreBatch[]): Map<string, MetricPoints> {
  const out = new Map<string, MetricPoints>();
  for (const batch of batches) {
    for (const [run, records] of batch.runs) {
      for (const record of records) {
        if (record.kind !== 'metrics') continue;
        const into = out.get(run) ?? new Map();
        for (const [key, s] of record.points) {
          const series = into.get(key) ?? { steps: [], timestamps: [], values: [] };
          series.steps.push(...s.steps);
          series.timestamps.push(...s.timestamps);
          series.values.push(...s.values);
          into.set(key, series);
        }
        out.set(run, into);
      }
    }
  }
  return out;
}

function read(file: string, state: string | null, options?: MlflowSqliteReadOptions): { batches: MlflowStoreBatch[]; state: string } {
  const batches = [...readMlflowSqlite(file, state, options)];
  return { batches, state: batches.at(-1)!.state };
}

const record = <K extends RunRecord['kind']>(records: RunRecord[] | undefined, kind: K) =>
  records?.find((r) => r.kind === kind) as Extract<RunRecord, { kind: K }> | undefined;

describe('MLflow SQLite store created by the test', () => {
  it('reads runs, experiments, deletion, names, params, tags, datasets and metrics', () => {
    const file = path.join(tempDir(), 'mlflow.db');
    const db = createStore(file);
    for (let step = 0; step < 5; step++) insertMetric(db, 'r1', 'loss', step, 1 / (step + 1));
    insertMetric(db, 'r4', 'acc', 0, 0.5);
    db.close();

    const { batches } = read(file, null);
    const first = batches[0];
    expect(first.fromStart).toBe(true);
    expect(first.runIds!.sort()).toEqual(['r1', 'r2', 'r3', 'r4']);
    expect(first.warnings).toEqual([]); // a well-made store: nothing to say (and the last read's warnings go)
    const r1 = first.runs.get('r1')!;
    expect(r1[0]).toEqual({ kind: 'voidMetrics', keys: 'all' });
    expect(record(r1, 'header')).toEqual({
      kind: 'header', sourceRunId: 'r1', name: 'resnet', experiment: 'vision', startTime: t0 + 1, heartbeatIntervalMs: null, deleted: false,
      experimentLocation: file,
      experimentTags: { 'mlflow.note.content': 'Image models', owner: 'ana' },
    });
    expect(record(first.runs.get('r2'), 'header')!.experimentTags).toEqual({});
    expect(record(r1, 'status')).toEqual({ kind: 'status', status: 'RUNNING', endTime: null, reason: null });
    expect(record(r1, 'params')!.values).toEqual({ lr: '0.01', epochs: '10' });
    expect(record(r1, 'tags')!.values).toEqual({ 'mlflow.runName': 'resnet', team: 'cv' });
    expect(record(r1, 'dataset')).toEqual({ kind: 'dataset', name: 'cifar10', digest: 'abc123', sourceType: 'local', context: 'train' });
    // Deleted: the run itself, or its experiment.
    expect(record(first.runs.get('r2'), 'header')).toMatchObject({ experiment: 'old', deleted: true });
    expect(record(first.runs.get('r3'), 'header')).toMatchObject({ deleted: true });
    expect(record(first.runs.get('r3'), 'status')).toMatchObject({ status: 'KILLED', endTime: t0 + 30 });
    // An empty runs.name falls back to the mlflow.runName tag.
    expect(record(first.runs.get('r4'), 'header')!.name).toBe('named-by-tag');
    expect(record(first.runs.get('r4'), 'status')!.status).toBe('FAILED');
    // Metric batches come after the run records, in rowid order.
    expect(batches.slice(1).every((b) => [...b.runs.values()].every((rs) => rs.every((r) => r.kind === 'metrics')))).toBe(true);
    const all = points(batches);
    expect(all.get('r1')!.get('loss')).toEqual({
      steps: [0, 1, 2, 3, 4],
      timestamps: [t0 + 1000, t0 + 1001, t0 + 1002, t0 + 1003, t0 + 1004],
      values: [1, 1 / 2, 1 / 3, 1 / 4, 1 / 5],
    });
    expect(all.get('r4')!.get('acc')!.values).toEqual([0.5]);
  });

  it('reads only the points added since the last read, and run records only when they changed', () => {
    const file = path.join(tempDir(), 'mlflow.db');
    const db = createStore(file);
    for (let step = 0; step < 3; step++) insertMetric(db, 'r1', 'loss', step, step);
    let { state } = read(file, null);

    for (let step = 3; step < 6; step++) insertMetric(db, 'r1', 'loss', step, step);
    insertMetric(db, 'r4', 'acc', 0, 0.9);
    let again = read(file, state);
    expect(again.batches[0].fromStart).toBe(false);
    expect(again.batches[0].runs.size).toBe(0);
    expect(again.batches[0].runIds).toHaveLength(4);
    const added = points(again.batches);
    expect(added.get('r1')!.get('loss')!.steps).toEqual([3, 4, 5]);
    expect(added.get('r4')!.get('acc')!.values).toEqual([0.9]);
    state = again.state;

    // Nothing new: one batch, no records, the same state.
    again = read(file, state);
    expect(again.batches).toHaveLength(1);
    expect(again.batches[0].runs.size).toBe(0);
    expect(again.state).toBe(state);

    // The run finishes and gets a tag: run records again, without voiding metrics.
    db.prepare(`UPDATE runs SET status = 'FINISHED', end_time = ? WHERE run_uuid = 'r1'`).run(t0 + 99);
    db.prepare(`INSERT INTO tags ("key", value, run_uuid) VALUES ('best', 'yes', 'r1')`).run();
    again = read(file, state);
    expect(again.batches).toHaveLength(1);
    const r1 = again.batches[0].runs.get('r1')!;
    expect(r1.some((r) => r.kind === 'voidMetrics')).toBe(false);
    expect(record(r1, 'status')).toEqual({ kind: 'status', status: 'FINISHED', endTime: t0 + 99, reason: null });
    expect(record(r1, 'tags')!.values.best).toBe('yes');
    db.close();
  });

  it('pages metric rows in batches whose states resume exactly where each stopped', () => {
    const file = path.join(tempDir(), 'mlflow.db');
    const db = createStore(file);
    for (let step = 0; step < 7; step++) insertMetric(db, 'r1', 'loss', step, step);
    db.close();
    const { batches } = read(file, null, { batchSize: 3 });
    // run records, then 3 + 3 + 1 rows
    expect(batches).toHaveLength(4);
    expect(batches.slice(1).map((b) => record(b.runs.get('r1'), 'metrics')!.points.get('loss')!.steps)).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    // Stopping after the second metric batch (a crash before the third was stored) resumes at step 6 only.
    const resumed = read(file, batches[2].state, { batchSize: 3 });
    expect(resumed.batches[0].fromStart).toBe(false);
    expect(points(resumed.batches).get('r1')!.get('loss')!.steps).toEqual([6]);
  });

  it('turns is_nan rows into NaN and MLflow\'s ±DBL_MAX into ±Infinity', () => {
    const file = path.join(tempDir(), 'mlflow.db');
    const db = createStore(file);
    insertMetric(db, 'r1', 'loss', 0, 0, 1); // MLflow logs NaN as value 0, is_nan 1
    insertMetric(db, 'r1', 'loss', 1, Number.MAX_VALUE);
    insertMetric(db, 'r1', 'loss', 2, -Number.MAX_VALUE);
    insertMetric(db, 'r1', 'loss', 3, 0.25);
    db.close();
    expect(points(read(file, null).batches).get('r1')!.get('loss')!.values).toEqual([NaN, Infinity, -Infinity, 0.25]);
  });

  it('starts over when the newest rows read were deleted and their rowids reused', () => {
    const file = path.join(tempDir(), 'mlflow.db');
    const db = createStore(file);
    for (let step = 0; step < 4; step++) insertMetric(db, 'r1', 'loss', step, step);
    const { state } = read(file, null);
    // Rowid 4 is deleted; the next two rows get rowids 4 and 5: the anchor row differs.
    db.prepare(`DELETE FROM metrics WHERE step = 3`).run();
    insertMetric(db, 'r1', 'loss', 10, 10);
    insertMetric(db, 'r1', 'loss', 11, 11);
    const again = read(file, state);
    expect(again.batches[0].fromStart).toBe(true);
    expect(again.batches[0].runs.get('r1')![0]).toEqual({ kind: 'voidMetrics', keys: 'all' });
    expect(again.batches[0].runs.size).toBe(4);
    expect(again.batches[0].warnings!.map((w) => w.message).join()).toMatch(/read again from the start/);
    expect(points(again.batches).get('r1')!.get('loss')!.steps).toEqual([0, 1, 2, 10, 11]);
    db.close();
  });

  it('starts over when the table shrank below the rowid read, or the file was replaced', () => {
    const dir = tempDir();
    const file = path.join(dir, 'mlflow.db');
    let db = createStore(file);
    for (let step = 0; step < 5; step++) insertMetric(db, 'r1', 'loss', step, step);
    const { state } = read(file, null);
    db.prepare('DELETE FROM metrics WHERE step >= 2').run();
    let again = read(file, state);
    expect(again.batches[0].fromStart).toBe(true);
    expect(points(again.batches).get('r1')!.get('loss')!.steps).toEqual([0, 1]);
    db.close();

    // A new database moved over the old one, with more rows than were read.
    const other = path.join(dir, 'other.db');
    db = createStore(other);
    for (let step = 0; step < 9; step++) insertMetric(db, 'r4', 'acc', step, step / 10);
    db.close();
    const before = read(file, null).state;
    fs.renameSync(other, file);
    again = read(file, before);
    expect(again.batches[0].fromStart).toBe(true);
    const all = points(again.batches);
    expect(all.get('r1')).toBeUndefined();
    expect(all.get('r4')!.get('acc')!.steps).toHaveLength(9);
  });

  it('starts over when the database was migrated (alembic version changed)', () => {
    const file = path.join(tempDir(), 'mlflow.db');
    const db = createStore(file);
    insertMetric(db, 'r1', 'loss', 0, 1);
    const { state } = read(file, null);
    db.prepare(`UPDATE alembic_version SET version_num = 'f5a4f2784254'`).run();
    const again = read(file, state);
    expect(again.batches[0].fromStart).toBe(true);
    expect(points(again.batches).get('r1')!.get('loss')!.steps).toEqual([0]);
    db.close();
  });

  it('starts from zero on a state it cannot use', () => {
    const file = path.join(tempDir(), 'mlflow.db');
    const db = createStore(file);
    insertMetric(db, 'r1', 'loss', 0, 1);
    db.close();
    for (const bad of ['not json', '{}', '{"v":1,"schema":"x","rowid":-1}', '{"v":1,"schema":"x","rowid":5,"anchor":null}', '[]']) {
      const { batches } = read(file, bad);
      expect(batches[0].fromStart).toBe(true);
      expect(points(batches).get('r1')!.get('loss')!.steps).toEqual([0]);
    }
  });

  it('skips metric rows of unknown runs and values that are not numbers, counting them', () => {
    const file = path.join(tempDir(), 'mlflow.db');
    const db = createStore(file);
    insertMetric(db, 'r1', 'loss', 0, 1);
    // Rows whose run row is gone (deleted by hand or by a tool that ignores the foreign key).
    db.pragma('foreign_keys = OFF');
    insertMetric(db, 'ghost', 'loss', 0, 1);
    db.prepare(`INSERT INTO metrics ("key", value, timestamp, run_uuid, step, is_nan) VALUES ('loss', 'high', 5, 'r1', 1, 0)`).run();
    db.close();
    const { batches } = read(file, null);
    const metricBatch = batches[1];
    expect(metricBatch.runs.has('ghost')).toBe(false);
    expect(metricBatch.warnings).toEqual([{ kind: 'warning', message: 'metric rows of runs missing from the runs table were skipped', count: 1 }]);
    expect(record(metricBatch.runs.get('r1'), 'warning')).toMatchObject({ count: 1 });
    expect(points(batches).get('r1')!.get('loss')!.values).toEqual([1]);
  });

  it('reads while another connection writes to a WAL database', () => {
    const file = path.join(tempDir(), 'mlflow.db');
    const db = createStore(file);
    db.pragma('journal_mode = WAL');
    insertMetric(db, 'r1', 'loss', 0, 1);
    // An open write transaction: the reader sees the last commit, and does not wait.
    db.exec('BEGIN IMMEDIATE');
    insertMetric(db, 'r1', 'loss', 1, 2);
    // No busy timeout at all: had the read needed the writer's lock, it would fail at once.
    const { batches, state } = read(file, null, { busyTimeoutMs: 0 });
    expect(points(batches).get('r1')!.get('loss')!.steps).toEqual([0]);
    db.exec('COMMIT');
    expect(points(read(file, state).batches).get('r1')!.get('loss')!.steps).toEqual([1]);
    db.close();
  });
});

describe('MLflow 3 workspaces', () => {
  it('names experiments and models outside the default workspace "workspace/name"', () => {
    const file = path.join(tempDir(), 'mlflow.db');
    const db = createStore(file);
    // What migration 1b5f0d9ad7c1 adds: a workspace column defaulting to 'default'.
    db.exec(`
      ALTER TABLE experiments ADD COLUMN workspace VARCHAR(63) NOT NULL DEFAULT 'default';
      ALTER TABLE registered_models ADD COLUMN workspace VARCHAR(63) NOT NULL DEFAULT 'default';
      ALTER TABLE model_versions ADD COLUMN workspace VARCHAR(63) NOT NULL DEFAULT 'default';
      UPDATE experiments SET workspace = 'team-b' WHERE experiment_id = 2;
      INSERT INTO registered_models (name, creation_time, workspace) VALUES ('m', 1, 'default'), ('m2', 1, 'team-b');
      INSERT INTO model_versions (name, version, current_stage, workspace) VALUES ('m', 1, 'None', 'default'), ('m2', 1, 'Staging', 'team-b');
    `);
    db.close();
    const [first] = read(file, null).batches;
    expect(record(first.runs.get('r1'), 'header')!.experiment).toBe('vision');
    expect(record(first.runs.get('r2'), 'header')!.experiment).toBe('team-b/old');
    const { models } = readMlflowSqliteRegistry(file);
    expect(models.map((m) => [m.name, m.versions.map((v) => v.stage)])).toEqual([['m', ['None']], ['team-b/m2', ['Staging']]]);
  });
});

describe('MLflow SQLite model registry', () => {
  it('reads models, tags, aliases and versions, leaving out deleted versions', () => {
    const file = path.join(tempDir(), 'mlflow.db');
    const db = createStore(file);
    db.exec(`
      INSERT INTO registered_models VALUES ('churn', ${t0}, ${t0 + 5}, 'predicts churn');
      INSERT INTO registered_models VALUES ('empty', ${t0}, ${t0}, NULL);
      INSERT INTO registered_model_tags VALUES ('owner', 'ana', 'churn');
      INSERT INTO model_versions (name, version, creation_time, last_updated_time, description, current_stage, source, run_id, status)
        VALUES ('churn', 1, ${t0 + 1}, ${t0 + 2}, NULL, 'Archived', 'runs:/r1/model', 'r1', 'READY'),
               ('churn', 2, ${t0 + 3}, ${t0 + 4}, 'second', 'Production', 'mlflow-artifacts:/1/r4/artifacts/model', 'r4', 'READY'),
               ('churn', 3, ${t0 + 5}, ${t0 + 5}, NULL, 'Deleted_Internal', 'runs:/r1/model', 'r1', 'READY'),
               ('churn', 4, ${t0 + 6}, ${t0 + 6}, NULL, 'None', '/tmp/model', '', 'PENDING_REGISTRATION');
      INSERT INTO model_version_tags VALUES ('validated', 'true', 'churn', 2);
      INSERT INTO registered_model_aliases VALUES ('champion', 2, 'churn'), ('challenger', 4, 'churn');
    `);
    db.close();
    const { models, warnings } = readMlflowSqliteRegistry(file);
    expect(warnings).toEqual([]);
    expect(models.map((m) => m.name)).toEqual(['churn', 'empty']);
    const churn = models[0];
    expect(churn).toMatchObject({
      description: 'predicts churn', createdTime: t0, updatedTime: t0 + 5,
      tags: { owner: 'ana' }, aliases: { champion: 2, challenger: 4 },
    });
    expect(churn.versions.map((v) => v.version)).toEqual([1, 2, 4]);
    expect(churn.versions[1]).toEqual({
      version: 2, stage: 'Production', status: 'READY', sourceUri: 'mlflow-artifacts:/1/r4/artifacts/model', sourceRunId: 'r4',
      description: 'second', createdTime: t0 + 3, updatedTime: t0 + 4, tags: { validated: 'true' },
    });
    expect(churn.versions[2]).toMatchObject({ stage: 'None', status: 'PENDING_REGISTRATION', sourceRunId: null });
    expect(models[1]).toMatchObject({ description: null, versions: [], aliases: {} });
  });

  it('reads a registry without the aliases table (MLflow < 2.3) and a store without a registry', () => {
    const file = path.join(tempDir(), 'mlflow.db');
    const db = createStore(file);
    db.exec(`DROP TABLE registered_model_aliases;
      INSERT INTO registered_models VALUES ('m', 1, 2, NULL);
      INSERT INTO model_versions (name, version, current_stage, status) VALUES ('m', 1, 'Staging', 'READY');`);
    expect(readMlflowSqliteRegistry(file).models[0]).toMatchObject({ aliases: {}, versions: [{ version: 1, stage: 'Staging' }] });
    db.exec('DROP TABLE model_version_tags; DROP TABLE model_versions; DROP TABLE registered_model_tags; DROP TABLE registered_models;');
    db.close();
    expect(readMlflowSqliteRegistry(file)).toEqual({ models: [], warnings: [] });
  });
});

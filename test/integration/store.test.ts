import Database from 'better-sqlite3';
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { databaseFile, openDatabase, SchemaMismatchError, SchemaTooNewError } from '../../electron/backend/store/database';
import { migrations } from '../../electron/backend/store/migrations';
import { appendMetricPoints, chunkCapacity, countChunksInRange, readMetricSeries } from '../../electron/backend/store/metricChunks';
import { removeTempDirs, repoRoot, tempDir } from '../helpers';

/** A data folder holding a copy of a committed fixture database (test/fixtures/runlens-db). */
function fixtureDataDir(name: string): string {
  const dir = tempDir();
  fs.copyFileSync(path.join(repoRoot, 'test', 'fixtures', 'runlens-db', name), databaseFile(dir));
  return dir;
}

afterAll(removeTempDirs);

function runRow(db: Database.Database): number {
  db.prepare("INSERT INTO projects (id, path, added_at) VALUES (1, '/p', 0)").run();
  return Number(
    db.prepare("INSERT INTO runs (id, project_id, source, path, name, status) VALUES ('r', 1, 'native', '/p/r', 'r', 'RUNNING')").run()
      .lastInsertRowid,
  );
}

describe('store', () => {
  it('opens in WAL mode with every migration applied once', () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const versions = db.prepare('SELECT version FROM schema_migrations').all();
    expect(versions).toEqual(migrations.map((m) => ({ version: m.version })));
    db.close();
    const again = openDatabase(dir);
    expect(again.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({ n: migrations.length });
    again.close();
  });

  it('upgrades a version 2 database: experiments are rebuilt per store, and runs keep theirs', () => {
    const dir = tempDir();
    const v2 = openDatabase(dir, { migrations: migrations.filter((m) => m.version <= 2) });
    const run = runRow(v2);
    v2.prepare("INSERT INTO experiments (id, project_id, source, name) VALUES (7, 1, 'mlflow', 'Default')").run();
    v2.prepare('UPDATE runs SET experiment_id = 7 WHERE key = ?').run(run);
    v2.close();

    const db = openDatabase(dir);
    // The rebuild would have set every run's experiment to NULL had foreign keys cascaded.
    expect(db.prepare('SELECT experiment_id FROM runs WHERE key = ?').get(run)).toEqual({ experiment_id: 7 });
    expect(db.prepare('SELECT id, location, name FROM experiments').all()).toEqual([{ id: 7, location: '', name: 'Default' }]);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    // Two stores may each have a "Default" now.
    db.prepare("INSERT INTO experiments (project_id, source, location, name) VALUES (1, 'mlflow', '/p/mlruns', 'Default')").run();
    expect(() => db.prepare("INSERT INTO experiments (project_id, source, location, name) VALUES (1, 'mlflow', '/p/mlruns', 'Default')").run()).toThrow(/UNIQUE/);
    // And foreign keys hold again: a run cannot point at an experiment that is not there.
    expect(() => db.prepare('UPDATE runs SET experiment_id = 999 WHERE key = ?').run(run)).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('refuses a database from a newer Runlens and changes nothing in it', () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    db.prepare("INSERT INTO projects (path, added_at) VALUES ('/keep', 1)").run();
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)").run();
    db.close();
    const before = fs.readFileSync(databaseFile(dir));
    expect(() => openDatabase(dir)).toThrow(SchemaTooNewError);
    expect(() => openDatabase(dir)).toThrow(/newer Runlens \(schema 999/);
    const check = new Database(databaseFile(dir), { readonly: true });
    expect(check.prepare('SELECT path FROM projects').all()).toEqual([{ path: '/keep' }]);
    check.close();
    expect(fs.readFileSync(databaseFile(dir)).length).toBe(before.length);
  });

  it('stores a series across chunk boundaries and reads it back exactly', () => {
    const db = openDatabase(tempDir());
    const runKey = runRow(db);
    const n = chunkCapacity * 2 + 17;
    const steps = Array.from({ length: n }, (_, i) => i);
    const values = steps.map((s) => Math.sin(s) * 10);
    // Appended in three uneven pieces, as a growing file would be.
    const cuts = [0, 100, chunkCapacity + 5, n];
    for (let i = 0; i < cuts.length - 1; i++) {
      const slice = (a: number[]) => a.slice(cuts[i], cuts[i + 1]);
      db.transaction(() => appendMetricPoints(db, runKey, 'loss', slice(steps), slice(steps).map((s) => s * 1000), slice(values)))();
    }
    const series = readMetricSeries(db, runKey, 'loss');
    expect(Array.from(series.steps)).toEqual(steps);
    expect(Array.from(series.values)).toEqual(values);
    expect(Array.from(series.timestamps.slice(0, 3))).toEqual([0, 1000, 2000]);
    const chunks = db.prepare('SELECT chunk_index, point_count FROM metric_chunks ORDER BY chunk_index').all();
    expect(chunks).toEqual([
      { chunk_index: 0, point_count: chunkCapacity },
      { chunk_index: 1, point_count: chunkCapacity },
      { chunk_index: 2, point_count: 17 },
    ]);
    const summary = db.prepare('SELECT last_value, last_step, min_value, max_value, point_count FROM metric_summaries').get();
    expect(summary).toEqual({
      last_value: values[n - 1],
      last_step: n - 1,
      min_value: Math.min(...values),
      max_value: Math.max(...values),
      point_count: n,
    });
    db.close();
  });

  it('summaries ignore NaN for min and max and take the highest step as last', () => {
    const db = openDatabase(tempDir());
    const runKey = runRow(db);
    db.transaction(() => appendMetricPoints(db, runKey, 'loss', [0, 5, 3], [0, 0, 0], [2, NaN, 1]))();
    expect(db.prepare('SELECT last_value, last_step, min_value, max_value, point_count FROM metric_summaries').get()).toEqual({
      last_value: null, // NaN at step 5
      last_step: 5,
      min_value: 1,
      max_value: 2,
      point_count: 3,
    });
    db.close();
  });

  it('upgrades the schema-3 database of the last release: store runs get their store, chunk ranges are recomputed', () => {
    // test/fixtures/runlens-db/schema-3.sqlite was written by the migrations as released (make-schema-3.ts.txt).
    const dir = fixtureDataDir('schema-3.sqlite');
    const db = openDatabase(dir);
    expect(db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all()).toEqual(migrations.map((m) => ({ version: m.version, name: m.name })));
    expect(db.prepare('SELECT id, location FROM runs ORDER BY key').all()).toEqual([
      { id: 'aaaaaaaaaaaaaaaa', location: null },
      { id: 'bbbbbbbbbbbbbbbb', location: '/home/ana/project/mlflow.db' },
    ]);
    // Steps 5, 1, 9, 3 in one chunk: its range is now their lowest and highest, so a range read finds them.
    expect(db.prepare('SELECT first_step, last_step FROM metric_chunks').get()).toEqual({ first_step: 1, last_step: 9 });
    expect(Array.from(readMetricSeries(db, 1, 'loss', { fromStep: 8, toStep: 10 }).steps)).toEqual([9]);
    db.close();
  });

  it('refuses a database that knows a migration by another name, and changes nothing in it', () => {
    const dir = fixtureDataDir('schema-3.sqlite');
    const edit = new Database(databaseFile(dir));
    edit.prepare("UPDATE schema_migrations SET name = 'something else' WHERE version = 2").run();
    edit.close();
    const before = fs.readFileSync(databaseFile(dir));
    expect(() => openDatabase(dir)).toThrow(SchemaMismatchError);
    expect(() => openDatabase(dir)).toThrow(/knows migration 2 as "something else"/);
    expect(fs.readFileSync(databaseFile(dir)).equals(before)).toBe(true);
  });

  it('refuses a database with a gap in its migrations', () => {
    const dir = fixtureDataDir('schema-3.sqlite');
    const edit = new Database(databaseFile(dir));
    edit.prepare('DELETE FROM schema_migrations WHERE version = 2').run();
    edit.close();
    expect(() => openDatabase(dir)).toThrow(/has migration 3 but not 2/);
  });

  it('refuses code whose own migrations skip a number', () => {
    const skipping = migrations.filter((m) => m.version !== 2);
    expect(() => openDatabase(tempDir(), { migrations: skipping })).toThrow(/skip or repeat a number at 3/);
  });

  it('checks the schema on a read-only open too: newer refused, older named, current read', () => {
    const newer = fixtureDataDir('schema-3.sqlite');
    const edit = new Database(databaseFile(newer));
    edit.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'from the future', 0)").run();
    edit.close();
    expect(() => openDatabase(newer, { readonly: true })).toThrow(SchemaTooNewError);
    const older = fixtureDataDir('schema-3.sqlite');
    expect(() => openDatabase(older, { readonly: true })).toThrow(/needs migration 4 \(store runs and read failures\)/);
    openDatabase(older).close();
    const current = openDatabase(older, { readonly: true });
    expect(current.prepare('SELECT COUNT(*) AS n FROM runs').get()).toEqual({ n: 2 });
    current.close();
  });

  it('reads a step range from only the chunks that hold it, even when steps came out of order', () => {
    const db = openDatabase(tempDir());
    const runKey = runRow(db);
    const n = 1_000_000;
    const steps = new Float64Array(n).map((_, i) => i);
    // A few steps logged out of order, in the middle of the series.
    [steps[500_000], steps[500_001]] = [steps[500_001], steps[500_000]];
    const values = new Float64Array(n).map((_, i) => Math.sin(i / 1000));
    db.transaction(() => appendMetricPoints(db, runKey, 'loss', steps, steps, values))();
    const range = { fromStep: 40_000, toStep: 41_000 };
    const chunks = Math.ceil(n / chunkCapacity);
    // 1,001 steps span one or two chunks of 4,096 points, out of 245.
    expect(countChunksInRange(db, runKey, 'loss', range)).toBeLessThanOrEqual(2);
    expect(countChunksInRange(db, runKey, 'loss', {})).toBe(chunks);
    const read = readMetricSeries(db, runKey, 'loss', range);
    expect(read.steps.length).toBe(1001);
    expect(read.steps[0]).toBe(40_000);
    expect(read.steps[1000]).toBe(41_000);
    expect(Array.from(read.values.slice(0, 3))).toEqual([values[40_000], values[40_001], values[40_002]]);
    const swapped = readMetricSeries(db, runKey, 'loss', { fromStep: 500_000, toStep: 500_001 });
    expect(Array.from(swapped.steps)).toEqual([500_001, 500_000]);
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT * FROM metric_chunks WHERE run_key = ? AND metric_key = ? AND last_step >= ? AND first_step <= ?').all(runKey, 'loss', 0, 1) as { detail: string }[];
    expect(plan.map((row) => row.detail).join(' ')).toMatch(/USING (INDEX|PRIMARY KEY)/);
    db.close();
  });
});

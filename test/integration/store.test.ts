import Database from 'better-sqlite3';
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { databaseFile, openDatabase, SchemaTooNewError } from '../../electron/backend/store/database';
import { migrations } from '../../electron/backend/store/migrations';
import { appendMetricPoints, chunkCapacity, readMetricSeries } from '../../electron/backend/store/metricChunks';
import { removeTempDirs, tempDir } from '../helpers';

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
});

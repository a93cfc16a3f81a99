// The SQLite reader on broken, foreign, old-shaped, vanishing and locked files:
// it says what is wrong (an MlflowSqliteError with a code, or a warning) and
// never throws anything else, hangs or leaves the file open.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMlflowSchema } from '../../bench/generate/mlflowSqlite';
import type { RunRecord } from '../../electron/backend/sources/records';
import {
  isMlflowSqliteFile,
  listMlflowSqliteRuns,
  MlflowSqliteError,
  readMlflowSqlite,
  type MlflowStoreBatch,
} from '../../electron/backend/sources/mlflow/sqliteStore';
import { readMlflowSqliteRegistry } from '../../electron/backend/sources/mlflow/sqliteRegistry';
import { removeTempDirs, tempDir } from '../helpers';
import { seededRandom } from '../../bench/lib/random';

afterAll(removeTempDirs);

const realStore = path.resolve('test/fixtures/real/mlflow-sqlite/mlflow2.13-deleted-runs/mlflow.db');

/** What reading gives: the batches, or the error's code (anything but MlflowSqliteError fails the test). */
function attempt(file: string, state: string | null = null, busyTimeoutMs = 200): MlflowStoreBatch[] | string {
  try {
    return [...readMlflowSqlite(file, state, { busyTimeoutMs })];
  } catch (error) {
    if (!(error instanceof MlflowSqliteError)) throw error;
    expect(error.message).toContain(file);
    return error.code;
  }
}


const warningsOf = (batches: MlflowStoreBatch[]) => batches.flatMap((b) => b.warnings ?? []).map((w) => w.message);

describe('MLflow SQLite reader on bad input', () => {
  it('random bytes named mlflow.db: taken as a damaged store (so that reading it says so), NOTADB when read; under another name not detected', () => {
    const file = path.join(tempDir(), 'mlflow.db');
    const random = seededRandom(1);
    fs.writeFileSync(file, Buffer.from(Array.from({ length: 8192 }, () => Math.floor(random() * 256))));
    expect(isMlflowSqliteFile(file)).toBe(true);
    const other = path.join(path.dirname(file), 'other.db');
    fs.copyFileSync(file, other);
    expect(isMlflowSqliteFile(other)).toBe(false);
    expect(attempt(file)).toBe('SQLITE_NOTADB');
    expect(() => readMlflowSqliteRegistry(file)).toThrow(MlflowSqliteError);
  });

  it('a 0-byte file: not detected; reading says it is no MLflow store', () => {
    const file = path.join(tempDir(), 'mlflow.db');
    fs.writeFileSync(file, '');
    expect(isMlflowSqliteFile(file)).toBe(false);
    expect(attempt(file)).toBe('ENOTMLFLOW');
    expect(fs.statSync(file).size).toBe(0); // opened read-only: nothing written
  });

  it('names and foreign SQLite files are not taken for MLflow stores', () => {
    const dir = tempDir();
    const other = path.join(dir, 'app.db');
    const db = new Database(other);
    db.exec('CREATE TABLE runs (id); CREATE TABLE experiments (id);');
    db.close();
    expect(isMlflowSqliteFile(other)).toBe(false);
    const renamed = path.join(dir, 'mlflow.bin');
    fs.copyFileSync(realStore, renamed);
    expect(isMlflowSqliteFile(renamed)).toBe(false);
    expect(isMlflowSqliteFile(path.join(dir, 'missing.db'))).toBe(false);
    for (const name of ['store.sqlite', 'store.sqlite3', 'MLFLOW.DB']) {
      fs.copyFileSync(realStore, path.join(dir, name));
      expect(isMlflowSqliteFile(path.join(dir, name)), name).toBe(true);
    }
  });

  it('a truncated database, at every page boundary and between: an error code or what survives, never a crash', () => {
    const dir = tempDir();
    const whole = fs.readFileSync(realStore);
    const cuts = [100, 1000, 4096, 8192, 20_000, 65_536, whole.length >> 1, whole.length - 4096, whole.length - 1];
    for (const cut of cuts) {
      const file = path.join(dir, `cut-${cut}.db`);
      fs.writeFileSync(file, whole.subarray(0, cut));
      const result = attempt(file);
      if (typeof result === 'string') expect(result, `cut at ${cut}`).toMatch(/^(SQLITE_CORRUPT|SQLITE_NOTADB|SQLITE_IOERR|ENOTMLFLOW)/);
      else expect(result[0].runIds!.length).toBeLessThanOrEqual(51);
      try {
        readMlflowSqliteRegistry(file);
      } catch (error) {
        expect(error).toBeInstanceOf(MlflowSqliteError);
      }
    }
  });

  it('random byte corruption of a real store: an error code or a read, never another exception', () => {
    const dir = tempDir();
    const whole = fs.readFileSync(realStore);
    const random = seededRandom(7);
    const outcomes = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const copy = Buffer.from(whole);
      for (let n = 0; n < 16; n++) copy[100 + Math.floor(random() * (copy.length - 100))] = Math.floor(random() * 256);
      const file = path.join(dir, `corrupt-${i}.db`);
      fs.writeFileSync(file, copy);
      const result = attempt(file);
      outcomes.add(typeof result === 'string' ? result : 'read');
    }
    expect([...outcomes].every((o) => /^(read|SQLITE_CORRUPT|SQLITE_NOTADB|SQLITE_IOERR|EMLFLOWSQLITE|SQLITE_ERROR|ENOTMLFLOW)/.test(o))).toBe(true);
  });

  it('a store without the metrics table: runs read, with a warning', () => {
    const file = path.join(tempDir(), 'mlflow.db');
    const db = new Database(file);
    createMlflowSchema(db);
    db.exec(`DROP TABLE metrics;
      INSERT INTO runs (run_uuid, name, status, start_time, lifecycle_stage, experiment_id) VALUES ('a', 'only', 'FINISHED', 1, 'active', 0);`);
    db.close();
    expect(isMlflowSqliteFile(file)).toBe(false);
    const batches = attempt(file) as MlflowStoreBatch[];
    expect(batches).toHaveLength(1);
    expect(batches[0].runIds).toEqual(['a']);
    expect(warningsOf(batches)).toEqual(['the metrics table is missing: no metric history']);
    const header = batches[0].runs.get('a')!.find((r) => r.kind === 'header') as Extract<RunRecord, { kind: 'header' }>;
    expect(header).toMatchObject({ name: 'only', experiment: 'Default' });
  });

  it('an old-shaped store missing columns: warnings name them, the rest is read', () => {
    // Tables as an MLflow before 1.0 might have left them: no runs.name, no
    // lifecycle stages, metrics without step and is_nan, no params table.
    const file = path.join(tempDir(), 'mlflow.db');
    const db = new Database(file);
    db.exec(`
      CREATE TABLE experiments (experiment_id INTEGER PRIMARY KEY, name VARCHAR(256) NOT NULL);
      CREATE TABLE runs (run_uuid VARCHAR(32) PRIMARY KEY, status VARCHAR(20), start_time BIGINT, end_time BIGINT, experiment_id INTEGER);
      CREATE TABLE tags ("key" VARCHAR(250), value VARCHAR(250), run_uuid VARCHAR(32), PRIMARY KEY ("key", run_uuid));
      CREATE TABLE metrics ("key" VARCHAR(250), value FLOAT, timestamp BIGINT, run_uuid VARCHAR(32), PRIMARY KEY ("key", timestamp, run_uuid, value));
      INSERT INTO experiments VALUES (0, 'Default');
      INSERT INTO runs VALUES ('old', 'FINISHED', 10, 20, 0), ('odd', 'weird', 11, NULL, 0);
      INSERT INTO tags VALUES ('mlflow.runName', 'legacy', 'old');
      INSERT INTO metrics VALUES ('loss', 0.5, 100, 'old'), ('loss', NULL, 101, 'old');
    `);
    db.close();
    expect(isMlflowSqliteFile(file)).toBe(true);
    const batches = attempt(file) as MlflowStoreBatch[];
    expect(warningsOf(batches).sort()).toEqual([
      'experiments.lifecycle_stage is missing; runs of deleted experiments cannot be told',
      'metrics.is_nan is missing; NaN is told only by NULL values',
      'metrics.step is missing; every point is at step 0 (MLflow < 1.0)',
      'runs.lifecycle_stage is missing; deleted runs cannot be told',
      'runs.name is missing; names come from tag mlflow.runName',
      'the params table is missing: runs have no params',
    ].sort());
    const old = batches[0].runs.get('old')!;
    expect(old.find((r) => r.kind === 'header')).toMatchObject({ name: 'legacy', experiment: 'Default', deleted: false, startTime: 10 });
    expect(old.find((r) => r.kind === 'status')).toMatchObject({ status: 'FINISHED', endTime: 20 });
    // A status MLflow never wrote: no status record, a warning on the run.
    expect(batches[0].runs.get('odd')!.find((r) => r.kind === 'warning')).toMatchObject({ message: 'unknown run status "weird"' });
    expect(batches[0].runs.get('odd')!.some((r) => r.kind === 'status')).toBe(false);
    const metrics = batches[1].runs.get('old')!.find((r) => r.kind === 'metrics') as Extract<RunRecord, { kind: 'metrics' }>;
    expect(metrics.points.get('loss')).toEqual({ steps: [0, 0], timestamps: [100, 101], values: [0.5, NaN] });
  });

  it('a metrics table WITHOUT ROWID (never made by MLflow): runs read, metrics not, with a warning', () => {
    const file = path.join(tempDir(), 'mlflow.db');
    const db = new Database(file);
    db.exec(`
      CREATE TABLE experiments (experiment_id INTEGER PRIMARY KEY, name TEXT, lifecycle_stage TEXT);
      CREATE TABLE runs (run_uuid TEXT PRIMARY KEY, name TEXT, status TEXT, start_time INT, end_time INT, lifecycle_stage TEXT, experiment_id INT);
      CREATE TABLE params ("key" TEXT, value TEXT, run_uuid TEXT); CREATE TABLE tags ("key" TEXT, value TEXT, run_uuid TEXT);
      CREATE TABLE metrics ("key" TEXT, value REAL, timestamp INT, run_uuid TEXT, step INT, is_nan INT,
        PRIMARY KEY ("key", timestamp, step, run_uuid, value, is_nan)) WITHOUT ROWID;
      INSERT INTO runs VALUES ('a', 'x', 'FINISHED', 1, 2, 'active', NULL);
      INSERT INTO metrics VALUES ('loss', 1, 1, 'a', 0, 0);
    `);
    db.close();
    const batches = attempt(file) as MlflowStoreBatch[];
    expect(batches).toHaveLength(1);
    expect(warningsOf(batches)).toEqual(['the metrics table has no rowid (not made by MLflow): metric history is not read']);
    expect(batches[0].runs.get('a')!.find((r) => r.kind === 'header')).toMatchObject({ name: 'x', experiment: null });
  });

  it('a store of runs and metrics only: experiments, params and tags missing, each said once', () => {
    const file = path.join(tempDir(), 'mlflow.db');
    const db = new Database(file);
    db.exec(`
      CREATE TABLE runs (run_uuid TEXT PRIMARY KEY, name TEXT, status TEXT, start_time INT, end_time INT, lifecycle_stage TEXT, experiment_id INT);
      CREATE TABLE metrics ("key" TEXT, value REAL, timestamp INT, run_uuid TEXT, step INT, is_nan INT);
      INSERT INTO runs VALUES ('a', 'x', 'running', 1, NULL, 'active', 3);
      INSERT INTO metrics VALUES ('loss', 2, 1, 'a', 0, 0), ('loss', 1, 2, 'a', 1, 0);
    `);
    db.close();
    const batches = attempt(file) as MlflowStoreBatch[];
    expect(warningsOf(batches).sort()).toEqual([
      'the experiments table is missing: runs have no experiment',
      'the params table is missing: runs have no params',
      'the tags table is missing: runs have no tags',
    ]);
    const a = batches[0].runs.get('a')!;
    expect(a.find((r) => r.kind === 'header')).toMatchObject({ name: 'x', experiment: null, deleted: false });
    expect(a.find((r) => r.kind === 'status')).toMatchObject({ status: 'RUNNING' }); // any case is accepted
    const metrics = batches[1].runs.get('a')!.find((r) => r.kind === 'metrics') as Extract<RunRecord, { kind: 'metrics' }>;
    expect(metrics.points.get('loss')!.values).toEqual([2, 1]);
  });

  it('a database without a runs table is refused, naming the file', () => {
    const file = path.join(tempDir(), 'mlflow.db');
    const db = new Database(file);
    db.exec('CREATE TABLE experiments (experiment_id INTEGER); CREATE TABLE metrics (x);');
    db.close();
    expect(attempt(file)).toBe('ENOTMLFLOW');
    expect(() => listMlflowSqliteRuns(file)).toThrow(/not an MLflow tracking database/);
  });

  it('a file deleted between detection and reading: ENOENT', () => {
    const file = path.join(tempDir(), 'mlflow.db');
    fs.copyFileSync(realStore, file);
    expect(isMlflowSqliteFile(file)).toBe(true);
    const reader = readMlflowSqlite(file, null);
    fs.unlinkSync(file);
    expect(() => reader.next()).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    expect(() => readMlflowSqliteRegistry(file)).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    expect(isMlflowSqliteFile(file)).toBe(false);
  });

  it('a database locked by an exclusive transaction: SQLITE_BUSY after the busy timeout', () => {
    const file = path.join(tempDir(), 'mlflow.db');
    fs.copyFileSync(realStore, file);
    const holder = new Database(file);
    holder.pragma('journal_mode = DELETE');
    holder.exec('BEGIN EXCLUSIVE');
    try {
      const started = Date.now();
      const error = (() => {
        try {
          [...readMlflowSqlite(file, null, { busyTimeoutMs: 150 })];
          return null;
        } catch (e) {
          return e as MlflowSqliteError;
        }
      })();
      const waited = Date.now() - started;
      expect(error).toBeInstanceOf(MlflowSqliteError);
      expect(error!.code).toBe('SQLITE_BUSY');
      expect(error!.message).toMatch(/locked by another process/);
      // It waited for the lock before giving up (a lower bound cannot flake; an upper one could).
      expect(waited).toBeGreaterThanOrEqual(100);
      expect(() => readMlflowSqliteRegistry(file, { busyTimeoutMs: 50 })).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY' }));
      // Detection gives a locked SQLite file with a store's name the benefit of the doubt.
      expect(isMlflowSqliteFile(file, { busyTimeoutMs: 50 })).toBe(true);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    // Unlocked: reads, and closed its connection (a writer can lock the file again at once).
    expect((attempt(file) as MlflowStoreBatch[])[0].runIds).toHaveLength(51);
    const writer = new Database(file, { timeout: 0 });
    writer.exec('BEGIN EXCLUSIVE; ROLLBACK;');
    writer.close();
  });

  it('an abandoned read closes its connection', () => {
    const file = path.join(tempDir(), 'mlflow.db');
    fs.copyFileSync(realStore, file);
    const reader = readMlflowSqlite(file, null, { batchSize: 10 });
    reader.next();
    reader.next();
    reader.return(undefined);
    const writer = new Database(file, { timeout: 0 });
    writer.exec('BEGIN EXCLUSIVE; ROLLBACK;');
    writer.close();
  });
});

// Writes an MLflow-shaped SQLite tracking store (test/fixtures/mlflow-schema/,
// MLflow 2.13's tables) holding `runs` runs of `metrics` keys x `steps` steps,
// the way MLflow's SQLAlchemy store leaves it: one experiment, runs with
// names, params and system tags, metric rows appended step by step (all keys
// of a step together, as log_metrics does) and latest_metrics kept. One
// transaction, prepared statements: a million points take a couple of seconds.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { seededRandom } from '../lib/random';

export const mlflowSchemaFile = 'test/fixtures/mlflow-schema/mlflow-2.13.sql';

/** The schema SQL, found from the working directory upwards (tests and benchmarks run from the repo). */
export function mlflowSchemaSql(): string {
  let dir = process.cwd();
  for (;;) {
    const candidate = path.join(dir, mlflowSchemaFile);
    if (fs.existsSync(candidate)) return fs.readFileSync(candidate, 'utf8');
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`${mlflowSchemaFile} not found above ${process.cwd()}`);
    dir = parent;
  }
}

/** Creates MLflow's tables and its Default experiment (id 0) in an empty database. */
export function createMlflowSchema(db: Database.Database, createdAt = 1_763_900_000_000): void {
  db.exec(mlflowSchemaSql());
  db.prepare(
    `INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time)
     VALUES (0, 'Default', 'mlflow-artifacts:/0', 'active', ?, ?)`,
  ).run(createdAt, createdAt);
}


const keyNames = ['train/loss', 'train/accuracy', 'val/loss', 'val/accuracy', 'lr', 'grad_norm', 'throughput', 'gpu/mem_gb'];

export function metricKeyName(index: number): string {
  return index < keyNames.length ? keyNames[index] : `metric_${index}`;
}

export function runUuid(index: number): string {
  return (0x5eed0000 + index).toString(16).padStart(32, '0');
}

export function generateMlflowSqlite(file: string, opts: { runs: number; metrics: number; steps: number }): { points: number } {
  fs.rmSync(file, { force: true });
  const db = new Database(file);
  try {
    // A scratch file: no journal syncs while writing (the result is an ordinary rollback-journal database).
    db.pragma('journal_mode = MEMORY');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -262144');
    const t0 = 1_763_900_000_000;
    const random = seededRandom(42);
    createMlflowSchema(db, t0);
    const insert = {
      experiment: db.prepare(
        `INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time)
         VALUES (1, 'bench', 'mlflow-artifacts:/1', 'active', ?, ?)`,
      ),
      run: db.prepare(
        `INSERT INTO runs (run_uuid, name, source_type, source_name, entry_point_name, user_id, status, start_time, end_time,
           source_version, lifecycle_stage, artifact_uri, experiment_id)
         VALUES (?, ?, 'UNKNOWN', '', '', 'bench', ?, ?, ?, '', 'active', ?, 1)`,
      ),
      param: db.prepare('INSERT INTO params ("key", value, run_uuid) VALUES (?, ?, ?)'),
      tag: db.prepare('INSERT INTO tags ("key", value, run_uuid) VALUES (?, ?, ?)'),
      metric: db.prepare('INSERT INTO metrics ("key", value, timestamp, run_uuid, step, is_nan) VALUES (?, ?, ?, ?, ?, 0)'),
      latest: db.prepare('INSERT INTO latest_metrics ("key", value, timestamp, step, is_nan, run_uuid) VALUES (?, ?, ?, ?, 0, ?)'),
    };
    let points = 0;
    db.transaction(() => {
      insert.experiment.run(t0, t0);
      let clock = t0 + 1000;
      for (let r = 0; r < opts.runs; r++) {
        const id = runUuid(r);
        const name = `bench-run-${r}`;
        const start = clock;
        const end = start + opts.steps * 10;
        const last = r === opts.runs - 1 && opts.runs > 1;
        insert.run.run(id, name, last ? 'RUNNING' : 'FINISHED', start, last ? null : end, `mlflow-artifacts:/1/${id}/artifacts`);
        insert.param.run('lr', String(10 ** -(2 + (r % 3))), id);
        insert.param.run('batch_size', String(32 << (r % 3)), id);
        insert.param.run('seed', String(r), id);
        insert.tag.run('mlflow.runName', name, id);
        insert.tag.run('mlflow.user', 'bench', id);
        insert.tag.run('mlflow.source.name', 'train.py', id);
        insert.tag.run('mlflow.source.type', 'LOCAL', id);
        const lastValues = new Array<number>(opts.metrics).fill(0);
        for (let s = 0; s < opts.steps; s++) {
          const timestamp = start + s * 10;
          const decay = Math.exp(-s / Math.max(1, opts.steps / 4));
          for (let k = 0; k < opts.metrics; k++) {
            const value = (k + 1) * decay + 0.01 * random();
            insert.metric.run(metricKeyName(k), value, timestamp, id, s);
            lastValues[k] = value;
            points++;
          }
        }
        for (let k = 0; k < opts.metrics && opts.steps > 0; k++) {
          insert.latest.run(metricKeyName(k), lastValues[k], start + (opts.steps - 1) * 10, opts.steps - 1, id);
        }
        clock = end + 1000;
      }
    })();
    return { points };
  } finally {
    db.close();
  }
}

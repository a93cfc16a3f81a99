// The benchmark's MLflow store generator, read back by the reader: exact counts.
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateMlflowSqlite, metricKeyName, runUuid } from '../../bench/generate/mlflowSqlite';
import type { RunRecord } from '../../electron/backend/sources/records';
import { isMlflowSqliteFile, readMlflowSqlite } from '../../electron/backend/sources/mlflow/sqliteStore';
import { removeTempDirs, tempDir } from '../helpers';

afterAll(removeTempDirs);

describe('generateMlflowSqlite', () => {
  it('2 runs x 3 metrics x 50 steps read back exactly', () => {
    const file = path.join(tempDir(), 'mlflow.db');
    expect(generateMlflowSqlite(file, { runs: 2, metrics: 3, steps: 50 })).toEqual({ points: 300 });
    expect(isMlflowSqliteFile(file)).toBe(true);
    // Counted independently of the reader.
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT COUNT(*) AS n FROM metrics').get()).toEqual({ n: 300 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM latest_metrics').get()).toEqual({ n: 6 });
    db.close();

    const batches = [...readMlflowSqlite(file, null, { batchSize: 128 })];
    // run records, then ceil(300 / 128) = 3 metric batches
    expect(batches).toHaveLength(4);
    expect(batches[0].runIds!.sort()).toEqual([runUuid(0), runUuid(1)]);
    const headers = [...batches[0].runs.values()].map((rs) => rs.find((r) => r.kind === 'header') as Extract<RunRecord, { kind: 'header' }>);
    expect(headers.map((h) => [h.name, h.experiment]).sort()).toEqual([['bench-run-0', 'bench'], ['bench-run-1', 'bench']]);
    expect(batches[0].runs.get(runUuid(1))!.find((r) => r.kind === 'status')).toMatchObject({ status: 'RUNNING', endTime: null });

    const counts = new Map<string, number>();
    const steps = new Map<string, number[]>();
    for (const batch of batches.slice(1)) {
      for (const [run, records] of batch.runs) {
        for (const r of records) {
          if (r.kind !== 'metrics') continue;
          for (const [key, s] of r.points) {
            counts.set(`${run}/${key}`, (counts.get(`${run}/${key}`) ?? 0) + s.values.length);
            steps.set(`${run}/${key}`, [...(steps.get(`${run}/${key}`) ?? []), ...s.steps]);
          }
        }
      }
    }
    expect(counts.size).toBe(6);
    for (const run of [runUuid(0), runUuid(1)]) {
      for (let k = 0; k < 3; k++) {
        expect(counts.get(`${run}/${metricKeyName(k)}`)).toBe(50);
        expect(steps.get(`${run}/${metricKeyName(k)}`)).toEqual(Array.from({ length: 50 }, (_, i) => i));
      }
    }
    expect(JSON.parse(batches.at(-1)!.state).rowid).toBe(300);
  });
});

// The range-read figure of bench/ingest.ts: a window of steps read from a long
// series by its chunks' step ranges, against the reads it replaces.
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../../electron/backend/store/database';
import { appendMetricPoints, countChunksInRange, readMetricSeries } from '../../electron/backend/store/metricChunks';
import { createBaselineTable, openBaseline } from './baseline';

function fail(message: string): never {
  throw new Error(`FAIL: ${message}`);
}

export interface RangeResult {
  points: number;
  chunksTouched: number;
  chunksTotal: number;
  rangeMs: number[];
  wholeMs: number[];
  baselineMs: number[];
}

/**
 * Steps 40,000 to 41,000 of a 1,000,000-point series: the range read touches
 * only the chunks that hold them; against reading the whole series and
 * keeping the range (what a read without ranges must do), and against the row
 * table's indexed `step BETWEEN`, in the same process, alternating.
 */
export function measureRangeRead(root: string, readReps: number): RangeResult {
  const n = 1_000_000;
  const from = 40_000;
  const to = 41_000;
  const db = openDatabase(path.join(root, 'range-data'));
  const base = openBaseline(path.join(root, 'range-baseline.sqlite'));
  try {
    db.prepare("INSERT INTO projects (id, path, added_at) VALUES (1, '/range', 0)").run();
    const runKey = Number(db.prepare("INSERT INTO runs (id, project_id, source, path, name, status) VALUES ('range', 1, 'native', '/range/r', 'r', 'FINISHED')").run().lastInsertRowid);
    const steps = new Float64Array(n).map((_, i) => i);
    const values = new Float64Array(n).map((_, i) => Math.sin(i / 997));
    db.transaction(() => appendMetricPoints(db, runKey, 'loss', steps, steps, values))();
    createBaselineTable(base);
    const insert = base.prepare('INSERT INTO points (run, key, step, timestamp, value) VALUES (1, ?, ?, ?, ?)');
    base.transaction(() => {
      for (let i = 0; i < n; i++) insert.run('loss', i, i, values[i]);
    })();
    const between = base.prepare('SELECT step, timestamp, value FROM points WHERE run = 1 AND key = ? AND step BETWEEN ? AND ? ORDER BY step');
    const range = { fromStep: from, toStep: to };
    const read = readMetricSeries(db, runKey, 'loss', range);
    if (read.steps.length !== to - from + 1 || read.steps[0] !== from || read.values[5] !== values[from + 5]) fail('range read differs');
    const result: RangeResult = {
      points: read.steps.length,
      chunksTouched: countChunksInRange(db, runKey, 'loss', range),
      chunksTotal: countChunksInRange(db, runKey, 'loss', {}),
      rangeMs: [],
      wholeMs: [],
      baselineMs: [],
    };
    for (let rep = -3; rep < readReps; rep++) {
      let t = performance.now();
      readMetricSeries(db, runKey, 'loss', range);
      const a = performance.now() - t;
      t = performance.now();
      const whole = readMetricSeries(db, runKey, 'loss');
      let kept = 0;
      for (let i = 0; i < whole.steps.length; i++) if (whole.steps[i] >= from && whole.steps[i] <= to) kept++;
      if (kept !== result.points) fail('whole read kept a different range');
      const b = performance.now() - t;
      t = performance.now();
      between.all('loss', from, to);
      const c = performance.now() - t;
      if (rep >= 0) {
        result.rangeMs.push(a);
        result.wholeMs.push(b);
        result.baselineMs.push(c);
      }
    }
    return result;
  } finally {
    db.close();
    base.close();
  }
}


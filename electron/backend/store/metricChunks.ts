// Chunked metric storage (DESIGN.md, Metric storage): one row per (run, key,
// chunk) holding up to `chunkCapacity` points as Float64Array blobs, plus a
// summary row per (run, key). The newest chunk is rewritten until full.
import type { Db } from './database';

export const chunkCapacity = 4096;

interface ChunkRow {
  chunk_index: number;
  point_count: number;
  steps: Buffer;
  timestamps: Buffer;
  metric_values: Buffer;
}

interface Statements {
  newestChunk: import('better-sqlite3').Statement;
  writeChunk: import('better-sqlite3').Statement;
  summary: import('better-sqlite3').Statement;
  writeSummary: import('better-sqlite3').Statement;
}

const statementsByDb = new WeakMap<Db, Statements>();

function statements(db: Db): Statements {
  let s = statementsByDb.get(db);
  if (!s) {
    s = {
      newestChunk: db.prepare(
        `SELECT chunk_index, point_count, steps, timestamps, metric_values FROM metric_chunks
         WHERE run_key = ? AND metric_key = ? ORDER BY chunk_index DESC LIMIT 1`,
      ),
      writeChunk: db.prepare(
        `INSERT OR REPLACE INTO metric_chunks (run_key, metric_key, chunk_index, point_count, first_step,
           last_step, min_value, max_value, steps, timestamps, metric_values)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      summary: db.prepare(
        `SELECT last_value, last_step, last_timestamp, min_value, max_value, point_count
         FROM metric_summaries WHERE run_key = ? AND metric_key = ?`,
      ),
      writeSummary: db.prepare(
        `INSERT OR REPLACE INTO metric_summaries (run_key, metric_key, last_value, last_step, last_timestamp,
           min_value, max_value, point_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
    };
    statementsByDb.set(db, s);
  }
  return s;
}

/** Copies a blob into a fresh Float64Array (SQLite buffers need not be 8-byte aligned). */
export function decodeColumn(blob: Buffer, count: number): Float64Array {
  const out = new Float64Array(count);
  new Uint8Array(out.buffer).set(blob.subarray(0, count * 8));
  return out;
}

function encodeColumn(column: Float64Array, count: number): Buffer {
  return Buffer.from(column.buffer, column.byteOffset, count * 8);
}

function minMax(values: Float64Array, count: number): [number | null, number | null] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < count; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? [min, max] : [null, null];
}

/** Appends points to a series. Call inside the batch's transaction. */
export function appendMetricPoints(
  db: Db,
  runKey: number,
  metricKey: string,
  steps: ArrayLike<number>,
  timestamps: ArrayLike<number>,
  values: ArrayLike<number>,
): void {
  const total = steps.length;
  if (total === 0) return;
  const s = statements(db);
  const newest = s.newestChunk.get(runKey, metricKey) as ChunkRow | undefined;
  let chunkIndex = newest ? newest.chunk_index : 0;
  let count = 0;
  let stepColumn = new Float64Array(chunkCapacity);
  let timeColumn = new Float64Array(chunkCapacity);
  let valueColumn = new Float64Array(chunkCapacity);
  if (newest && newest.point_count < chunkCapacity) {
    count = newest.point_count;
    stepColumn.set(decodeColumn(newest.steps, count));
    timeColumn.set(decodeColumn(newest.timestamps, count));
    valueColumn.set(decodeColumn(newest.metric_values, count));
  } else if (newest) {
    chunkIndex += 1;
  }
  const flush = () => {
    const [min, max] = minMax(valueColumn, count);
    s.writeChunk.run(
      runKey, metricKey, chunkIndex, count, stepColumn[0], stepColumn[count - 1], min, max,
      encodeColumn(stepColumn, count), encodeColumn(timeColumn, count), encodeColumn(valueColumn, count),
    );
  };
  for (let i = 0; i < total; i++) {
    if (count === chunkCapacity) {
      flush();
      chunkIndex += 1;
      count = 0;
      stepColumn = new Float64Array(chunkCapacity);
      timeColumn = new Float64Array(chunkCapacity);
      valueColumn = new Float64Array(chunkCapacity);
    }
    stepColumn[count] = steps[i];
    timeColumn[count] = timestamps[i];
    valueColumn[count] = values[i];
    count += 1;
  }
  flush();
  updateSummary(db, runKey, metricKey, steps, timestamps, values);
}

function updateSummary(
  db: Db,
  runKey: number,
  metricKey: string,
  steps: ArrayLike<number>,
  timestamps: ArrayLike<number>,
  values: ArrayLike<number>,
): void {
  const s = statements(db);
  const old = s.summary.get(runKey, metricKey) as
    | { last_value: number | null; last_step: number; last_timestamp: number | null; min_value: number | null; max_value: number | null; point_count: number }
    | undefined;
  // "Last" is the value at the highest step, the later one on ties (as MLflow's latest_metrics).
  let lastValue = old ? (old.last_value ?? NaN) : NaN;
  let lastStep = old ? old.last_step : -Infinity;
  let lastTimestamp = old ? (old.last_timestamp ?? NaN) : NaN;
  let min = old?.min_value ?? Infinity;
  let max = old?.max_value ?? -Infinity;
  for (let i = 0; i < steps.length; i++) {
    if (steps[i] >= lastStep) {
      lastStep = steps[i];
      lastValue = values[i];
      lastTimestamp = timestamps[i];
    }
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  s.writeSummary.run(
    runKey, metricKey,
    Number.isNaN(lastValue) ? null : lastValue, lastStep,
    Number.isNaN(lastTimestamp) ? null : lastTimestamp,
    min <= max ? min : null, min <= max ? max : null,
    (old?.point_count ?? 0) + steps.length,
  );
}

export interface StoredSeries {
  steps: Float64Array;
  timestamps: Float64Array;
  values: Float64Array;
}

/** Reads a whole series straight from its chunks into typed arrays. */
export function readMetricSeries(db: Db, runKey: number, metricKey: string): StoredSeries {
  const rows = db
    .prepare(
      `SELECT point_count, steps, timestamps, metric_values FROM metric_chunks
       WHERE run_key = ? AND metric_key = ? ORDER BY chunk_index`,
    )
    .all(runKey, metricKey) as ChunkRow[];
  const total = rows.reduce((sum, row) => sum + row.point_count, 0);
  const series = { steps: new Float64Array(total), timestamps: new Float64Array(total), values: new Float64Array(total) };
  let at = 0;
  for (const row of rows) {
    series.steps.set(decodeColumn(row.steps, row.point_count), at);
    series.timestamps.set(decodeColumn(row.timestamps, row.point_count), at);
    series.values.set(decodeColumn(row.metric_values, row.point_count), at);
    at += row.point_count;
  }
  return series;
}

/** Drops a run's series (one key, or all of them). */
export function deleteRunMetrics(db: Db, runKey: number, metricKey?: string): void {
  if (metricKey === undefined) {
    db.prepare('DELETE FROM metric_chunks WHERE run_key = ?').run(runKey);
    db.prepare('DELETE FROM metric_summaries WHERE run_key = ?').run(runKey);
  } else {
    db.prepare('DELETE FROM metric_chunks WHERE run_key = ? AND metric_key = ?').run(runKey, metricKey);
    db.prepare('DELETE FROM metric_summaries WHERE run_key = ? AND metric_key = ?').run(runKey, metricKey);
  }
}

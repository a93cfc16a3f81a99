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

/** The lowest and highest step of a chunk: steps may come out of order, and range reads rely on these. */
function stepRange(steps: Float64Array, count: number): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (let i = 0; i < count; i++) {
    const step = steps[i];
    if (step < low) low = step;
    if (step > high) high = step;
  }
  return [low, high];
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
    const [lowStep, highStep] = stepRange(stepColumn, count);
    s.writeChunk.run(
      runKey, metricKey, chunkIndex, count, lowStep, highStep, min, max,
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

export interface StepRange {
  fromStep?: number;
  toStep?: number;
}

/**
 * The chunks of a series that hold steps in the range: found by their lowest
 * and highest step (columns first_step and last_step), without reading the
 * point blobs of the others. In chunk order.
 */
function chunksInRange(db: Db, runKey: number, metricKey: string, range: StepRange): ChunkRow[] {
  return db
    .prepare(
      `SELECT chunk_index, point_count, steps, timestamps, metric_values FROM metric_chunks
       WHERE run_key = ? AND metric_key = ? AND last_step >= ? AND first_step <= ? ORDER BY chunk_index`,
    )
    .all(runKey, metricKey, range.fromStep ?? -Infinity, range.toStep ?? Infinity) as ChunkRow[];
}

/** How many chunks a range read of the series touches (for tests and benchmarks). */
export function countChunksInRange(db: Db, runKey: number, metricKey: string, range: StepRange): number {
  return (
    db
      .prepare('SELECT COUNT(*) AS n FROM metric_chunks WHERE run_key = ? AND metric_key = ? AND last_step >= ? AND first_step <= ?')
      .get(runKey, metricKey, range.fromStep ?? -Infinity, range.toStep ?? Infinity) as { n: number }
  ).n;
}

/**
 * Reads a series, or the points of it with steps in [fromStep, toStep], straight
 * from its chunks into typed arrays, in the order they were logged.
 */
export function readMetricSeries(db: Db, runKey: number, metricKey: string, range: StepRange = {}): StoredSeries {
  const rows = chunksInRange(db, runKey, metricKey, range);
  const whole = range.fromStep === undefined && range.toStep === undefined;
  const total = rows.reduce((sum, row) => sum + row.point_count, 0);
  const series = { steps: new Float64Array(total), timestamps: new Float64Array(total), values: new Float64Array(total) };
  let at = 0;
  const from = range.fromStep ?? -Infinity;
  const to = range.toStep ?? Infinity;
  for (const row of rows) {
    const steps = decodeColumn(row.steps, row.point_count);
    const timestamps = decodeColumn(row.timestamps, row.point_count);
    const values = decodeColumn(row.metric_values, row.point_count);
    if (whole) {
      series.steps.set(steps, at);
      series.timestamps.set(timestamps, at);
      series.values.set(values, at);
      at += row.point_count;
      continue;
    }
    for (let i = 0; i < row.point_count; i++) {
      if (steps[i] < from || steps[i] > to) continue;
      series.steps[at] = steps[i];
      series.timestamps[at] = timestamps[i];
      series.values[at] = values[i];
      at += 1;
    }
  }
  if (at === total) return series;
  return { steps: series.steps.slice(0, at), timestamps: series.timestamps.slice(0, at), values: series.values.slice(0, at) };
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

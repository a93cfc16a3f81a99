// Writes readers' records about one run to the store. Every batch is applied
// in the same transaction as the cursor that follows it, so a crash never
// counts a point twice or loses one; and only if its file's stored cursor is
// still the one the read started from (compare and set), so two processes
// reading one growing file never both append the same lines.
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { RunSource } from '../../../shared/domain';
import type { Db } from '../store/database';
import { appendMetricPoints, deleteRunMetrics } from '../store/metricChunks';
import type { CursorLookup, FileBatch, FileCursor, RunRecord } from '../sources/records';
import { reviveIfAlive } from '../runs/liveness';
import { writeTransaction } from '../store/writeTransaction';

/** The public run id: stable for a (source, path) pair across re-indexing. */
export function runIdFor(source: RunSource, runPath: string): string {
  return createHash('sha1').update(`${source}\0${runPath}`).digest('hex').slice(0, 16);
}

export interface BatchOutcome {
  pointsAdded: number;
  linesSkipped: number;
  warnings: string[];
  /** Points stored before a `voidMetrics` record dropped them (a file replaced or truncated). */
  pointsVoided: number;
}

export const emptyBatchOutcome = (): BatchOutcome => ({ pointsAdded: 0, linesSkipped: 0, warnings: [], pointsVoided: 0 });

/** What kind of problem a warning is, where its end matters (see migration 4). */
export type WarningCategory = 'unreadable' | 'locked';

/**
 * Thrown inside a batch's transaction when another process stored the file's
 * cursor since this read looked it up: the batch is dropped, and the caller
 * reads the run again from the cursor now stored.
 */
export class CursorMoved extends Error {
  constructor(readonly file: string) {
    super(`${file} was read on by another process meanwhile`);
  }
}

export function sameCursor(a: FileCursor | null, b: FileCursor | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.path === b.path && a.size === b.size && a.mtimeMs === b.mtimeMs && a.inode === b.inode && a.byteOffset === b.byteOffset &&
    a.lineNumber === b.lineNumber && (a.state ?? null) === (b.state ?? null) && (a.anchor ?? null) === (b.anchor ?? null)
  );
}

/**
 * The cursors one read of a run was given, per file, moved on as its batches
 * are stored: what each batch's stored cursor must still be. Files the reader
 * never asked about are read whole and not checked.
 */
export class ReadCursors implements CursorLookup {
  private readonly expected = new Map<string, FileCursor | null>();

  constructor(private readonly writer: RunWriter) {}

  cursorFor(file: string): FileCursor | null {
    const cursor = this.writer.cursorFor(file);
    this.expected.set(file, cursor);
    return cursor;
  }

  /** The cursor `file` must still have in the store, or undefined when the reader never asked. */
  expectedFor(file: string): FileCursor | null | undefined {
    return this.expected.get(file);
  }

  stored(file: string, cursor: FileCursor): void {
    this.expected.set(file, cursor);
  }
}

export class RunWriter implements CursorLookup {
  private readonly statements;

  constructor(readonly db: Db) {
    this.statements = {
      findRun: db.prepare('SELECT key FROM runs WHERE path = ?'),
      insertRun: db.prepare(
        `INSERT INTO runs (id, project_id, source, path, name, status, location) VALUES (?, ?, ?, ?, ?, 'RUNNING', ?)`,
      ),
      experiment: db.prepare('SELECT id FROM experiments WHERE project_id = ? AND source = ? AND location = ? AND name = ?'),
      insertExperiment: db.prepare('INSERT INTO experiments (project_id, source, location, name) VALUES (?, ?, ?, ?)'),
      header: db.prepare(
        `UPDATE runs SET source_run_id = ?, name = COALESCE(?, name), experiment_id = ?,
         start_time = ?, heartbeat_interval_ms = ?, deleted = ? WHERE key = ?`,
      ),
      source: db.prepare('SELECT source FROM runs WHERE key = ?'),
      dataset: db.prepare(
        `INSERT OR REPLACE INTO datasets (run_key, name, digest, source_type, context) VALUES (?, ?, ?, ?, ?)`,
      ),
      param: db.prepare('INSERT OR REPLACE INTO params (run_key, name, value) VALUES (?, ?, ?)'),
      tag: db.prepare('INSERT OR REPLACE INTO tags (run_key, name, value) VALUES (?, ?, ?)'),
      clearParams: db.prepare('DELETE FROM params WHERE run_key = ?'),
      clearTags: db.prepare('DELETE FROM tags WHERE run_key = ?'),
      experimentTag: db.prepare('INSERT OR REPLACE INTO experiment_tags (experiment_id, name, value) VALUES (?, ?, ?)'),
      clearExperimentTags: db.prepare('DELETE FROM experiment_tags WHERE experiment_id = ?'),
      artifact: db.prepare('INSERT OR REPLACE INTO artifacts (run_key, path, size) VALUES (?, ?, ?)'),
      end: db.prepare(`UPDATE runs SET status = ?, end_time = ?, status_reason = ? WHERE key = ?`),
      warning: db.prepare(
        `INSERT INTO warnings (project_id, run_key, path, message, detail, occurrences, first_seen, last_seen, category)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (path, message) DO UPDATE SET occurrences = occurrences + excluded.occurrences,
           last_seen = excluded.last_seen, detail = COALESCE(detail, excluded.detail)`,
      ),
      cursor: db.prepare('SELECT * FROM ingest_cursors WHERE path = ?'),
      writeCursor: db.prepare(
        `INSERT OR REPLACE INTO ingest_cursors (path, project_id, run_key, size, mtime_ms, inode, byte_offset, line_number, state, anchor)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      clearFileWarnings: db.prepare('DELETE FROM warnings WHERE path = ?'),
      clearCategory: db.prepare('DELETE FROM warnings WHERE path = ? AND category = ?'),
      pointsOf: db.prepare('SELECT COALESCE(SUM(point_count), 0) AS n FROM metric_summaries WHERE run_key = ?'),
      pointsOfKey: db.prepare('SELECT COALESCE(SUM(point_count), 0) AS n FROM metric_summaries WHERE run_key = ? AND metric_key = ?'),
      activity: db.prepare('UPDATE runs SET last_activity = MAX(COALESCE(last_activity, 0), ?) WHERE key = ?'),
    };
  }

  /** Whether a run at this path is in the store already. */
  hasRun(runPath: string): boolean {
    return this.statements.findRun.get(runPath) !== undefined;
  }

  /**
   * The run's store key, creating a placeholder row on first sight.
   * `location` is the store a run was read from (null for a run folder).
   */
  ensureRun(
    projectId: number,
    source: RunSource,
    runPath: string,
    name = path.basename(runPath),
    location: string | null = null,
  ): { key: number; created: boolean } {
    const found = this.statements.findRun.get(runPath) as { key: number } | undefined;
    if (found) return { key: found.key, created: false };
    const info = this.statements.insertRun.run(runIdFor(source, runPath), projectId, source, runPath, name, location);
    return { key: Number(info.lastInsertRowid), created: true };
  }

  /** How many points the run holds now, over all its series. */
  pointCount(runKey: number): number {
    return (this.statements.pointsOf.get(runKey) as { n: number }).n;
  }

  cursorFor(file: string): FileCursor | null {
    const row = this.statements.cursor.get(file) as
      | { path: string; size: number; mtime_ms: number; inode: string; byte_offset: number; line_number: number; state: string | null; anchor: string | null }
      | undefined;
    if (!row) return null;
    return {
      path: row.path, size: row.size, mtimeMs: row.mtime_ms, inode: row.inode,
      byteOffset: row.byte_offset, lineNumber: row.line_number, state: row.state, anchor: row.anchor,
    };
  }

  /**
   * Applies one file batch and its cursor in one write transaction, if the
   * file's stored cursor is still the one `read` expects; else throws CursorMoved.
   */
  applyFileBatch(projectId: number, runKey: number, batch: FileBatch, read: ReadCursors): BatchOutcome {
    const outcome = emptyBatchOutcome();
    // The check below and the cursor written are by file: a reader must give the batch's cursor its own file's path.
    if (batch.cursor.path !== batch.file) throw new Error(`a reader gave ${batch.file} the cursor of ${batch.cursor.path}`);
    const source = (this.statements.source.get(runKey) as { source: RunSource }).source;
    writeTransaction(this.db, () => {
      const expected = read.expectedFor(batch.file);
      if (expected !== undefined && !sameCursor(this.cursorFor(batch.file), expected)) throw new CursorMoved(batch.file);
      if (batch.fromStart) this.statements.clearFileWarnings.run(batch.file);
      for (const record of batch.records) this.applyRecord(projectId, source, runKey, batch.file, record, outcome);
      this.writeCursor(projectId, runKey, batch.cursor);
    });
    read.stored(batch.file, batch.cursor);
    return outcome;
  }

  /** Applies records about one run; the caller holds the transaction. */
  applyRecords(projectId: number, source: RunSource, runKey: number, file: string, records: RunRecord[], outcome: BatchOutcome): void {
    for (const record of records) this.applyRecord(projectId, source, runKey, file, record, outcome);
  }

  writeCursor(projectId: number, runKey: number | null, c: FileCursor): void {
    this.statements.writeCursor.run(c.path, projectId, runKey, c.size, c.mtimeMs, c.inode, c.byteOffset, c.lineNumber, c.state ?? null, c.anchor ?? null);
    if (runKey !== null) this.statements.activity.run(Math.round(c.mtimeMs), runKey);
  }

  /** Records that something of the run changed on disk at `mtimeMs` (a heartbeat). */
  touchActivity(runKey: number, mtimeMs: number): void {
    this.statements.activity.run(Math.round(mtimeMs), runKey);
  }

  reviveIfAlive(runKey: number, now: number): boolean {
    return reviveIfAlive(this.db, runKey, now);
  }

  private applyRecord(
    projectId: number,
    source: RunSource,
    runKey: number,
    file: string,
    record: RunRecord,
    outcome: BatchOutcome,
  ): void {
    const s = this.statements;
    switch (record.kind) {
      case 'header': {
        const experimentId = record.experiment ? this.experimentId(projectId, source, record.experimentLocation ?? '', record.experiment) : null;
        s.header.run(record.sourceRunId, record.name, experimentId, record.startTime, record.heartbeatIntervalMs, record.deleted ? 1 : 0, runKey);
        if (experimentId !== null && record.experimentTags) {
          s.clearExperimentTags.run(experimentId);
          for (const [name, value] of Object.entries(record.experimentTags)) s.experimentTag.run(experimentId, name, value);
        }
        break;
      }
      case 'voidMetrics':
        if (record.keys === 'all') {
          outcome.pointsVoided += this.pointCount(runKey);
          deleteRunMetrics(this.db, runKey);
        } else {
          for (const key of record.keys) {
            outcome.pointsVoided += (s.pointsOfKey.get(runKey, key) as { n: number }).n;
            deleteRunMetrics(this.db, runKey, key);
          }
        }
        break;
      case 'dataset':
        s.dataset.run(runKey, record.name, record.digest, record.sourceType, record.context);
        break;
      case 'params':
        if (record.complete) s.clearParams.run(runKey);
        for (const [name, value] of Object.entries(record.values)) s.param.run(runKey, name, value);
        break;
      case 'tags':
        if (record.complete) s.clearTags.run(runKey);
        for (const [name, value] of Object.entries(record.values)) s.tag.run(runKey, name, value);
        break;
      case 'metrics':
        for (const [key, series] of record.points) {
          appendMetricPoints(this.db, runKey, key, series.steps, series.timestamps, series.values);
          outcome.pointsAdded += series.steps.length;
        }
        break;
      case 'artifact':
        s.artifact.run(runKey, record.path, record.size);
        break;
      case 'status':
        s.end.run(record.status, record.endTime, record.reason, runKey);
        break;
      case 'warning':
        this.recordWarning(projectId, runKey, file, record.message, record.count, record.detail);
        outcome.linesSkipped += record.count;
        outcome.warnings.push(record.message);
        break;
    }
  }

  /** A problem with a file, kept until the file is read cleanly from zero again (or, with a category, until that problem ends). */
  recordWarning(
    projectId: number,
    runKey: number | null,
    file: string,
    message: string,
    count = 1,
    detail?: string,
    category: WarningCategory | null = null,
  ): void {
    const now = Date.now();
    this.statements.warning.run(projectId, runKey, file, message, detail ?? null, count, now, now, category);
  }

  clearWarnings(file: string, category?: WarningCategory): void {
    if (category) this.statements.clearCategory.run(file, category);
    else this.statements.clearFileWarnings.run(file);
  }

  private experimentId(projectId: number, source: RunSource, location: string, name: string): number {
    const found = this.statements.experiment.get(projectId, source, location, name) as { id: number } | undefined;
    if (found) return found.id;
    return Number(this.statements.insertExperiment.run(projectId, source, location, name).lastInsertRowid);
  }
}

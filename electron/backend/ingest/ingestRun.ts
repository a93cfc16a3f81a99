// Brings one run's rows in the store up to date with its files, reading only
// what changed since the last time. One transaction per file batch, except
// on a run's first read, which is one transaction: a list read meanwhile (the
// window lists while the ingest worker reads) never shows a run half-read,
// say RUNNING because its end record is not in yet.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { settleInferredStatus } from '../runs/liveness';
import type { RunFolderFormat } from '../sources/records';
import { writeTransaction } from '../store/writeTransaction';
import { CursorMoved, ReadCursors, type RunWriter } from './runWriter';

export interface RunIngestOutcome {
  runKey: number;
  changed: boolean;
  pointsAdded: number;
  linesSkipped: number;
  filesRead: number;
}

/**
 * A run's name when its source gives none: its folder's path inside the
 * project (TensorBoard's own naming), or what its format makes of that.
 */
export function runNameFromPath(format: RunFolderFormat, projectRoot: string, runFolder: string): string {
  const relative = (path.relative(projectRoot, runFolder) || path.basename(runFolder)).split(path.sep).join('/');
  return format.runName?.(relative) ?? relative;
}

/** How often a run is read again when another process stored its files' cursors meanwhile, before leaving it to that process. */
const maxCursorRetries = 5;

function isFolder(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** Errors of Runlens's own store, never a problem of the run's files: they must not become the run's warnings. */
function isStoreError(error: unknown): boolean {
  return error instanceof Database.SqliteError || error instanceof CursorMoved;
}

export function ingestRun(
  writer: RunWriter,
  project: { id: number; path: string },
  format: RunFolderFormat,
  runFolder: string,
): RunIngestOutcome {
  for (let attempt = 1; ; attempt++) {
    try {
      if (writer.hasRun(runFolder)) return readRunFiles(writer, project, format, runFolder);
      return writeTransaction(writer.db, () => readRunFiles(writer, project, format, runFolder));
    } catch (error) {
      if (!(error instanceof CursorMoved)) throw error;
      // Another process read on from where this read began; what it stored
      // stays. Read again from there, or leave the rest to it.
      if (attempt >= maxCursorRetries) {
        const runKey = writer.ensureRun(project.id, format.source, runFolder).key;
        return { runKey, changed: true, pointsAdded: 0, linesSkipped: 0, filesRead: 0 };
      }
    }
  }
}

function readRunFiles(
  writer: RunWriter,
  project: { id: number; path: string },
  format: RunFolderFormat,
  runFolder: string,
): RunIngestOutcome {
  const projectId = project.id;
  const { key: runKey, created } = writer.ensureRun(projectId, format.source, runFolder, runNameFromPath(format, project.path, runFolder));
  const outcome: RunIngestOutcome = { runKey, changed: created, pointsAdded: 0, linesSkipped: 0, filesRead: 0 };
  const filesSeen = new Set<string>();
  const read = new ReadCursors(writer);
  /** Files (or folders) whose earlier points were dropped: replaced, truncated, or files of theirs removed. */
  const restarted = new Set<string>();
  /** The run's point count before the first of those drops. */
  let pointsBefore: number | null = null;
  let failed: { file: string; message: string } | null = null;
  try {
    for (const batch of format.readRun(runFolder, read)) {
      if (pointsBefore === null && batch.records.some((record) => record.kind === 'voidMetrics')) pointsBefore = writer.pointCount(runKey);
      const result = writer.applyFileBatch(projectId, runKey, batch, read);
      outcome.pointsAdded += result.pointsAdded;
      outcome.linesSkipped += result.linesSkipped;
      if (result.pointsVoided > 0) restarted.add(batch.file);
      // A batch of only a cursor (a heartbeat) changes nothing the user sees.
      if (batch.records.length > 0) outcome.changed = true;
      if (!filesSeen.has(batch.file)) {
        filesSeen.add(batch.file);
        outcome.filesRead += 1;
      }
    }
  } catch (error) {
    if (isStoreError(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    // Deleted between listing and reading: the scan or the watcher removes the run.
    if (code !== 'ENOENT' || fs.existsSync(runFolder)) failed = { file: (error as NodeJS.ErrnoException).path ?? runFolder, message: `could not read: ${(error as Error).message}` };
  }
  // What the read found out about the run as a whole: one write, which waits for another process's lock like every batch.
  writeTransaction(writer.db, () => {
    if (failed) {
      writer.recordWarning(projectId, runKey, failed.file, failed.message);
      outcome.changed = true;
    }
    if (restarted.size > 0 && pointsBefore !== null) {
      // The file says less than before: keep what it says now, and say what changed.
      const now = writer.pointCount(runKey);
      for (const file of restarted) {
        const name = path.relative(runFolder, file).split(path.sep).join('/') || path.basename(file);
        const what = isFolder(file) ? `files were removed from ${name}/` : `${name} was replaced or rewritten and was read again from its start`;
        writer.recordWarning(projectId, runKey, file, `${what}: the run had ${pointsBefore} points, it has ${now} now`);
      }
      outcome.changed = true;
    }
    if (writer.reviveIfAlive(runKey, Date.now())) outcome.changed = true;
    if (settleInferredStatus(writer.db, runKey, format.source, Date.now())) outcome.changed = true;
  });
  return outcome;
}

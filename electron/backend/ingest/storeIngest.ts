// Ingest of locations that hold many runs or a registry rather than one run:
// MLflow SQLite stores (mlflow.db) and MLflow file-store registries
// (mlruns/models). The scan finds them; the store_locations table remembers
// them so the watcher can route changes to them.
//
// What is stored is never lost to a bad read: a location is forgotten only
// when it is gone from disk, a store's run only when the store no longer
// lists it; a location that cannot be read keeps everything and says why on
// a warning of its own, which its runs show, until a read succeeds.
import fs from 'node:fs';
import path from 'node:path';
import { readMlflowFileRegistry } from '../sources/mlflow/fileRegistry';
import { readMlflowSqliteRegistry } from '../sources/mlflow/sqliteRegistry';
import { readMlflowSqlite } from '../sources/mlflow/sqliteStore';
import { fileIdentity } from '../sources/lineReader';
import { isMissing } from '../sources/missingFiles';
import type { FileCursor } from '../sources/records';
import type { Db } from '../store/database';
import { sleepSync, writeTransaction } from '../store/writeTransaction';
import { replaceRegistry } from '../registry/registryWriter';
import type { ProjectRef, RunFolderResult } from './projectIngest';
import { CursorMoved, emptyBatchOutcome, RunWriter, sameCursor } from './runWriter';

export type StoreLocationKind = 'mlflow-sqlite' | 'mlflow-registry';

export interface StoreLocation {
  path: string;
  kind: StoreLocationKind;
}

/** How a location's read ended. */
export type LocationReadStatus = 'read' | 'unchanged' | 'locked' | 'unreadable' | 'gone';

export interface LocationReadOptions {
  /** Keep asking this long for a store another program holds locked (a full read); 0 gives up at once (a watcher's read, retried later). */
  lockWaitMs?: number;
  /** Record a warning when the store is still locked: it has been for a while. */
  warnIfLocked?: boolean;
}

/** The separator between a store file and a run id in the path of a run read from a store. */
export const storeRunSeparator = '#';

/** Adds one store or registry found after the project was read (the watcher saw it appear). */
export function rememberLocation(db: Db, projectId: number, location: StoreLocation): void {
  writeTransaction(db, () =>
    db.prepare('INSERT OR REPLACE INTO store_locations (path, project_id, kind) VALUES (?, ?, ?)').run(location.path, projectId, location.kind),
  );
}

/** Whether a store file or registry folder is gone from disk (not merely unreadable). */
export function locationGone(location: string): boolean {
  try {
    fs.statSync(location);
    return false;
  } catch (error) {
    return isMissing(error);
  }
}

/**
 * Adds the stores and registries a full scan found. One the scan did not find
 * is forgotten only if it is gone from disk; one still there (damaged, say,
 * so the scan no longer recognises it) is kept, and read, so that the damage
 * is reported and nothing it held is lost.
 */
export function rememberLocations(db: Db, projectId: number, found: StoreLocation[]): { locations: StoreLocation[]; removedRunIds: string[] } {
  const known = listLocations(db, projectId);
  const foundPaths = new Set(found.map((l) => l.path));
  const removedRunIds: string[] = [];
  const locations = [...found];
  writeTransaction(db, () => {
    for (const location of found) rememberLocation(db, projectId, location);
    for (const location of known.filter((l) => !foundPaths.has(l.path))) {
      if (locationGone(location.path)) removedRunIds.push(...forgetLocation(db, location.path));
      else locations.push(location);
    }
  });
  return { locations, removedRunIds };
}

/** Drops a location and everything read from it; returns the ids of the runs removed. */
export function forgetLocation(db: Db, location: string): string[] {
  return writeTransaction(db, () => {
    const runs = db.prepare('SELECT key, id FROM runs WHERE location = ?').all(location) as { key: number; id: string }[];
    const deleteRun = db.prepare('DELETE FROM runs WHERE key = ?');
    for (const run of runs) deleteRun.run(run.key);
    db.prepare('DELETE FROM registered_models WHERE location = ?').run(location);
    db.prepare('DELETE FROM ingest_cursors WHERE path = ?').run(location);
    db.prepare('DELETE FROM warnings WHERE path = ?').run(location);
    db.prepare('DELETE FROM store_locations WHERE path = ?').run(location);
    return runs.map((run) => run.id);
  });
}

export function listLocations(db: Db, projectId: number): StoreLocation[] {
  return db.prepare('SELECT path, kind FROM store_locations WHERE project_id = ?').all(projectId) as StoreLocation[];
}

/** A SQLite store changes in its -wal file before its main file: both make its signature. */
function storeSignature(file: string): { size: number; mtimeMs: number; inode: string } {
  const main = fileIdentity(fs.statSync(file));
  let wal = { size: 0, mtimeMs: 0 };
  try {
    wal = fileIdentity(fs.statSync(`${file}-wal`));
  } catch {
    // no WAL: a store not open in WAL mode, or closed cleanly
  }
  return { size: main.size + wal.size, mtimeMs: Math.max(main.mtimeMs, wal.mtimeMs), inode: main.inode };
}

/** How often a store read is started again when another process read on meanwhile, before leaving it to that process. */
const maxCursorRetries = 5;

function pointsOfLocation(db: Db, location: string): number {
  return (
    db.prepare('SELECT COALESCE(SUM(s.point_count), 0) AS n FROM metric_summaries s JOIN runs r ON r.key = s.run_key WHERE r.location = ?').get(location) as {
      n: number;
    }
  ).n;
}

/** Reads what changed in an MLflow SQLite store; 'unchanged' when its files did not change since the last read. */
export function ingestMlflowSqliteStore(db: Db, project: ProjectRef, file: string, result: RunFolderResult): 'read' | 'unchanged' {
  for (let attempt = 1; ; attempt++) {
    try {
      return readStoreOnce(db, project, file, result, false);
    } catch (error) {
      if (!(error instanceof CursorMoved) || attempt >= maxCursorRetries) throw error;
    }
  }
}

function readStoreOnce(db: Db, project: ProjectRef, file: string, result: RunFolderResult, fromZero: boolean): 'read' | 'unchanged' {
  const writer = new RunWriter(db);
  const name = path.basename(file);
  const cursor = writer.cursorFor(file);
  const signature = storeSignature(file);
  if (!fromZero && cursor && cursor.size === signature.size && cursor.mtimeMs === signature.mtimeMs && cursor.inode === signature.inode) return 'unchanged';
  const idOf = db.prepare('SELECT id FROM runs WHERE key = ?');
  const storedRuns = () => db.prepare('SELECT key, id, source_run_id FROM runs WHERE location = ?').all(file) as { key: number; id: string; source_run_id: string | null }[];
  const changed = new Set<number>();
  let expected: FileCursor | null = cursor;
  let pointsBefore: number | null = null;
  for (const batch of readMlflowSqlite(file, fromZero ? null : (cursor?.state ?? null))) {
    if (batch.runIds && !batch.fromStart) {
      // Runs the store lists that Runlens lost (removed by hand, or by an
      // older Runlens): their history is in rows read long ago, so read the
      // store again from its first row.
      const known = new Set(storedRuns().map((run) => run.source_run_id));
      if (batch.runIds.some((id) => !known.has(id))) return readStoreOnce(db, project, file, result, true);
    }
    if (batch.fromStart && cursor !== null && pointsBefore === null) pointsBefore = pointsOfLocation(db, file);
    const outcome = emptyBatchOutcome();
    writeTransaction(db, () => {
      if (!sameCursor(writer.cursorFor(file), expected)) throw new CursorMoved(file);
      // The first batch carries the file's warnings whenever its runs were read: they replace the last read's.
      if (batch.fromStart || (batch.runIds && batch.warnings)) writer.clearWarnings(file);
      if (batch.runIds) {
        // The store lists every run it holds: those it no longer lists were deleted from it.
        const present = new Set(batch.runIds);
        for (const run of storedRuns().filter((r) => !present.has(r.source_run_id ?? ''))) {
          db.prepare('DELETE FROM runs WHERE key = ?').run(run.key);
          result.removedRunIds.push(run.id);
        }
      }
      for (const warning of batch.warnings ?? []) writer.recordWarning(project.id, null, file, warning.message, warning.count, warning.detail);
      for (const [runUuid, records] of batch.runs) {
        const { key } = writer.ensureRun(project.id, 'mlflow-sqlite', `${file}${storeRunSeparator}${runUuid}`, runUuid, file);
        writer.applyRecords(project.id, 'mlflow-sqlite', key, file, records, outcome);
        changed.add(key);
      }
      const next: FileCursor = { path: file, ...signature, byteOffset: 0, lineNumber: 0, state: batch.state };
      writer.writeCursor(project.id, null, next);
      expected = next;
    });
    result.pointsAdded += outcome.pointsAdded;
    result.linesSkipped += outcome.linesSkipped;
  }
  result.filesRead += 1;
  for (const key of changed) {
    const row = idOf.get(key) as { id: string } | undefined;
    if (row) result.changedRunIds.push(row.id);
  }
  if (pointsBefore !== null && pointsBefore > 0) {
    const now = pointsOfLocation(db, file);
    if (now < pointsBefore) writer.recordWarning(project.id, null, file, `${name} was read again from its first row: its runs had ${pointsBefore} points, they have ${now} now`);
  }
  const registry = readMlflowSqliteRegistry(file);
  writeTransaction(db, () => {
    replaceRegistry(db, project.id, 'mlflow-sqlite', file, registry.models);
    for (const message of registry.warnings) writer.recordWarning(project.id, null, file, message);
  });
  return 'read';
}

export function ingestMlflowRegistryFolder(db: Db, project: ProjectRef, folder: string): 'read' {
  const writer = new RunWriter(db);
  const { models, warnings } = readMlflowFileRegistry(folder);
  writeTransaction(db, () => {
    writer.clearWarnings(folder);
    replaceRegistry(db, project.id, 'mlflow', folder, models);
    for (const warning of warnings) writer.recordWarning(project.id, null, warning.path ?? folder, warning.message);
  });
  return 'read';
}

function readLocation(db: Db, project: ProjectRef, location: StoreLocation, result: RunFolderResult): 'read' | 'unchanged' {
  if (location.kind === 'mlflow-sqlite') return ingestMlflowSqliteStore(db, project, location.path, result);
  if (!fs.statSync(location.path).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
  return ingestMlflowRegistryFolder(db, project, location.path);
}

/** A source error's reason without the path it names (the warning names the file already). */
function reasonOf(location: string, error: unknown): string {
  const message = (error as Error).message ?? String(error);
  const stripped = message.startsWith(location) ? message.slice(location.length).replace(/^[:\s]+/, '') : message;
  return stripped || message;
}

function isLocked(error: unknown): boolean {
  const code = String((error as { code?: unknown }).code ?? '');
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
}

/**
 * Whether an error is Runlens's own store's (a lock another Runlens process
 * held past every retry), not the location's: the readers wrap every error of
 * the store they read in MlflowSqliteError, so a bare SqliteError is ours.
 */
function isOwnStoreError(error: unknown): boolean {
  return error instanceof CursorMoved || ((error as { name?: string }).name === 'SqliteError' && isLocked(error));
}

/**
 * Brings one location up to date. Nothing thrown by the location's files
 * escapes: it is gone (forgotten), locked (retried, or a warning once it
 * stays locked) or unreadable (a warning; everything stored is kept).
 */
export function ingestLocation(db: Db, project: ProjectRef, location: StoreLocation, result: RunFolderResult, options: LocationReadOptions = {}): LocationReadStatus {
  const writer = new RunWriter(db);
  const name = path.basename(location.path);
  const deadline = Date.now() + (options.lockWaitMs ?? 0);
  for (let pause = 250; ; pause = Math.min(pause * 2, 2000)) {
    try {
      const status = readLocation(db, project, location, result);
      writeTransaction(db, () => {
        writer.clearWarnings(location.path, 'unreadable');
        writer.clearWarnings(location.path, 'locked');
      });
      return status;
    } catch (error) {
      if (isOwnStoreError(error)) throw error;
      if (isMissing(error) || locationGone(location.path)) {
        result.removedRunIds.push(...forgetLocation(db, location.path));
        return 'gone';
      }
      if (isLocked(error)) {
        if (Date.now() + pause < deadline) {
          sleepSync(pause);
          continue;
        }
        if (options.warnIfLocked) {
          writer.recordWarning(project.id, null, location.path, `${name} is locked by another program; Runlens reads it again once it is free`, 1, undefined, 'locked');
        }
        return 'locked';
      }
      writeTransaction(db, () => writer.recordWarning(project.id, null, location.path, `cannot read ${name}: ${reasonOf(location.path, error)}`, 1, undefined, 'unreadable'));
      return 'unreadable';
    }
  }
}

// Ingest of locations that hold many runs or a registry rather than one run:
// MLflow SQLite stores (mlflow.db) and MLflow file-store registries
// (mlruns/models). The scan finds them; the store_locations table remembers
// them so the watcher can route changes to them.
import fs from 'node:fs';
import path from 'node:path';
import { readMlflowFileRegistry } from '../sources/mlflow/fileRegistry';
import { readMlflowSqliteRegistry } from '../sources/mlflow/sqliteRegistry';
import { readMlflowSqlite } from '../sources/mlflow/sqliteStore';
import { fileIdentity } from '../sources/lineReader';
import type { Db } from '../store/database';
import { replaceRegistry } from '../registry/registryWriter';
import type { ProjectRef, RunFolderResult } from './projectIngest';
import { RunWriter, type BatchOutcome } from './runWriter';

export type StoreLocationKind = 'mlflow-sqlite' | 'mlflow-registry';

export interface StoreLocation {
  path: string;
  kind: StoreLocationKind;
}

/** The separator between a store file and a run id in the path of a run read from a store. */
export const storeRunSeparator = '#';

/** Adds one store or registry found after the project was read (the watcher saw it appear). */
export function rememberLocation(db: Db, projectId: number, location: StoreLocation): void {
  db.prepare('INSERT OR REPLACE INTO store_locations (path, project_id, kind) VALUES (?, ?, ?)').run(location.path, projectId, location.kind);
}

/** Replaces a project's stores and registries with those a full scan found; returns the ids of runs removed with the ones gone. */
export function rememberLocations(db: Db, projectId: number, locations: StoreLocation[]): string[] {
  const known = db.prepare('SELECT path FROM store_locations WHERE project_id = ?').all(projectId) as { path: string }[];
  const found = new Set(locations.map((l) => l.path));
  const gone = known.map((row) => row.path).filter((p) => !found.has(p));
  const removedRunIds: string[] = [];
  db.transaction(() => {
    for (const location of locations) rememberLocation(db, projectId, location);
    for (const location of gone) removedRunIds.push(...forgetLocation(db, location));
  })();
  return removedRunIds;
}

/** Drops a location and everything read from it; returns the ids of the runs removed. */
export function forgetLocation(db: Db, location: string): string[] {
  const runs = db.prepare('SELECT key, id FROM runs WHERE path LIKE ? ESCAPE \'\\\'').all(`${escapeLike(location)}${storeRunSeparator}%`) as { key: number; id: string }[];
  for (const run of runs) db.prepare('DELETE FROM runs WHERE key = ?').run(run.key);
  db.prepare('DELETE FROM registered_models WHERE location = ?').run(location);
  db.prepare('DELETE FROM ingest_cursors WHERE path = ?').run(location);
  db.prepare('DELETE FROM warnings WHERE path = ?').run(location);
  db.prepare('DELETE FROM store_locations WHERE path = ?').run(location);
  return runs.map((run) => run.id);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
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

export function ingestMlflowSqliteStore(db: Db, project: ProjectRef, file: string, result: RunFolderResult): void {
  const writer = new RunWriter(db);
  const cursor = writer.cursorFor(file);
  const signature = storeSignature(file);
  if (cursor && cursor.size === signature.size && cursor.mtimeMs === signature.mtimeMs && cursor.inode === signature.inode) return;
  const idOf = db.prepare('SELECT id FROM runs WHERE key = ?');
  const changed = new Set<number>();
  let state = cursor?.state ?? null;
  for (const batch of readMlflowSqlite(file, state)) {
    const outcome: BatchOutcome = { pointsAdded: 0, linesSkipped: 0, warnings: [] };
    db.transaction(() => {
      if (batch.fromStart) writer.clearWarnings(file);
      if (batch.runIds) {
        const present = new Set(batch.runIds.map((id) => `${file}${storeRunSeparator}${id}`));
        const stored = db.prepare('SELECT key, id, path FROM runs WHERE path LIKE ? ESCAPE \'\\\'').all(`${escapeLike(file)}${storeRunSeparator}%`) as {
          key: number; id: string; path: string;
        }[];
        for (const run of stored.filter((r) => !present.has(r.path))) {
          db.prepare('DELETE FROM runs WHERE key = ?').run(run.key);
          result.removedRunIds.push(run.id);
        }
      }
      for (const warning of batch.warnings ?? []) writer.recordWarning(project.id, null, file, warning.message, warning.count, warning.detail);
      for (const [runUuid, records] of batch.runs) {
        const { key } = writer.ensureRun(project.id, 'mlflow-sqlite', `${file}${storeRunSeparator}${runUuid}`, runUuid);
        writer.applyRecords(project.id, 'mlflow-sqlite', key, file, records, outcome);
        changed.add(key);
      }
      state = batch.state;
      writer.writeCursor(project.id, null, { path: file, ...signature, byteOffset: 0, lineNumber: 0, state });
    })();
    result.pointsAdded += outcome.pointsAdded;
    result.linesSkipped += outcome.linesSkipped;
  }
  result.filesRead += 1;
  for (const key of changed) result.changedRunIds.push((idOf.get(key) as { id: string }).id);
  const registry = readMlflowSqliteRegistry(file);
  db.transaction(() => {
    replaceRegistry(db, project.id, 'mlflow-sqlite', file, registry.models);
    for (const message of registry.warnings) writer.recordWarning(project.id, null, file, message);
  })();
}

export function ingestMlflowRegistryFolder(db: Db, project: ProjectRef, folder: string): void {
  const writer = new RunWriter(db);
  const { models, warnings } = readMlflowFileRegistry(folder);
  db.transaction(() => {
    writer.clearWarnings(folder);
    replaceRegistry(db, project.id, 'mlflow', folder, models);
    for (const warning of warnings) writer.recordWarning(project.id, null, warning.path ?? folder, warning.message);
  })();
}

/** Brings one location up to date; errors become warnings on the location. */
export function ingestLocation(db: Db, project: ProjectRef, location: StoreLocation, result: RunFolderResult): void {
  try {
    if (location.kind === 'mlflow-sqlite') ingestMlflowSqliteStore(db, project, location.path, result);
    else ingestMlflowRegistryFolder(db, project, location.path);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_BUSY') return; // MLflow is writing: the next change retries
    if (!fs.existsSync(location.path)) {
      result.removedRunIds.push(...forgetLocation(db, location.path));
      return;
    }
    new RunWriter(db).recordWarning(project.id, null, location.path, `could not read ${path.basename(location.path)}: ${(error as Error).message}`);
  }
}

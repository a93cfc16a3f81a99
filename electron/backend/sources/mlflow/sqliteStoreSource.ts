// MLflow's SQLite tracking store (`mlflow.db`) as a store source: its runs
// and their metric history (sqliteStore.ts), then its model registry
// (sqliteRegistry.ts), read incrementally by metric rowid.
import fs from 'node:fs';
import path from 'node:path';
import { fileIdentity } from '../lineReader';
import { describeOpenError, isMissing, notRegular, problemOf } from '../safeFile';
import type { FoundLocations, StoreSource } from '../storeSource';
import { defaultStoreName, storeFileName } from './sqliteSchema';
import { readMlflowSqliteRegistry } from './sqliteRegistry';
import { isMlflowSqliteFile, readMlflowSqlite } from './sqliteStore';

/** SQLite's side files: a change to one is a change to its database. */
const sideFile = /-(wal|shm|journal)$/;

/**
 * Why a store-named entry that is no plain file cannot be read: MLflow's own
 * name as a FIFO, a device link or a link loop is a store made unreadable,
 * worth a warning; null when it is readable (a link to a file) or no store of
 * MLflow's by name.
 */
function unreadableStore(file: string, name: string): string | null {
  try {
    const stat = fs.statSync(file);
    if (stat.isFile() || stat.isDirectory()) return null;
    return name === defaultStoreName ? `${name} ${notRegular(file, stat).reason}` : null;
  } catch (error) {
    return name === defaultStoreName && !isMissing(error) ? `${name} ${problemOf(describeOpenError(file, error))}` : null;
  }
}

export const mlflowSqliteStore: StoreSource = {
  kind: 'mlflow-sqlite',
  source: 'mlflow-sqlite',
  readsRuns: true,

  find(folder, entries): FoundLocations {
    const found: FoundLocations = { locations: [], problems: [], isLocation: false };
    for (const entry of entries) {
      if (!storeFileName.test(entry.name) || entry.isDirectory()) continue;
      const file = path.join(folder, entry.name);
      const problem = entry.isFile() ? null : unreadableStore(file, entry.name);
      if (problem) found.problems.push({ path: file, message: problem });
      else if (isMlflowSqliteFile(file)) found.locations.push(file);
    }
    return found;
  },

  owns: (location, file) => file.replace(sideFile, '') === location,

  locationOf(file) {
    const base = file.replace(sideFile, '');
    return isMlflowSqliteFile(base) ? base : null;
  },

  polled: (location) => ({ folder: path.dirname(location), files: [location, `${location}-wal`] }),

  // A SQLite store changes in its -wal file before its main file: both make its signature.
  signature(location) {
    const main = fileIdentity(fs.statSync(location));
    let wal = { size: 0, mtimeMs: 0 };
    try {
      wal = fileIdentity(fs.statSync(`${location}-wal`));
    } catch {
      // no WAL: a store not open in WAL mode, or closed cleanly
    }
    return `${main.inode}:${main.size + wal.size}:${Math.max(main.mtimeMs, wal.mtimeMs)}`;
  },

  *read(location, state) {
    let last = state;
    for (const batch of readMlflowSqlite(location, state)) {
      last = batch.state;
      yield { runs: batch.runs, runIds: batch.runIds, fromStart: batch.fromStart, warnings: batch.warnings, state: batch.state };
    }
    const registry = readMlflowSqliteRegistry(location);
    yield { runs: new Map(), registry: { models: registry.models, warnings: registry.warnings.map((message) => ({ path: location, message })) }, state: last };
  },
};

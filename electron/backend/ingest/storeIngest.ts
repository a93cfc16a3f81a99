// Ingest of store locations: places that hold many runs or a model registry
// rather than one run (sources/storeSource.ts). The scan finds them; the
// store_locations table remembers them so the watcher can route changes to
// them; store_cursors holds where each read stopped. Nothing here knows a
// source by name: each location's source is looked up by its kind.
//
// What is stored is never lost to a bad read: a location is forgotten only
// when it is gone from disk, a store's run only when the store no longer
// lists it; a location that cannot be read keeps everything and says why on
// a warning of its own, which its runs show, until a read succeeds.
import fs from 'node:fs';
import path from 'node:path';
import { isMissing } from '../sources/safeFile';
import { storeSourceOf } from '../sources/stores';
import type { StoreSource } from '../sources/storeSource';
import type { Db } from '../store/database';
import { isStoreBusy, sleepSync, writeTransaction } from '../store/writeTransaction';
import { replaceRegistry } from '../registry/mirror/registryWriter';
import type { ProjectRef, RunFolderResult } from './projectIngest';
import { CursorMoved, emptyBatchOutcome, RunWriter } from './runWriter';

export interface StoreLocation {
  path: string;
  /** The kind of its source (StoreSource.kind). */
  kind: string;
}

/** How a location's read ended. */
export type LocationReadStatus = 'read' | 'unchanged' | 'locked' | 'unreadable' | 'gone';

export interface LocationReadOptions {
  /** Keep asking this long for a store another program holds locked (a full read); 0 gives up at once (a watcher's read, retried later). */
  lockWaitMs?: number;
  /** Record a warning when the store is still locked: it has been for a while. */
  warnIfLocked?: boolean;
}

/** The separator between a store and a run id in the path of a run read from a store. */
export const storeRunSeparator = '#';

interface StoreCursorRow {
  signature: string | null;
  state: string | null;
}

/** Adds one store or registry found after the project was read (the watcher saw it appear). */
export function rememberLocation(db: Db, projectId: number, location: StoreLocation): void {
  writeTransaction(db, () =>
    // An upsert, never INSERT OR REPLACE: a replace deletes the row first, and with it (ON DELETE CASCADE) where its read stopped.
    db
      .prepare('INSERT INTO store_locations (path, project_id, kind) VALUES (?, ?, ?) ON CONFLICT (path) DO UPDATE SET project_id = excluded.project_id, kind = excluded.kind')
      .run(location.path, projectId, location.kind),
  );
}

/** Whether a location is gone from disk (not merely unreadable). */
export function locationGone(location: string): boolean {
  try {
    // Every location of a source on disk is a file or a folder; a source over HTTP would say so itself.
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
    db.prepare('DELETE FROM warnings WHERE path = ?').run(location);
    db.prepare('DELETE FROM store_locations WHERE path = ?').run(location);
    return runs.map((run) => run.id);
  });
}

export function listLocations(db: Db, projectId: number): StoreLocation[] {
  return db.prepare('SELECT path, kind FROM store_locations WHERE project_id = ?').all(projectId) as StoreLocation[];
}

function cursorOf(db: Db, location: string): StoreCursorRow | null {
  return (db.prepare('SELECT signature, state FROM store_cursors WHERE location = ?').get(location) as StoreCursorRow | undefined) ?? null;
}

const sameStoreCursor = (a: StoreCursorRow | null, b: StoreCursorRow | null) => (a === null || b === null ? a === b : a.signature === b.signature && a.state === b.state);

/** How often a store read is started again when another process read on meanwhile, before leaving it to that process. */
const maxCursorRetries = 5;

function pointsOfLocation(db: Db, location: string): number {
  return (
    db.prepare('SELECT COALESCE(SUM(s.point_count), 0) AS n FROM metric_summaries s JOIN runs r ON r.key = s.run_key WHERE r.location = ?').get(location) as {
      n: number;
    }
  ).n;
}

/**
 * Reads what changed in a location; 'unchanged' when its signature is the one
 * of the last read, or when another process keeps reading it on (what it
 * stores stays; the rest is left to it, as for runs).
 */
function ingestStore(writer: RunWriter, project: ProjectRef, source: StoreSource, location: string, result: RunFolderResult): 'read' | 'unchanged' {
  for (let attempt = 1; ; attempt++) {
    try {
      return readStoreOnce(writer, project, source, location, result, false);
    } catch (error) {
      if (!(error instanceof CursorMoved)) throw error;
      if (attempt >= maxCursorRetries) return 'unchanged';
    }
  }
}

function readStoreOnce(writer: RunWriter, project: ProjectRef, source: StoreSource, location: string, result: RunFolderResult, fromZero: boolean): 'read' | 'unchanged' {
  const db = writer.db;
  const cursor = cursorOf(db, location);
  const signature = source.signature(location);
  if (!fromZero && cursor && signature !== null && cursor.signature === signature) return 'unchanged';
  const idOf = db.prepare('SELECT id FROM runs WHERE key = ?');
  const storedRuns = () => db.prepare('SELECT key, id, source_run_id FROM runs WHERE location = ?').all(location) as { key: number; id: string; source_run_id: string | null }[];
  const writeCursor = db.prepare('INSERT OR REPLACE INTO store_cursors (location, project_id, signature, state) VALUES (?, ?, ?, ?)');
  const changed = new Set<number>();
  let expected: StoreCursorRow | null = cursor;
  let pointsBefore: number | null = null;
  for (const batch of source.read(location, fromZero ? null : (cursor?.state ?? null))) {
    if (batch.runIds && !batch.fromStart) {
      // Runs the location lists that Runlens lost (removed by hand, or by an
      // older Runlens): their history is in what was read long ago, so read
      // the location again from its beginning.
      const known = new Set(storedRuns().map((run) => run.source_run_id));
      if (batch.runIds.some((id) => !known.has(id))) return readStoreOnce(writer, project, source, location, result, true);
    }
    if (batch.fromStart && cursor !== null && pointsBefore === null) pointsBefore = pointsOfLocation(db, location);
    const outcome = emptyBatchOutcome();
    writeTransaction(db, () => {
      if (!sameStoreCursor(cursorOf(db, location), expected)) throw new CursorMoved(location);
      // The first batch carries the location's warnings whenever its runs were read: they replace the last read's.
      if (batch.fromStart || (batch.runIds && batch.warnings)) writer.clearWarnings(location);
      if (batch.runIds) {
        // The location lists every run it holds: those it no longer lists were deleted from it.
        const present = new Set(batch.runIds);
        for (const run of storedRuns().filter((r) => !present.has(r.source_run_id ?? ''))) {
          db.prepare('DELETE FROM runs WHERE key = ?').run(run.key);
          result.removedRunIds.push(run.id);
        }
      }
      for (const warning of batch.warnings ?? []) writer.recordWarning(project.id, null, location, warning.message, warning.count, warning.detail);
      if (source.readsRuns) {
        for (const [runId, records] of batch.runs) {
          const { key } = writer.ensureRun(project.id, source.source, `${location}${storeRunSeparator}${runId}`, runId, location);
          writer.applyRecords(project.id, source.source, key, location, records, outcome);
          changed.add(key);
        }
      }
      if (batch.registry) {
        replaceRegistry(db, project.id, source.source, location, batch.registry.models);
        for (const warning of batch.registry.warnings) writer.recordWarning(project.id, null, warning.path, warning.message);
      }
      // The signature of what was read goes in only once all of it is stored (below): a
      // read that stops part-way (a crash, a bad page) leaves the old one, so the next read goes on.
      const next = { signature: cursor?.signature ?? null, state: batch.state };
      writeCursor.run(location, project.id, next.signature, next.state);
      expected = next;
    });
    result.pointsAdded += outcome.pointsAdded;
    result.linesSkipped += outcome.linesSkipped;
    for (const key of changed) {
      const row = idOf.get(key) as { id: string } | undefined;
      if (row) result.changedRunIds.push(row.id);
    }
    changed.clear();
  }
  writeTransaction(db, () => {
    if (!sameStoreCursor(cursorOf(db, location), expected)) throw new CursorMoved(location);
    if (expected) writeCursor.run(location, project.id, signature, expected.state);
  });
  result.filesRead += 1;
  if (pointsBefore !== null && pointsBefore > 0) {
    const now = pointsOfLocation(db, location);
    if (now < pointsBefore) {
      writeTransaction(db, () =>
        writer.recordWarning(project.id, null, location, `${path.basename(location)} was read again from its beginning: its runs had ${pointsBefore} points, they have ${now} now`),
      );
    }
  }
  return 'read';
}

/** A source error's reason without the path it names (the warning names the location already). */
function reasonOf(location: string, error: unknown): string {
  const message = (error as Error).message ?? String(error);
  const stripped = message.startsWith(location) ? message.slice(location.length).replace(/^[:\s]+/, '') : message;
  return stripped || message;
}

/**
 * Whether an error is Runlens's own store's (a lock another Runlens process
 * held past every retry, a full disk), not the location's: the sources wrap
 * every error of a database they read (MlflowSqliteError), so a bare
 * SqliteError is ours, and must not become a warning about the location.
 */
function isOwnStoreError(error: unknown): boolean {
  return error instanceof CursorMoved || (error as { name?: string }).name === 'SqliteError';
}

/**
 * Brings one location up to date. Nothing thrown by the location escapes: it
 * is gone (forgotten), locked (retried, or a warning once it stays locked) or
 * unreadable (a warning; everything stored is kept).
 */
export function ingestLocation(db: Db, project: ProjectRef, location: StoreLocation, result: RunFolderResult, options: LocationReadOptions = {}): LocationReadStatus {
  const source = storeSourceOf(location.kind);
  if (!source) return 'unchanged'; // written by a newer Runlens that knows more sources
  const writer = new RunWriter(db);
  const name = path.basename(location.path);
  const deadline = Date.now() + (options.lockWaitMs ?? 0);
  for (let pause = 250; ; pause = Math.min(pause * 2, 2000)) {
    try {
      const status = ingestStore(writer, project, source, location.path, result);
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
      if (isStoreBusy(error)) {
        if (Date.now() + pause < deadline) {
          sleepSync(pause);
          continue;
        }
        if (options.warnIfLocked) {
          writeTransaction(db, () =>
            writer.recordWarning(project.id, null, location.path, `${name} is locked by another program; Runlens reads it again once it is free`, 1, undefined, 'locked'),
          );
        }
        return 'locked';
      }
      writeTransaction(db, () => writer.recordWarning(project.id, null, location.path, `cannot read ${name}: ${reasonOf(location.path, error)}`, 1, undefined, 'unreadable'));
      return 'unreadable';
    }
  }
}

// Reads what the watcher reported changed in a project: which run folders,
// stores and registries the changed files belong to, runs in folders that
// just appeared, and runs whose folders went away. Runs in the live ingest
// worker (ingestWorker.ts), never on the thread that answers requests: one
// malformed line or a FIFO must not freeze the window or the server.
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../store/database';
import { storeSourceOf, storeSources } from '../sources/stores';
import type { FileChanges } from '../watch/projectWatcher';
import { locateRunFolders } from './locateRuns';
import { emptyResult, ingestRunFolders, type ProjectRef, type RunFolderResult } from './projectIngest';
import { scanProject } from './scan';
import { ingestLocation, listLocations, rememberLocation, type StoreLocation } from './storeIngest';

/** New runs found in new folders up to this many are read here; more ask for a full read, with its progress and Cancel. */
export const maxNewRunsReadHere = 50;

export interface ChangeReadOptions {
  /** A store found locked before is still locked: say so on a warning. */
  warnIfLocked?: boolean;
}

export interface ChangeIngestResult extends RunFolderResult {
  /** Stores and registries read (or tried): those not in lockedLocations are no longer locked. */
  locationsRead: string[];
  /** A whole tree of runs was copied in: read the project in full instead. */
  wantsFullRead: boolean;
}

/** The folders not inside another one of the set: scanning those covers the rest. */
function topmost(folders: Iterable<string>): string[] {
  const sorted = [...folders].sort();
  const out: string[] = [];
  for (const folder of sorted) if (!out.some((top) => folder.startsWith(top + path.sep))) out.push(folder);
  return out;
}

/** A store or registry that appeared after the project was read (MLflow started logging). */
function newLocation(db: Db, projectId: number, file: string): StoreLocation | null {
  for (const source of storeSources) {
    const location = source.locationOf(file);
    if (location === null) continue;
    const found = { path: location, kind: source.kind };
    rememberLocation(db, projectId, found);
    return found;
  }
  return null;
}

/** Splits changed files into those of run folders and the stores or registries they belong to. */
function routeChanges(db: Db, projectId: number, files: Iterable<string>): { runFiles: string[]; locations: StoreLocation[] } {
  const locations = listLocations(db, projectId);
  const touched = new Map<string, StoreLocation>();
  const runFiles: string[] = [];
  for (const file of files) {
    const location = locations.find((l) => storeSourceOf(l.kind)?.owns(l.path, file));
    const found = location ?? newLocation(db, projectId, file);
    if (found) touched.set(found.path, found);
    else runFiles.push(file);
  }
  return { runFiles, locations: [...touched.values()] };
}

/** Runs and stores in a folder that just appeared, whose files the watcher may not have reported. */
function lookInsideNewFolder(db: Db, projectId: number, folder: string, runFolders: Set<string>, locations: StoreLocation[]): void {
  if (!fs.existsSync(folder)) return;
  const found = scanProject(folder);
  for (const run of found.runFolders) runFolders.add(run.path);
  for (const location of found.locations) {
    if (locations.some((known) => known.path === location.path)) continue;
    rememberLocation(db, projectId, location);
    locations.push(location);
  }
}

export function ingestChanges(db: Db, project: ProjectRef, changes: FileChanges, options: ChangeReadOptions = {}): ChangeIngestResult {
  const known = new Set((db.prepare('SELECT path FROM runs WHERE project_id = ? AND location IS NULL').all(project.id) as { path: string }[]).map((row) => row.path));
  const newFolderMarks = [...changes.addedFolders].map((folder) => `${folder}${path.sep}.`);
  const { runFiles, locations } = routeChanges(db, project.id, [...changes.files, ...newFolderMarks]);
  const changed = locateRunFolders(project.path, runFiles, known);
  const newRuns = new Set<string>();
  for (const folder of topmost(changes.addedFolders)) lookInsideNewFolder(db, project.id, folder, newRuns, locations);
  const unknown = [...newRuns].filter((run) => !known.has(run));
  const wantsFullRead = unknown.length > maxNewRunsReadHere;
  if (!wantsFullRead) for (const run of newRuns) changed.add(run);
  const result: ChangeIngestResult = { ...emptyResult(), ...ingestRunFolders(db, project, changed, changes.removedFolders), locationsRead: [], wantsFullRead };
  for (const location of locations) {
    const status = ingestLocation(db, project, location, result, { lockWaitMs: 0, warnIfLocked: options.warnIfLocked });
    result.locationsRead.push(location.path);
    if (status === 'locked') result.lockedLocations.push(location.path);
  }
  return result;
}

// Reads every run below a project folder into the store: finds run folders,
// ingests each incrementally, and forgets runs whose folder is gone.
import fs from 'node:fs';
import path from 'node:path';
import type { IngestProgress, IngestSummary } from '../../../shared/domain';
import type { Db } from '../store/database';
import { listWarnings } from '../warnings/queries';
import { formatBySource, formatOf } from '../sources/formats';
import type { RunFolderFormat } from '../sources/records';
import { isMissing } from '../sources/safeFile';
import { writeTransaction } from '../store/writeTransaction';
import { ingestRun } from './ingestRun';
import { RunWriter } from './runWriter';
import { scanProject, type FoundRun } from './scan';
import { forgetLocation, ingestLocation, locationGone, rememberLocations } from './storeIngest';

export interface ProjectRef {
  id: number;
  path: string;
}

export interface RunFolderResult {
  changedRunIds: string[];
  removedRunIds: string[];
  pointsAdded: number;
  linesSkipped: number;
  filesRead: number;
  /** Stores another program held locked: read them again later. */
  lockedLocations: string[];
}

export const emptyResult = (): RunFolderResult => ({ changedRunIds: [], removedRunIds: [], pointsAdded: 0, linesSkipped: 0, filesRead: 0, lockedLocations: [] });

/**
 * Whether a run folder is gone from disk: only then is its run removed. A
 * folder still there but no longer recognised as a run (its run.json
 * damaged, say) keeps its run, and is read so that the damage is reported.
 */
export function runFolderGone(folder: string): boolean {
  try {
    return !fs.statSync(folder).isDirectory();
  } catch (error) {
    return isMissing(error);
  }
}

/** The stored source of the run at `folder`, if one is known. */
function storedSource(db: Db, folder: string): string | null {
  const row = db.prepare('SELECT source FROM runs WHERE path = ? AND location IS NULL').get(folder) as { source: string } | undefined;
  return row?.source ?? null;
}

/**
 * The format to read a folder with: the stored one while it still claims the
 * folder, else whichever claims it now, else (a known run whose files were
 * damaged) still the stored one; null for a folder that is no run.
 */
function currentFormat(db: Db, folder: string): RunFolderFormat | null {
  const known = storedSource(db, folder);
  const stored = known ? formatBySource(known) : null;
  let names: Set<string>;
  try {
    names = new Set(fs.readdirSync(folder));
  } catch {
    return stored;
  }
  if (stored?.isRunFolder(folder, names)) return stored;
  return formatOf(folder, names) ?? stored;
}

/** Ingests the given run folders and removes the runs whose folders are gone (at the removed paths and below). */
export function ingestRunFolders(db: Db, project: ProjectRef, changed: Iterable<string>, removed: Iterable<string> = []): RunFolderResult {
  const writer = new RunWriter(db);
  const result = emptyResult();
  for (const folder of removed) result.removedRunIds.push(...removeGoneRunsAt(db, folder));
  const idOf = db.prepare('SELECT id FROM runs WHERE key = ?');
  for (const folder of changed) {
    if (runFolderGone(folder)) {
      result.removedRunIds.push(...removeGoneRunsAt(db, folder, false));
      continue;
    }
    const format = currentFormat(db, folder);
    if (!format) continue;
    const outcome = ingestRun(writer, project, format, folder);
    result.pointsAdded += outcome.pointsAdded;
    result.linesSkipped += outcome.linesSkipped;
    result.filesRead += outcome.filesRead;
    if (outcome.changed) result.changedRunIds.push((idOf.get(outcome.runKey) as { id: string }).id);
  }
  return result;
}

/**
 * Deletes the runs at `folder` (and, with `below`, inside it) that are gone
 * from disk: a run folder that no longer exists, or every run of a store file
 * that no longer exists. Returns their ids. A folder reported removed may be
 * back already (DVCLive deletes and rewrites its folder): what is there stays.
 */
export function removeGoneRunsAt(db: Db, folder: string, below = true): string[] {
  // Paths below `folder` sort (binary collation) from `folder/` up to, not including, the next
  // separator value: a range, since with LIKE Windows' separator would be its escape character.
  const from = `${folder}${path.sep}`;
  const until = `${folder}${String.fromCharCode(path.sep.charCodeAt(0) + 1)}`;
  const rows = (
    below
      ? db.prepare('SELECT key, id, path, location FROM runs WHERE path = ? OR (path >= ? AND path < ?)').all(folder, from, until)
      : db.prepare('SELECT key, id, path, location FROM runs WHERE path = ?').all(folder)
  ) as { key: number; id: string; path: string; location: string | null }[];
  const removed: string[] = [];
  const goneLocations = new Set<string>();
  const goneRuns = rows.filter((row) => {
    if (row.location === null) return runFolderGone(row.path);
    if (locationGone(row.location)) goneLocations.add(row.location);
    return false;
  });
  for (const location of goneLocations) removed.push(...forgetLocation(db, location));
  if (goneRuns.length === 0) return removed;
  const deleteRun = db.prepare('DELETE FROM runs WHERE key = ?');
  writeTransaction(db, () => {
    for (const row of goneRuns) deleteRun.run(row.key);
  });
  return [...removed, ...goneRuns.map((row) => row.id)];
}

export interface ProjectIngestOptions {
  onProgress?: (progress: IngestProgress) => void;
  /** Runs changed since the last call, at most about once a second, so a list can fill in while a big project is read. */
  onRunsChanged?: (runIds: string[]) => void;
  /** Asked between runs; true stops the read, keeping every run read so far. */
  isCancelled?: () => boolean;
  /** How long to keep asking for a store another program holds locked before warning (default 10 s). */
  lockWaitMs?: number;
}

const defaultLockWaitMs = 10_000;

export type ProjectIngestResult = IngestSummary & RunFolderResult;

const progressEveryMs = 100;
const runsChangedEveryMs = 1000;

/**
 * Full pass over a project: scan, ingest every run, drop runs whose folder
 * vanished while nobody watched. Meant to run in the ingest worker (see
 * ingestWorker.ts); it also yields between runs so that, run in-process, a
 * server stays responsive.
 */
export async function ingestProject(db: Db, project: ProjectRef, options: ProjectIngestOptions = {}): Promise<ProjectIngestResult> {
  const { onProgress = () => {}, onRunsChanged = () => {}, isCancelled = () => false } = options;
  const scan = scanProject(project.path);
  const writer = new RunWriter(db);
  writeTransaction(db, () => {
    for (const problem of scan.problems) writer.recordWarning(project.id, null, problem.path, problem.message);
  });
  const summary = emptyResult();
  const found = new Set(scan.runFolders.map((run) => run.path));
  const runFolders = [...scan.runFolders];
  // Runs the scan did not find: removed if their folder is gone, else read
  // with the format they had (damage is reported, nothing is lost).
  const known = db.prepare('SELECT path, source FROM runs WHERE project_id = ? AND location IS NULL').all(project.id) as FoundRun[];
  for (const run of known.filter((r) => !found.has(r.path))) {
    if (runFolderGone(run.path)) summary.removedRunIds.push(...removeGoneRunsAt(db, run.path, false));
    else if (formatBySource(run.source)) runFolders.push(run);
  }
  const total = runFolders.length;

  const progress = (runsDone: number, done: boolean, cancelled: boolean): IngestProgress => ({
    projectId: project.id,
    projectPath: project.path,
    runsDone,
    runsTotal: total,
    pointsAdded: summary.pointsAdded,
    done,
    cancelled,
  });
  const idOf = db.prepare('SELECT id FROM runs WHERE key = ?');
  let lastReport = 0;
  let lastRunsChanged = Date.now();
  let unreportedChanges = 0;
  let cancelled = false;
  let runsDone = 0;
  for (; runsDone < total; runsDone++) {
    if (isCancelled()) {
      cancelled = true;
      break;
    }
    const run = runFolders[runsDone];
    const outcome = ingestRun(writer, project, formatBySource(run.source)!, run.path);
    summary.pointsAdded += outcome.pointsAdded;
    summary.linesSkipped += outcome.linesSkipped;
    summary.filesRead += outcome.filesRead;
    if (outcome.changed) {
      summary.changedRunIds.push((idOf.get(outcome.runKey) as { id: string }).id);
      unreportedChanges++;
    }
    const now = Date.now();
    if (unreportedChanges && now - lastRunsChanged > runsChangedEveryMs) {
      onRunsChanged(summary.changedRunIds.slice(-unreportedChanges));
      unreportedChanges = 0;
      lastRunsChanged = now;
    }
    if (now - lastReport > progressEveryMs) {
      lastReport = now;
      onProgress(progress(runsDone + 1, false, false));
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  if (!cancelled) {
    const { locations, removedRunIds } = rememberLocations(db, project.id, scan.locations);
    summary.removedRunIds.push(...removedRunIds);
    for (const location of locations) {
      if (isCancelled()) {
        cancelled = true;
        break;
      }
      const status = ingestLocation(db, project, location, summary, { lockWaitMs: options.lockWaitMs ?? defaultLockWaitMs, warnIfLocked: true });
      if (status === 'locked') summary.lockedLocations.push(location.path);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  onProgress(progress(runsDone, true, cancelled));
  const runsFound = (db.prepare('SELECT COUNT(*) AS n FROM runs WHERE project_id = ?').get(project.id) as { n: number }).n;
  return { projectPath: project.path, runsFound, cancelled, ...summary, warnings: listWarnings(db, { projectId: project.id }) };
}

// Reads every run below a project folder into the store: finds run folders,
// ingests each incrementally, and forgets runs whose folder is gone.
import fs from 'node:fs';
import path from 'node:path';
import type { IngestProgress, IngestSummary } from '../../../shared/domain';
import type { Db } from '../store/database';
import { listWarnings } from '../runs/queries';
import { formatBySource, formatOf } from '../sources/formats';
import type { RunFolderFormat } from '../sources/records';
import { ingestRun } from './ingestRun';
import { RunWriter } from './runWriter';
import { scanProject } from './scan';
import { ingestLocation, rememberLocations } from './storeIngest';

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
}

const emptyResult = (): RunFolderResult => ({ changedRunIds: [], removedRunIds: [], pointsAdded: 0, linesSkipped: 0, filesRead: 0 });

/** The format of a folder if it is a run now: the stored one when known, else by looking. */
function currentFormat(db: Db, folder: string): RunFolderFormat | null {
  let names: Set<string>;
  try {
    names = new Set(fs.readdirSync(folder));
  } catch {
    return null;
  }
  const known = db.prepare('SELECT source FROM runs WHERE path = ?').get(folder) as { source: string } | undefined;
  const stored = known ? formatBySource(known.source) : null;
  if (stored?.isRunFolder(folder, names)) return stored;
  return formatOf(folder, names);
}

/** Ingests the given run folders and removes runs at the removed paths (and below). */
export function ingestRunFolders(db: Db, project: ProjectRef, changed: Iterable<string>, removed: Iterable<string> = []): RunFolderResult {
  const writer = new RunWriter(db);
  const result = emptyResult();
  for (const folder of removed) result.removedRunIds.push(...removeRunsAt(db, folder));
  const idOf = db.prepare('SELECT id FROM runs WHERE key = ?');
  for (const folder of changed) {
    const format = currentFormat(db, folder);
    if (!format) {
      result.removedRunIds.push(...removeRunsAt(db, folder, false));
      continue;
    }
    const outcome = ingestRun(writer, project, format, folder);
    result.pointsAdded += outcome.pointsAdded;
    result.linesSkipped += outcome.linesSkipped;
    result.filesRead += outcome.filesRead;
    if (outcome.changed) result.changedRunIds.push((idOf.get(outcome.runKey) as { id: string }).id);
  }
  return result;
}

/** Deletes the runs at `folder` (and, with `below`, inside it); returns their ids. */
export function removeRunsAt(db: Db, folder: string, below = true): string[] {
  const pattern = `${folder.replace(/[\\%_]/g, (c) => `\\${c}`)}${path.sep}%`;
  const rows = (
    below
      ? db.prepare(`SELECT key, id FROM runs WHERE path = ? OR path LIKE ? ESCAPE '\\'`).all(folder, pattern)
      : db.prepare('SELECT key, id FROM runs WHERE path = ?').all(folder)
  ) as { key: number; id: string }[];
  if (rows.length === 0) return [];
  const deleteRun = db.prepare('DELETE FROM runs WHERE key = ?');
  const deleteCursors = db.prepare('DELETE FROM ingest_cursors WHERE run_key = ?');
  db.transaction(() => {
    for (const row of rows) {
      deleteCursors.run(row.key);
      deleteRun.run(row.key);
    }
  })();
  return rows.map((row) => row.id);
}

export interface ProjectIngestOptions {
  onProgress?: (progress: IngestProgress) => void;
  /** Runs changed since the last call, at most about once a second, so a list can fill in while a big project is read. */
  onRunsChanged?: (runIds: string[]) => void;
  /** Asked between runs; true stops the read, keeping every run read so far. */
  isCancelled?: () => boolean;
}

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
  for (const problem of scan.problems) writer.recordWarning(project.id, null, problem.path, problem.message);
  const total = scan.runFolders.length;
  const summary = emptyResult();
  const found = new Set(scan.runFolders.map((run) => run.path));
  const known = db.prepare('SELECT path FROM runs WHERE project_id = ?').all(project.id) as { path: string }[];
  for (const runPath of known.map((row) => row.path).filter((p) => !found.has(p))) {
    summary.removedRunIds.push(...removeRunsAt(db, runPath, false));
  }

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
    const format = formatBySource(scan.runFolders[runsDone].source)!;
    const outcome = ingestRun(writer, project, format, scan.runFolders[runsDone].path);
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
    summary.removedRunIds.push(...rememberLocations(db, project.id, scan.locations));
    for (const location of scan.locations) {
      if (isCancelled()) {
        cancelled = true;
        break;
      }
      ingestLocation(db, project, location, summary);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  onProgress(progress(runsDone, true, cancelled));
  const runsFound = (db.prepare('SELECT COUNT(*) AS n FROM runs WHERE project_id = ?').get(project.id) as { n: number }).n;
  return { projectPath: project.path, runsFound, cancelled, ...summary, warnings: listWarnings(db, { projectId: project.id }) };
}

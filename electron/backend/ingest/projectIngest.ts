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

/**
 * Full pass over a project: scan, ingest every run, drop runs whose folder
 * vanished while nobody watched. Yields to the event loop between runs so a
 * server stays responsive, and reports progress.
 */
export async function ingestProject(
  db: Db,
  project: ProjectRef,
  onProgress: (progress: IngestProgress) => void = () => {},
): Promise<IngestSummary & RunFolderResult> {
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

  let lastReport = 0;
  for (let i = 0; i < total; i++) {
    const format = formatBySource(scan.runFolders[i].source)!;
    const outcome = ingestRun(writer, project, format, scan.runFolders[i].path);
    summary.pointsAdded += outcome.pointsAdded;
    summary.linesSkipped += outcome.linesSkipped;
    summary.filesRead += outcome.filesRead;
    if (outcome.changed) {
      summary.changedRunIds.push((db.prepare('SELECT id FROM runs WHERE key = ?').get(outcome.runKey) as { id: string }).id);
    }
    if (Date.now() - lastReport > 100) {
      lastReport = Date.now();
      onProgress({ projectPath: project.path, filesDone: i + 1, filesTotal: total, done: false });
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  summary.removedRunIds.push(...rememberLocations(db, project.id, scan.locations));
  for (const location of scan.locations) {
    ingestLocation(db, project, location, summary);
    await new Promise((resolve) => setImmediate(resolve));
  }
  onProgress({ projectPath: project.path, filesDone: total, filesTotal: total, done: true });
  const runsFound = (db.prepare('SELECT COUNT(*) AS n FROM runs WHERE project_id = ?').get(project.id) as { n: number }).n;
  return { projectPath: project.path, runsFound, ...summary, warnings: listWarnings(db, { projectId: project.id }) };
}

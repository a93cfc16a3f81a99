// Brings one run's rows in the store up to date with its files, reading only
// what changed since the last time. One transaction per file batch, except
// on a run's first read, which is one transaction: a list read meanwhile (the
// window lists while the ingest worker reads) never shows a run half-read,
// say RUNNING because its end record is not in yet.
import fs from 'node:fs';
import path from 'node:path';
import { settleInferredStatus } from '../runs/liveness';
import type { RunFolderFormat } from '../sources/records';
import type { RunWriter } from './runWriter';

export interface RunIngestOutcome {
  runKey: number;
  changed: boolean;
  pointsAdded: number;
  linesSkipped: number;
  filesRead: number;
}

/**
 * A run's name when its source gives none: its folder's path inside the
 * project (TensorBoard's own naming), without DVCLive's default folder name.
 */
export function runNameFromPath(projectRoot: string, runFolder: string): string {
  let relative = path.relative(projectRoot, runFolder) || path.basename(runFolder);
  if (path.basename(relative) === 'dvclive' && relative !== 'dvclive') relative = path.dirname(relative);
  return relative.split(path.sep).join('/');
}

export function ingestRun(
  writer: RunWriter,
  project: { id: number; path: string },
  format: RunFolderFormat,
  runFolder: string,
): RunIngestOutcome {
  if (writer.hasRun(runFolder)) return readRunFiles(writer, project, format, runFolder);
  return writer.db.transaction(() => readRunFiles(writer, project, format, runFolder))();
}

function readRunFiles(
  writer: RunWriter,
  project: { id: number; path: string },
  format: RunFolderFormat,
  runFolder: string,
): RunIngestOutcome {
  const projectId = project.id;
  const { key: runKey, created } = writer.ensureRun(projectId, format.source, runFolder, runNameFromPath(project.path, runFolder));
  const outcome: RunIngestOutcome = { runKey, changed: created, pointsAdded: 0, linesSkipped: 0, filesRead: 0 };
  const filesSeen = new Set<string>();
  try {
    for (const batch of format.readRun(runFolder, writer)) {
      const result = writer.applyFileBatch(projectId, runKey, batch);
      outcome.pointsAdded += result.pointsAdded;
      outcome.linesSkipped += result.linesSkipped;
      // A batch of only a cursor (a heartbeat) changes nothing the user sees.
      if (batch.records.length > 0) outcome.changed = true;
      if (!filesSeen.has(batch.file)) {
        filesSeen.add(batch.file);
        outcome.filesRead += 1;
      }
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Deleted between listing and reading: the scan or the watcher removes the run.
    if (code !== 'ENOENT' || fs.existsSync(runFolder)) {
      const file = (error as NodeJS.ErrnoException).path ?? runFolder;
      writer.recordWarning(projectId, runKey, file, `could not read: ${(error as Error).message}`);
      outcome.changed = true;
    }
  }
  if (writer.reviveIfAlive(runKey, Date.now())) outcome.changed = true;
  if (settleInferredStatus(writer.db, runKey, format.source, Date.now())) outcome.changed = true;
  return outcome;
}

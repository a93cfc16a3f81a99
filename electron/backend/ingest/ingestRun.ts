// Brings one run's rows in the store up to date with its files, reading only
// what changed since the last time. One transaction per file batch.
import fs from 'node:fs';
import type { RunFolderFormat } from '../sources/records';
import type { RunWriter } from './runWriter';

export interface RunIngestOutcome {
  runKey: number;
  changed: boolean;
  pointsAdded: number;
  linesSkipped: number;
  filesRead: number;
}

export function ingestRun(writer: RunWriter, projectId: number, format: RunFolderFormat, runFolder: string): RunIngestOutcome {
  const { key: runKey, created } = writer.ensureRun(projectId, format.source, runFolder);
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
  return outcome;
}

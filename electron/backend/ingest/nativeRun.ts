// Brings one native run folder's rows in the store up to date with its files,
// reading only what was appended since the last time.
import fs from 'node:fs';
import path from 'node:path';
import { nativeFiles, readNativeEvents, readNativeHeader, readNativeMetrics } from '../sources/native';
import { fileIdentity } from '../sources/lineReader';
import type { ReadBatch } from '../sources/records';
import type { RunWriter } from './runWriter';

export interface RunIngestOutcome {
  /** False when the folder is not (or no longer) a native run. */
  isRun: boolean;
  runKey: number | null;
  changed: boolean;
  pointsAdded: number;
  linesSkipped: number;
  filesRead: number;
}

function statOrNull(file: string): fs.Stats | null {
  try {
    return fs.statSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export function ingestNativeRun(writer: RunWriter, projectId: number, runFolder: string): RunIngestOutcome {
  const outcome: RunIngestOutcome = { isRun: false, runKey: null, changed: false, pointsAdded: 0, linesSkipped: 0, filesRead: 0 };
  const headerFile = path.join(runFolder, nativeFiles.header);
  const headerStat = statOrNull(headerFile);
  if (!headerStat) return outcome;

  const headerCursor = writer.cursorFor(headerFile);
  const identity = fileIdentity(headerStat);
  const headerChanged =
    !headerCursor || headerCursor.inode !== identity.inode || headerCursor.size !== identity.size || headerCursor.mtimeMs !== identity.mtimeMs;
  let runKey: number;
  if (headerChanged) {
    const records = readNativeHeader(headerFile);
    if (!records) return outcome; // someone else's run.json
    const run = writer.ensureRun(projectId, 'native', runFolder);
    runKey = run.key;
    const batch: ReadBatch = {
      records,
      cursor: { path: headerFile, ...identity, byteOffset: identity.size, lineNumber: 0 },
      restarted: false,
    };
    writer.clearWarnings(headerFile);
    writer.applyBatch(projectId, 'native', runKey, headerFile, batch);
    outcome.changed = true;
    outcome.filesRead += 1;
  } else {
    runKey = writer.ensureRun(projectId, 'native', runFolder).key;
  }
  outcome.isRun = true;
  outcome.runKey = runKey;

  const incremental = [
    { file: path.join(runFolder, nativeFiles.metrics), read: readNativeMetrics, onRestart: () => writer.voidRunMetrics(runKey) },
    { file: path.join(runFolder, nativeFiles.events), read: readNativeEvents, onRestart: undefined },
  ];
  for (const { file, read, onRestart } of incremental) {
    let batches: Iterable<ReadBatch>;
    try {
      if (!statOrNull(file)) continue;
      batches = read(file, writer.cursorFor(file));
      let counted = false;
      for (const batch of batches) {
        const result = writer.applyBatch(projectId, 'native', runKey, file, batch, onRestart);
        outcome.pointsAdded += result.pointsAdded;
        outcome.linesSkipped += result.linesSkipped;
        outcome.changed = true;
        if (!counted) outcome.filesRead += 1;
        counted = true;
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') continue; // deleted between listing and reading
      writer.recordWarning(projectId, runKey, file, `could not read ${path.basename(file)}: ${(error as Error).message}`);
      outcome.changed = true;
    }
  }

  const heartbeat = statOrNull(path.join(runFolder, nativeFiles.heartbeat));
  // A heartbeat alone changes nothing the user sees, unless it revives a run.
  if (heartbeat) writer.touchActivity(runKey, heartbeat.mtimeMs);
  if (writer.reviveIfAlive(runKey, Date.now())) outcome.changed = true;
  return outcome;
}

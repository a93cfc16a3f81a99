// Reader of Runlens's own run format (docs/FORMAT.md): run.json written once,
// metrics.jsonl and events.jsonl appended to, a heartbeat file's mtime.
import fs from 'node:fs';
import path from 'node:path';
import { fileIdentity } from '../lineReader';
import { wholeFileChanged, type CursorLookup, type FileBatch, type FileCursor, type ReadBatch, type RunFolderFormat, type RunRecord } from '../records';
import { batchAfterFailure, problemBatch, problemIn, warning } from '../fileProblems';
import { isMissing, problemOf, readTextCapped, statOrNull } from '../safeFile';
import { readHeaderFile } from './header';
import { readNativeEvents, readNativeMetrics } from './lines';

export const nativeFiles = {
  header: 'run.json',
  metrics: 'metrics.jsonl',
  events: 'events.jsonl',
  heartbeat: 'heartbeat',
} as const;

/** Detection reads no more of a run.json than this: the logger writes `format` first. */
const detectBytes = 64 * 1024;


/**
 * A native run folder holds a run.json that says it is one (other tools write
 * run.json files too), read no further than its first 64 KiB. A run.json that
 * cannot be read (a FIFO, a symlink loop) or is not JSON, beside both
 * metrics.jsonl and events.jsonl, is a damaged native run: read, so that its
 * metrics are shown and the damage said.
 */
export function isNativeRunFolder(folder: string, names: ReadonlySet<string>): boolean {
  if (!names.has(nativeFiles.header)) return false;
  // run.json beside metrics.jsonl and events.jsonl is the format's own trio
  // (docs/FORMAT.md): a run of ours whatever its header now says, so that a
  // damaged header is reported instead of hiding the run.
  if (names.has(nativeFiles.metrics) && names.has(nativeFiles.events)) return true;
  try {
    const read = readTextCapped(path.join(folder, nativeFiles.header), detectBytes, { cut: true });
    return /"format"\s*:\s*"runlens\.run"/.test(read.text);
  } catch {
    return false;
  }
}

/**
 * Turns a line file's batches into file batches; a restart first voids the
 * series it fed. A file that is gone yields nothing; one that cannot be read
 * (a FIFO in its place, no permission, a symlink loop) is a warning, reported
 * once, and voids nothing.
 */
function* lineFileBatches(
  file: string,
  cursor: FileCursor | null,
  read: (file: string, cursor: FileCursor | null) => Generator<ReadBatch>,
  voidOnRestart: boolean,
): Generator<FileBatch> {
  const batches = read(file, cursor);
  let last: FileCursor | null = null;
  for (;;) {
    let next: IteratorResult<ReadBatch>;
    try {
      next = batches.next();
    } catch (error) {
      const batch = batchAfterFailure(file, `${path.basename(file)} ${problemOf(error)}`, error, cursor, last);
      if (batch) yield batch;
      return;
    }
    if (next.done) return;
    const batch = next.value;
    const fromStart = last === null && (cursor === null || batch.restarted);
    const records = batch.restarted && voidOnRestart ? [{ kind: 'voidMetrics', keys: 'all' } as RunRecord, ...batch.records] : batch.records;
    yield { file, records, cursor: batch.cursor, fromStart };
    last = batch.cursor;
  }
}

/** run.json's batch when it changed: its header, or a warning saying why there is none (the rest of the run is read all the same). */
function* headerBatches(runFolder: string, file: string, before: FileCursor | null): Generator<FileBatch> {
  const problem = (message: string) => problemBatch(file, `run.json ${message}`, before);
  let stat;
  try {
    stat = statOrNull(file);
  } catch (error) {
    const batch = problem(problemOf(error));
    if (batch) yield batch;
    return;
  }
  if (stat && !wholeFileChanged(before, fileIdentity(stat))) return;
  let read: ReturnType<typeof readHeaderFile> | null = null;
  if (stat) {
    try {
      read = readHeaderFile(file);
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }
  if (!read) {
    // ENOENT of the run folder itself propagates: the run was deleted.
    fs.statSync(runFolder);
    const batch = problem('is missing: the header is not read');
    if (batch) yield batch;
    return;
  }
  if (!read.stat) {
    // Not readable as a file (a FIFO, too large, no permission): looked at again on every read.
    const message = (read.records![0] as Extract<RunRecord, { kind: 'warning' }>).message;
    const batch = problemBatch(file, message, before);
    if (batch) yield batch;
    return;
  }
  const records = read.records ?? [warning('run.json no longer says "format": "runlens.run": not read as this run\'s header')];
  const identity = fileIdentity(read.stat);
  yield { file, records, cursor: { path: file, ...identity, byteOffset: identity.size, lineNumber: 0 }, fromStart: true };
}

export function* readNativeRun(runFolder: string, cursors: CursorLookup): Generator<FileBatch> {
  const headerFile = path.join(runFolder, nativeFiles.header);
  yield* headerBatches(runFolder, headerFile, cursors.cursorFor(headerFile));
  const metricsFile = path.join(runFolder, nativeFiles.metrics);
  yield* lineFileBatches(metricsFile, cursors.cursorFor(metricsFile), readNativeMetrics, true);
  const eventsFile = path.join(runFolder, nativeFiles.events);
  yield* lineFileBatches(eventsFile, cursors.cursorFor(eventsFile), readNativeEvents, false);
  // The heartbeat carries no records (it is never opened); its cursor's mtime is the run's last sign of life.
  const heartbeatFile = path.join(runFolder, nativeFiles.heartbeat);
  let heartbeat;
  try {
    heartbeat = statOrNull(heartbeatFile);
  } catch (error) {
    const batch = problemBatch(heartbeatFile, `heartbeat ${problemOf(error)}`, cursors.cursorFor(heartbeatFile));
    if (batch) yield batch;
    return;
  }
  if (heartbeat) {
    const now = fileIdentity(heartbeat);
    const before = cursors.cursorFor(heartbeatFile);
    if (wholeFileChanged(before, now)) {
      // After a problem (fromStart): its warning no longer holds.
      yield { file: heartbeatFile, records: [], cursor: { path: heartbeatFile, ...now, byteOffset: 0, lineNumber: 0 }, fromStart: problemIn(before) !== null };
    }
  }
}

export const nativeFormat: RunFolderFormat = {
  source: 'native',
  isRunFolder: isNativeRunFolder,
  readRun: readNativeRun,
};

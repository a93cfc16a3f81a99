// TensorBoard run folders: a folder holding `*tfevents*` files (TFRecord
// framed tensorflow.Event protos). Reads each event file in name order from
// its cursor, in bounded memory, and yields scalar points, hyperparameters
// and a header. Between reads it remembers, in each file's cursor state,
// which tags are `scalars` tensors (their metadata comes only once) and
// where a file stopped at a bad record (so the warning is not repeated).
import fs from 'node:fs';
import path from 'node:path';
import { problemBatch, problemCursor, warning } from '../fileProblems';
import { anchorAt, canResume, fileIdentity } from '../lineReader';
import { describeOpenError, isMissing, kindOf, openRegularFile, problemOf, withRegularFile } from '../safeFile';
import {
  type CursorLookup,
  type FileBatch,
  type FileCursor,
  type MetricPoints,
  type RunFolderFormat,
  type RunRecord,
} from '../records';
import { EventDecoder } from './events';
import { RecordReader, RecordStatus, defaultChunkBytes, maxHeldRecordBytes } from './tfrecord';

export interface TensorBoardReadOptions {
  /** Records per batch (each batch is one store transaction). */
  batchRecords?: number;
  /** Bytes read from disk at a time. */
  chunkBytes?: number;
}

/** Records per batch: the store rewrites each key's newest chunk once per batch, so batches are large but bounded. */
export const defaultBatchRecords = 50_000;
/** Points per batch, for writers that put many values in one event (TF1's merged summaries). */
const maxBatchPoints = 200_000;

/** `events.out.tfevents.<time>.<host>[.<pid>.<n>][.v2|.profile-empty]`, and other names writers use. */
export function isEventFileName(name: string): boolean {
  return name.includes('tfevents');
}

export function isTensorBoardRunFolder(_folder: string, names: ReadonlySet<string>): boolean {
  for (const name of names) if (isEventFileName(name)) return true;
  return false;
}

/** What a file's cursor remembers between reads (FileCursor.state, JSON). */
interface FileState {
  /** Tags seen with `scalars` metadata, in this file or the run's earlier ones. */
  scalars: string[];
  /** The file stopped at a record with a bad CRC here, and said so. */
  stoppedAt?: number;
}

export function parseState(state: string | null | undefined): FileState {
  if (!state) return { scalars: [] };
  try {
    const parsed = JSON.parse(state) as Partial<FileState>;
    return {
      scalars: Array.isArray(parsed.scalars) ? parsed.scalars.filter((t): t is string => typeof t === 'string') : [],
      stoppedAt: typeof parsed.stoppedAt === 'number' ? parsed.stoppedAt : undefined,
    };
  } catch {
    return { scalars: [] };
  }
}

/** Collects skipped records so one warning per batch says how many and where. */
class SkippedRecords {
  count = 0;
  private examples: string[] = [];
  constructor(private readonly message: string) {}
  add(recordNumber: number, byteOffset: number, why: string): void {
    this.count += 1;
    if (this.examples.length < 3) this.examples.push(`record ${recordNumber} at byte ${byteOffset}: ${why}`);
  }
  take(): RunRecord | null {
    if (this.count === 0) return null;
    const warning: RunRecord = { kind: 'warning', message: this.message, count: this.count, detail: this.examples.join('; ') };
    this.count = 0;
    this.examples = [];
    return warning;
  }
}

interface EventFile {
  file: string;
  stat: fs.Stats;
  /** The cursor to resume from (null: from the first byte). */
  cursor: FileCursor | null;
  /** The cursor as stored (a problem's cursor, too). */
  stored: FileCursor | null;
}

/** The folder's event files (not its subfolders), in name order; vanished files are left out, and entries that cannot be read (a FIFO, a symlink loop, a dangling link) are `unreadable`, with why. */
export function listEventFiles(runFolder: string): { files: { file: string; stat: fs.Stats }[]; unreadable: { file: string; message: string }[] } {
  const names = fs.readdirSync(runFolder).filter(isEventFileName).sort();
  const files: { file: string; stat: fs.Stats }[] = [];
  const unreadable: { file: string; message: string }[] = [];
  for (const name of names) {
    const file = path.join(runFolder, name);
    try {
      const stat = fs.statSync(file);
      if (stat.isFile()) files.push({ file, stat });
      // A folder named like an event file is not one; anything else where one belongs is said.
      else if (!stat.isDirectory()) unreadable.push({ file, message: `${name} is not a regular file (${kindOf(stat)}): not read` });
    } catch (error) {
      const described = describeOpenError(file, error);
      if (!isMissing(described)) unreadable.push({ file, message: `${name} ${problemOf(described)}` });
    }
  }
  return { files, unreadable };
}

/** Whether the bytes before the cursor's offset are no longer what they were (the file was rewritten in place). */
function anchorChanged(file: string, cursor: FileCursor): boolean {
  if (cursor.byteOffset <= 0 || typeof cursor.anchor !== 'string') return false;
  try {
    return withRegularFile(file, (fd) => anchorAt(fd, cursor.byteOffset) !== cursor.anchor);
  } catch {
    return false; // readEventFile says what is wrong with it
  }
}

type Series = MetricPoints extends Map<string, infer S> ? S : never;

function seriesOf(points: MetricPoints, key: string): Series {
  let series = points.get(key);
  if (!series) {
    series = { steps: [], timestamps: [], values: [] };
    points.set(key, series);
  }
  return series;
}

/** What one readRun shares across the run's files. */
interface RunContext {
  decoder: EventDecoder;
  /** Records for the run's first batch (voidMetrics after a restart). */
  lead: RunRecord[];
  /** The file whose first event gives the run's start time. */
  firstFile: string | null;
  batchRecords: number;
  chunkBytes: number;
}

export function* readTensorBoardRun(runFolder: string, cursors: CursorLookup, options: TensorBoardReadOptions = {}): Generator<FileBatch> {
  const listing = listEventFiles(runFolder);
  for (const entry of listing.unreadable) {
    // Said once; its points read before stand (nothing is voided for a file that cannot be read).
    const batch = problemBatch(entry.file, entry.message, cursors.cursorFor(entry.file));
    if (batch) yield batch;
  }
  const files: EventFile[] = listing.files.map((f) => {
    const stored = cursors.cursorFor(f.file);
    // A cursor at byte 0 that does not fit (a problem's cursor, a file that was empty) fed no series: read afresh.
    const cursor = stored && stored.byteOffset === 0 && !canResume(stored, f.stat) ? null : stored;
    return { ...f, cursor, stored };
  });
  // Points of every file feed the same series, so one replaced, truncated or rewritten file voids them all.
  const changed = (f: EventFile) => f.cursor !== null && (f.cursor.size !== f.stat.size || f.cursor.mtimeMs !== f.stat.mtimeMs);
  const restart = files.some((f) => f.cursor !== null && (!canResume(f.cursor, f.stat) || (changed(f) && anchorChanged(f.file, f.cursor))));
  const scalarTags = new Set<string>();
  if (!restart) for (const f of files) for (const tag of parseState(f.cursor?.state).scalars) scalarTags.add(tag);
  const context: RunContext = {
    decoder: new EventDecoder(scalarTags),
    lead: restart ? [{ kind: 'voidMetrics', keys: 'all' }] : [],
    firstFile: files.length > 0 ? files[0].file : null,
    batchRecords: Math.max(1, options.batchRecords ?? defaultBatchRecords),
    chunkBytes: options.chunkBytes ?? defaultChunkBytes,
  };
  for (const f of files) yield* readEventFile(f.file, restart ? null : f.cursor, f.stored, restart, context);
}

function* readEventFile(file: string, cursor: FileCursor | null, stored: FileCursor | null, restarted: boolean, context: RunContext): Generator<FileBatch> {
  let fd: number;
  let stat: fs.Stats;
  try {
    ({ fd, stat } = openRegularFile(file));
  } catch (error) {
    if (isMissing(error)) return;
    // Swapped for a FIFO since it was listed, no permission: said once, nothing voided.
    const batch = problemBatch(file, `${path.basename(file)} ${problemOf(error)}`, stored);
    if (batch) yield batch;
    return;
  }
  let lastCursor: FileCursor | null = null;
  try {
    // Replaced since it was listed: the next read starts the run over.
    if (cursor && !canResume(cursor, stat)) return;
    const identity = fileIdentity(stat);
    const changed = !cursor || cursor.size !== identity.size || cursor.mtimeMs !== identity.mtimeMs;
    if (!changed && !restarted) return;

    const start = cursor ? cursor.byteOffset : 0;
    const previous = parseState(cursor?.state);
    const stoppedBefore = cursor && previous.stoppedAt === start ? start : null;
    const decoder = context.decoder;
    const reader = new RecordReader(fd, identity.size, start, context.chunkBytes);
    const malformed = new SkippedRecords('events that are not valid Event protos were skipped');
    const large = new SkippedRecords(`records larger than ${maxHeldRecordBytes / 1024 / 1024} MB were skipped`);
    let recordNumber = cursor ? cursor.lineNumber : 0;
    let wantHeader = file === context.firstFile && start === 0;
    let records: RunRecord[] = [];
    let points: MetricPoints = new Map();
    /** The batch's series by the decoder's tag id: saves a Map lookup per point. */
    let seriesById: (Series | undefined)[] = [];
    let inBatch = 0;
    let pointsInBatch = 0;
    let yielded = false;
    let stoppedAt: number | undefined;

    const batch = (): FileBatch => {
      const out: RunRecord[] = [...context.lead, ...records];
      context.lead = [];
      if (points.size > 0) out.push({ kind: 'metrics', points });
      for (const warning of [malformed.take(), large.take()]) if (warning) out.push(warning);
      const state: FileState = { scalars: [...decoder.scalarTags] };
      if (stoppedAt !== undefined) state.stoppedAt = stoppedAt;
      // From the first byte, unless all that happened is finding the same bad record again.
      const fromStart = !yielded && start === 0 && !(stoppedBefore !== null && stoppedAt === stoppedBefore);
      yielded = true;
      records = [];
      points = new Map();
      seriesById = [];
      inBatch = 0;
      pointsInBatch = 0;
      lastCursor = { path: file, ...identity, byteOffset: reader.offset, lineNumber: recordNumber, state: JSON.stringify(state), anchor: anchorAt(fd, reader.offset) };
      return { file, records: out, cursor: lastCursor, fromStart };
    };

    for (;;) {
      const status = reader.next();
      if (status === RecordStatus.Ok) {
        recordNumber += 1;
        inBatch += 1;
        try {
          decoder.decode(reader.buf, reader.dataStart, reader.dataEnd);
        } catch (error) {
          malformed.add(recordNumber, reader.recordOffset, (error as Error).message);
          continue;
        }
        // wall_time 0 is proto3's "not set": no time, as the native reader says of a missing timestamp.
        const timestamp = decoder.wallTime === 0 ? NaN : decoder.wallTime * 1000;
        if (wantHeader) {
          const startTime = Number.isNaN(timestamp) ? null : Math.round(timestamp);
          records.push({ kind: 'header', sourceRunId: null, name: null, experiment: null, startTime, heartbeatIntervalMs: null });
          wantHeader = false;
        }
        const { tags, tagIds, values, step } = decoder;
        for (let i = 0; i < decoder.count; i++) {
          const id = tagIds[i];
          let series = id >= 0 ? seriesById[id] : undefined;
          if (!series) {
            series = seriesOf(points, tags[i]);
            if (id >= 0) seriesById[id] = series;
          }
          series.steps.push(step);
          series.timestamps.push(timestamp);
          series.values.push(values[i]);
        }
        for (const values of decoder.params) records.push({ kind: 'params', values });
        pointsInBatch += decoder.count;
        if (inBatch >= context.batchRecords || pointsInBatch >= maxBatchPoints) yield batch();
      } else if (status === RecordStatus.TooLarge) {
        recordNumber += 1;
        inBatch += 1;
        large.add(recordNumber, reader.recordOffset, `${reader.recordLength} bytes`);
      } else {
        if (status === RecordStatus.ClaimsTooMuch) {
          stoppedAt = reader.recordOffset;
          if (stoppedAt !== stoppedBefore) {
            records.push({
              kind: 'warning',
              message: `record at byte ${stoppedAt} claims ${reader.recordLength} bytes, more than the ${maxHeldRecordBytes / 1024 / 1024} MB a record may hold and more than the file has; the rest of ${path.basename(file)} is not read`,
              count: 1,
              detail: `record ${recordNumber + 1}; nothing is allocated for it (if the file grows to hold it, it is skipped unread)`,
            });
          }
        } else if (status === RecordStatus.BadLengthCrc || status === RecordStatus.BadDataCrc) {
          stoppedAt = reader.recordOffset;
          if (stoppedAt !== stoppedBefore) {
            const which = status === RecordStatus.BadLengthCrc ? 'length' : 'data';
            records.push({
              kind: 'warning',
              message: `bad CRC in record at byte ${stoppedAt}; the rest of ${path.basename(file)} is not read`,
              count: 1,
              detail: `the masked CRC-32C of the record's ${which} does not match (record ${recordNumber + 1})`,
            });
          }
        }
        break; // End, Torn (the writer is mid-record: read it next time), or a bad CRC.
      }
    }
    // Something changed (we returned early otherwise): at least the cursor is worth a batch.
    if (inBatch > 0 || records.length > 0 || !yielded) yield batch();
  } catch (error) {
    // A read failed part-way (EIO): what was yielded stands, the next read resumes after it.
    const message = `${path.basename(file)} ${problemOf(error)}`;
    if (lastCursor || cursor) yield { file, records: [warning(message)], cursor: (lastCursor ?? cursor)!, fromStart: false };
    else yield { file, records: [warning(message)], cursor: problemCursor(file, message), fromStart: true };
  } finally {
    fs.closeSync(fd);
  }
}

export const tensorboardFormat: RunFolderFormat = {
  source: 'tensorboard',
  isRunFolder: isTensorBoardRunFolder,
  runsNest: true,
  readRun: (runFolder, cursors) => readTensorBoardRun(runFolder, cursors),
};

// TensorBoard run folders: a folder holding `*tfevents*` files (TFRecord
// framed tensorflow.Event protos). Reads each event file in name order from
// its cursor, in bounded memory, and yields scalar points, hyperparameters
// and a header. Between reads it remembers, in each file's cursor state,
// which tags are `scalars` tensors (their metadata comes only once) and
// where a file stopped at a bad record (so the warning is not repeated).
import fs from 'node:fs';
import path from 'node:path';
import { canResume, fileIdentity } from '../lineReader';
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
  cursor: FileCursor | null;
}

function isGone(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ELOOP' || code === 'ENOTDIR';
}

/** The folder's event files (not its subfolders), in name order; vanished files and symlink loops are left out. */
export function listEventFiles(runFolder: string): { file: string; stat: fs.Stats }[] {
  const names = fs.readdirSync(runFolder).filter(isEventFileName).sort();
  const files: { file: string; stat: fs.Stats }[] = [];
  for (const name of names) {
    const file = path.join(runFolder, name);
    try {
      const stat = fs.statSync(file);
      if (stat.isFile()) files.push({ file, stat });
    } catch (error) {
      if (!isGone(error)) throw error;
    }
  }
  return files;
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
  const files: EventFile[] = listEventFiles(runFolder).map((f) => ({ ...f, cursor: cursors.cursorFor(f.file) }));
  // Points of every file feed the same series, so one replaced or truncated file voids them all.
  const restart = files.some((f) => f.cursor !== null && !canResume(f.cursor, f.stat));
  const scalarTags = new Set<string>();
  if (!restart) for (const f of files) for (const tag of parseState(f.cursor?.state).scalars) scalarTags.add(tag);
  const context: RunContext = {
    decoder: new EventDecoder(scalarTags),
    lead: restart ? [{ kind: 'voidMetrics', keys: 'all' }] : [],
    firstFile: files.length > 0 ? files[0].file : null,
    batchRecords: Math.max(1, options.batchRecords ?? defaultBatchRecords),
    chunkBytes: options.chunkBytes ?? defaultChunkBytes,
  };
  for (const f of files) yield* readEventFile(f.file, restart ? null : f.cursor, restart, context);
}

function* readEventFile(file: string, cursor: FileCursor | null, restarted: boolean, context: RunContext): Generator<FileBatch> {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    if (isGone(error)) return;
    throw error;
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return;
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
      return {
        file,
        records: out,
        cursor: { path: file, ...identity, byteOffset: reader.offset, lineNumber: recordNumber, state: JSON.stringify(state) },
        fromStart,
      };
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
        if (status === RecordStatus.BadLengthCrc || status === RecordStatus.BadDataCrc) {
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

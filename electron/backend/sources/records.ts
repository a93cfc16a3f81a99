// What every source reader yields: records about one run, in batches, each
// with the cursor of the file it came from. Readers never touch the store;
// ingest/ writes these, one transaction per batch.
import type { RunSource, RunStatus } from '../../../shared/domain';

/** Points of several metrics read from one stretch of a file, column-wise. */
export type MetricPoints = Map<string, { steps: number[]; timestamps: number[]; values: number[] }>;

export type RunRecord =
  | {
      kind: 'header';
      sourceRunId: string | null;
      name: string | null;
      experiment: string | null;
      startTime: number | null;
      heartbeatIntervalMs: number | null;
      /** Deleted in the source (MLflow's lifecycle_stage): hidden unless asked for. */
      deleted?: boolean;
      /** The store the experiment belongs to (an mlruns folder, an MLflow database), where runs share one. */
      experimentLocation?: string;
      /** All of the experiment's tags, where the source has them (MLflow). */
      experimentTags?: Record<string, string>;
    }
  /**
   * `complete`: these are all the run's params (or tags) now, read from one
   * place that holds them all (MLflow's params/ folder, params.yaml): names
   * missing were deleted in the source. Without it, values add to what is known
   * (the native format's events only ever add).
   */
  | { kind: 'params'; values: Record<string, string>; complete?: boolean }
  | { kind: 'tags'; values: Record<string, string>; complete?: boolean }
  | { kind: 'metrics'; points: MetricPoints }
  /** What a file contributed before is void (it was replaced or truncated): drop these series first. */
  | { kind: 'voidMetrics'; keys: string[] | 'all' }
  | { kind: 'artifact'; path: string; size: number }
  | { kind: 'dataset'; name: string; digest: string | null; sourceType: string | null; context: string | null }
  /** The run's status as the source states it (an end record, MLflow's meta.yaml). */
  | { kind: 'status'; status: RunStatus; endTime: number | null; reason: string | null }
  | { kind: 'warning'; message: string; count: number; detail?: string };

/** Where reading a file stopped, and what the file looked like then. */
export interface FileCursor {
  path: string;
  size: number;
  mtimeMs: number;
  inode: string;
  byteOffset: number;
  lineNumber: number;
  /** Reader-specific memory that must survive between reads (JSON), e.g. TensorBoard's per-tag plugin. */
  state?: string | null;
  /**
   * A short hash of the (up to 256) bytes just before `byteOffset`, null at
   * offset 0 (line files, TensorBoard event files). A resume first checks them:
   * different bytes mean the file was rewritten in place (same inode, same or
   * larger size), and it is read again from zero. Undefined: not checked.
   */
  anchor?: string | null;
}

export interface ReadBatch {
  records: RunRecord[];
  cursor: FileCursor;
  /** The file was replaced or truncated: what was read from it before is void. */
  restarted: boolean;
}

/** One batch from one file of a run, ready to be stored with its cursor. */
export interface FileBatch {
  file: string;
  records: RunRecord[];
  cursor: FileCursor;
  /** Read from the file's first byte: warnings kept about the file before are void. */
  fromStart: boolean;
}

export interface CursorLookup {
  cursorFor(file: string): FileCursor | null;
}

/**
 * A format whose runs are folders (native, MLflow file store, TensorBoard,
 * DVCLive). `readRun` yields only what changed since the cursors, and is
 * pure apart from reading files: it is tested on files alone.
 */
export interface RunFolderFormat {
  source: RunSource;
  /** Whether `folder`, whose entry names are given, is one run of this format. */
  isRunFolder(folder: string, names: ReadonlySet<string>): boolean;
  /** Whether the scan should still look for runs inside a run folder of this format. */
  runsNest?: boolean;
  /** The run's name from its folder's path in the project (`/`-separated), when the format names runs its own way. */
  runName?: (relativePath: string) => string;
  readRun(runFolder: string, cursors: CursorLookup): Iterable<FileBatch>;
}

export function addPoint(points: MetricPoints, key: string, step: number, timestamp: number, value: number): void {
  let series = points.get(key);
  if (!series) {
    series = { steps: [], timestamps: [], values: [] };
    points.set(key, series);
  }
  series.steps.push(step);
  series.timestamps.push(timestamp);
  series.values.push(value);
}

/** Whether a file changed since its cursor (size, mtime or identity), for files read whole. */
export function wholeFileChanged(cursor: FileCursor | null, now: { size: number; mtimeMs: number; inode: string }): boolean {
  return !cursor || cursor.inode !== now.inode || cursor.size !== now.size || cursor.mtimeMs !== now.mtimeMs;
}

/** A model in a model registry as its source lists it (MLflow's file store or SQLite store). */
export interface RegistryModel {
  name: string;
  description: string | null;
  createdTime: number | null;
  updatedTime: number | null;
  tags: Record<string, string>;
  /** Alias to version number (MLflow 2.3+ aliases such as "champion"). */
  aliases: Record<string, number>;
  versions: RegistryModelVersion[];
}

export interface RegistryModelVersion {
  version: number;
  /** MLflow's stage words: None, Staging, Production, Archived. */
  stage: string | null;
  status: string | null;
  /** Where the model files are (runs:/…, a path, an s3:// URI). */
  sourceUri: string | null;
  /** The source's own run id (MLflow run_uuid) the version came from. */
  sourceRunId: string | null;
  description: string | null;
  createdTime: number | null;
  updatedTime: number | null;
  tags: Record<string, string>;
}

/**
 * A batch from a store that holds many runs in one file (MLflow's SQLite
 * store): records per run, keyed by the source's run id, plus the reader's
 * state to resume from (kept in the file's cursor).
 */
export interface StoreBatch {
  runs: Map<string, RunRecord[]>;
  state: string;
}

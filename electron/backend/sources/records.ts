// What every source reader yields: records about one run, in batches, with the
// cursor to resume from. Readers never touch the store; ingest/ writes these.
import type { RunStatus } from '../../../shared/domain';

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
    }
  | { kind: 'params'; values: Record<string, string> }
  | { kind: 'tags'; values: Record<string, string> }
  | { kind: 'metrics'; points: MetricPoints }
  | { kind: 'artifact'; path: string; size: number }
  | { kind: 'end'; status: RunStatus; endTime: number | null; error: string | null }
  | { kind: 'warning'; message: string; count: number; detail?: string };

/** Where reading a file stopped, and what the file looked like then. */
export interface FileCursor {
  path: string;
  size: number;
  mtimeMs: number;
  inode: string;
  byteOffset: number;
  lineNumber: number;
}

export interface ReadBatch {
  records: RunRecord[];
  cursor: FileCursor;
  /** The file was replaced or truncated: what was read from it before is void. */
  restarted: boolean;
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

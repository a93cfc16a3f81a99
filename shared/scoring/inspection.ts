// A model as the scoring views open it, and a scoring job's progress.
import type { OnnxModelInfo } from './model';

/** A model to score: a file (or an MLflow model folder) the user named, or a run's artifact. */
export type ModelSource = { kind: 'file'; path: string } | { kind: 'artifact'; runId: string; artifactPath: string };

export interface ModelInspection {
  source: ModelSource;
  /** The .onnx file scored; null when the source holds none. */
  file: string | null;
  size: number | null;
  info: OnnxModelInfo | null;
  /** One sentence saying why Runlens cannot score it, or null when it can. */
  unscorable: string | null;
}

export interface ScoringProgress {
  jobId: number;
  rows: number;
  rowsPerSecond: number;
  bytesRead: number;
  totalBytes: number;
  /** Set once the job ended. */
  status: 'running' | 'finished' | 'failed' | 'cancelled';
  error: string | null;
}

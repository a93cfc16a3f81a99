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
  /**
   * A 2-D input's feature order and where it came from (the MLflow signature,
   * the model's feature_names metadata, or the order the user confirmed once);
   * null when the model takes one input per column or names no order yet.
   */
  featureOrder: FeatureOrder | null;
}

export const featureOrderSources = ['signature', 'metadata', 'remembered'] as const;
export interface FeatureOrder {
  features: string[];
  source: (typeof featureOrderSources)[number];
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

export interface ImportanceProgress {
  jobId: number;
  /** Features whose permutations are scored (the baseline counts as none). */
  featuresDone: number;
  featureCount: number;
  /** Set once the job ended. */
  status: 'running' | 'finished' | 'failed' | 'cancelled';
  error: string | null;
}

/** The what-if form's answer: the predicted class and the class probabilities per row. */
export interface WhatIfPrediction {
  classLabels: string[];
  rows: { label: string; probabilities: number[] }[];
}

/** A reference dataset for the what-if form: each column's range or categories, and rows to start from. */
export interface DatasetSummary {
  path: string;
  columns: ({ name: string; kind: 'number'; min: number; max: number; mean: number } | { name: string; kind: 'category'; values: string[] } | { name: string; kind: 'text' })[];
  /** The first rows, as text, to pick a reference row from. */
  rows: string[][];
  /** Rows the ranges were taken from (the file may hold more). */
  rowsRead: number;
}

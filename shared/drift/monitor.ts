// What a drift comparison and a drift monitor are, as the backend stores and
// serves them and the renderer and the CLI show them. A monitor is the user's
// (owned tables, never rebuilt by a re-read); its batches are results cached
// per batch so that reopening shows the history at once and only new batches
// are computed.
import type { ColumnType } from './columnTypes';
import type { DatasetDrift } from './defaultTest';
import type { DriftMethod, DriftResult } from './stattests';

export const driftMethods = ['ks', 'chisquare', 'z', 'wasserstein', 'jensenshannon', 'psi'] as const satisfies readonly DriftMethod[];
export const batchPeriods = ['day', 'week', 'month'] as const;
export type BatchPeriod = (typeof batchPeriods)[number];
export const performanceMetrics = ['accuracy', 'roc_auc', 'f1'] as const;
export type PerformanceMetric = (typeof performanceMetrics)[number];
export type DriftColumnType = Exclude<ColumnType, 'text'>;

/** The user's choice for one column; what is left out is inferred or Evidently's default. */
export interface ColumnSetting {
  type?: DriftColumnType;
  method?: DriftMethod;
  threshold?: number;
  /** Left out of drift (an id, a timestamp). */
  ignore?: boolean;
}

export interface CompareSettings {
  columns?: Record<string, ColumnSetting>;
  /** The dataset drifts at a share of drifted columns >= this (0.5). */
  driftShare?: number;
}

/** One column's result: the test's result with the column and its type. */
export interface ColumnDriftRecord extends DriftResult {
  column: string;
  type: DriftColumnType;
  /** How a doubtful column was read (mostly numbers with some text; a numerical test forced on text), when it was. */
  note?: string;
}

/** A column that was not compared, and why ("text column", "missing in current", "no values in reference"…). */
export interface NotCompared {
  column: string;
  reason: string;
}

export interface SideSummary {
  /** Rows on this side (missing cells included). */
  rows: number;
  missing: number;
  /** missing / rows; NaN with no rows. */
  missingShare: number;
  /** Numerical columns: the 0, 5, 25, 50, 75, 95 and 100 % quantiles (linear, as numpy's default); null for categorical or with no values. */
  quantiles: { q: number; value: number }[] | null;
}

export interface CategoryShare {
  value: string;
  /** Shares of the non-missing cells on each side (0 when absent). */
  reference: number;
  current: number;
  status: 'both' | 'new' | 'vanished';
}

/** Both sides of one column, for the per-column view. */
export interface ColumnDistribution {
  column: string;
  type: DriftColumnType;
  reference: SideSummary;
  current: SideSummary;
  /** Numerical: shared equal-width bins over both sides; shares of non-missing values per bin. */
  bins: { edges: number[]; reference: number[]; current: number[] } | null;
  /** Categorical: the 50 most frequent categories over both sides, then the rest as one "(other)" entry. */
  categories: CategoryShare[] | null;
}

/** A comparison of two datasets (the CLI's `runlens drift`, one monitor batch). */
export interface DriftReport {
  dataset: DatasetDrift;
  /** Sorted by drift score: drifted first, then the most drifted (smallest p-value / largest distance). */
  columns: ColumnDriftRecord[];
  notCompared: NotCompared[];
  distributions: ColumnDistribution[];
}

/** Performance values; NaN where undefined (one class only in a batch's labels, no rows). */
export type PerformanceValues = Record<PerformanceMetric, number>;

/** CBPE's estimate for a batch: calibrated expected values, and a band of ±3 sampling standard errors. */
export interface EstimatedPerformance {
  values: PerformanceValues;
  lower: PerformanceValues;
  upper: PerformanceValues;
}

export type MonitorReference = { kind: 'file'; path: string } | { kind: 'registryVersion'; model: string; version: number };
export type MonitorCurrent = { kind: 'folder'; path: string } | { kind: 'files'; paths: string[] };
export type MonitorModel = { kind: 'file'; path: string } | { kind: 'registryVersion'; model: string; version: number };
export type BatchBy = { kind: 'file' } | { kind: 'period'; column: string; period: BatchPeriod };

export interface AlertSettings {
  /** A batch whose dataset drifts (share >= driftShare). */
  dataset: boolean;
  /** A batch in which a column drifts that did not in the batch before. */
  columns: boolean;
  /** A measured or estimated metric below the reference's by more than this (absolute); null: off. */
  performanceDrop: number | null;
}

export interface MonitorSettings {
  batchBy: BatchBy;
  driftShare: number;
  columns: Record<string, ColumnSetting>;
  /** The label column; null: guessed from the reference's columns (target, label, y…). */
  labelColumn: string | null;
  alerts: AlertSettings;
}

export const defaultMonitorSettings: MonitorSettings = {
  batchBy: { kind: 'file' },
  driftShare: 0.5,
  columns: {},
  labelColumn: null,
  alerts: { dataset: true, columns: true, performanceDrop: 0.1 },
};

export type MonitorState = 'idle' | 'running' | 'error';

export interface DriftMonitor {
  id: number;
  name: string;
  reference: MonitorReference;
  current: MonitorCurrent;
  model: MonitorModel | null;
  settings: MonitorSettings;
  createdAt: number;
  updatedAt: number;
  /** Batches computed so far. */
  batches: number;
  /** The newest batch's start (a period's first day, a file's modification time), or null. */
  lastBatchAt: number | null;
  /** Alerts not yet seen: the badge. */
  unseenAlerts: number;
  state: MonitorState;
  /** Why the last run failed (reference unreadable, model missing), or null. */
  error: string | null;
}

export interface DriftBatch {
  /** Stable within the monitor: the file's path relative to the folder, or the period's first day (`2026-01-05`). */
  key: string;
  /** For people: the file's name, or `2026-01-05`, `week of 2026-01-05`, `2026-01`. */
  label: string;
  /** Epoch ms: the period's start, or the file's modification time. */
  startAt: number;
  rows: number;
  /** Malformed lines skipped (a wrong field count), and the first few line numbers. */
  skippedLines: number;
  skippedExamples: number[];
  /** Notes for this batch: another delimiter, a BOM, columns missing, an empty batch. */
  problems: string[];
  /** Null when the batch could not be read (`error` says why). */
  report: Omit<DriftReport, 'distributions'> | null;
  /** Drift of the model's score (P(positive) for two classes, the predicted class otherwise), when a model is set. */
  prediction: ColumnDriftRecord | null;
  /** Measured on the batch's labels; null when it has none. */
  performance: PerformanceValues | null;
  labeledRows: number;
  /** CBPE's estimate (two-class models), for every batch scored; null without a model or for more classes. */
  estimate: EstimatedPerformance | null;
  computedAt: number;
  error: string | null;
}

export type DriftAlertKind = 'dataset' | 'column' | 'performance';

export interface DriftAlert {
  id: number;
  monitorId: number;
  monitorName: string;
  batchKey: string;
  batchLabel: string;
  kind: DriftAlertKind;
  /** The column for a column alert, the metric for a performance alert. */
  subject: string | null;
  message: string;
  at: number;
  seenAt: number | null;
}

export interface MonitorDetail {
  monitor: DriftMonitor;
  /** Rows in the reference, and its columns' names. */
  referenceRows: number;
  referenceColumns: string[];
  /** The model's performance on the reference (which has labels), or null. */
  referencePerformance: PerformanceValues | null;
  /** The label column used (settings' or guessed), or null. */
  labelColumn: string | null;
  /** Oldest first. */
  batches: DriftBatch[];
  /** Newest first. */
  alerts: DriftAlert[];
  /** What the estimate assumes, in words for the chart; null with no estimate. */
  estimateAssumptions: string | null;
}

/** One batch with its distributions, for the per-column view. */
export interface BatchDetail {
  batch: DriftBatch;
  distributions: ColumnDistribution[];
  /** The model's score on both sides, when a model is set. */
  prediction: ColumnDistribution | null;
}

export interface DriftProgress {
  monitorId: number;
  /** Batches done and to do in this run. */
  done: number;
  total: number;
  /** The batch being computed, or null between them. */
  batch: string | null;
  phase: 'reference' | 'batches' | 'done' | 'cancelled' | 'failed';
  error?: string;
}

// Where a run's predictions are and how their columns are read: the prediction
// sets a run offers the evaluation views, the column mapping the user confirms
// once (kept in Runlens's own table), and DVCLive's plots as they were logged.

/** Which columns hold what. Scores are probabilities per class, or one column for the positive class. */
export interface ColumnMapping {
  label: string;
  /** One column per class, or a single column holding the positive class's score. */
  scores: string[];
  /** The class each score column belongs to (same order as `scores`); for a single column, the positive class. */
  scoreClasses: string[];
  /** The positive class of a binary problem (null: multiclass, or guessed from the labels). */
  positive: string | null;
}

export type PredictionSetOrigin =
  /** Written by the Python logger's log_predictions: the mapping is in its manifest. */
  | 'logged'
  /** A CSV, TSV, JSON-lines or Parquet artifact of the run: its mapping is the user's (or a guess waiting to be confirmed). */
  | 'artifact';

export interface PredictionSet {
  /** The table's artifact path, relative to the run folder (its key). */
  path: string;
  origin: PredictionSetOrigin;
  /** The split it was logged for (`test`), or the file's name. */
  name: string;
  /** The mapping in use: the manifest's, or the one the user confirmed; null until confirmed. */
  mapping: ColumnMapping | null;
  /** The rows the manifest says it has (logged sets). */
  rows: number | null;
  size: number | null;
}

/** What the mapping dialog shows: the header, a few rows and a guess. */
export interface PredictionColumns {
  path: string;
  columns: string[];
  sample: string[][];
  guess: ColumnMapping | null;
  /** Why a column was not taken as a score although its name looks like one (it holds labels, not probabilities). */
  rejected: { column: string; reason: string }[];
  /** Distinct labels seen in the sample's label column (guessed), for the positive-class picker. */
  labels: string[];
}

/** DVCLive's plots/sklearn files, as logged: points, not predictions. */
export type LoggedPlot =
  | { kind: 'roc'; path: string; points: { fpr: number; tpr: number; threshold: number }[] }
  | { kind: 'precision_recall'; path: string; points: { precision: number; recall: number; threshold: number }[] }
  | { kind: 'calibration'; path: string; points: { meanPredicted: number; fractionPositive: number }[] }
  | { kind: 'confusion_matrix'; path: string; labels: string[]; counts: number[][] }
  | { kind: 'unreadable'; path: string; message: string };

export interface RunPredictions {
  sets: PredictionSet[];
  loggedPlots: LoggedPlot[];
}

/** The rows behind one cell of the confusion matrix, with their extra columns. */
export interface PredictionRows {
  columns: string[];
  /** The row's line in the file (the header is line 1) and its values. */
  rows: { line: number; values: string[] }[];
  total: number;
}

/** Loading a large file: how far the read got. */
/** Which table: a run's artifact, or a scoring job's output (exactly one of runId and jobId). */
export type PredictionSetKey = { runId: string; jobId?: undefined; path: string } | { runId?: undefined; jobId: number; path: string };

export function samePredictionSet(a: PredictionSetKey, b: PredictionSetKey): boolean {
  return a.runId === b.runId && a.jobId === b.jobId && a.path === b.path;
}

export type EvaluationProgress = PredictionSetKey & {
  bytesRead: number;
  totalBytes: number;
  rowsRead: number;
};

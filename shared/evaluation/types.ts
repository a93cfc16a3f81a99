// What the evaluation views, the backend and `runlens eval` say about a
// classifier's predictions. The math (shared/evaluation/*.ts) computes these
// from predictions; the backend sends them over either transport (plain
// arrays, no typed arrays: JSON has none), and the renderer moves the
// threshold over the cumulative table without asking the backend again.

/**
 * The metrics table, declared once: the name is the CLI's JSON field, the
 * label is what the views show. `atThreshold` metrics depend on the operating
 * point (binary) or on the arg-max prediction (multiclass).
 */
export const evaluationMetrics = [
  { name: 'accuracy', label: 'Accuracy', atThreshold: true },
  { name: 'balanced_accuracy', label: 'Balanced accuracy', atThreshold: true },
  { name: 'precision', label: 'Precision', atThreshold: true },
  { name: 'recall', label: 'Recall', atThreshold: true },
  { name: 'f1', label: 'F1', atThreshold: true },
  { name: 'roc_auc', label: 'ROC AUC', atThreshold: false },
  { name: 'average_precision', label: 'Average precision', atThreshold: false },
  { name: 'log_loss', label: 'Log loss', atThreshold: false },
  { name: 'brier', label: 'Brier score', atThreshold: false },
  { name: 'kappa', label: "Cohen's kappa", atThreshold: true },
  { name: 'mcc', label: 'Matthews correlation', atThreshold: true },
] as const;
export type EvaluationMetricName = (typeof evaluationMetrics)[number]['name'];

/** A metric's value, or why it has none (never a silent 0). */
export type MetricValue = { value: number } | { value: null; reason: string };
export type MetricTable = Record<EvaluationMetricName, MetricValue>;

/**
 * One binary problem's scores sorted once, highest first, collapsed to one
 * entry per distinct score: everything that depends on the threshold (the
 * matrix, the metrics at a threshold, the point on each curve, calibration,
 * histograms, gain, lift, cost) is read from it. A row is predicted positive
 * when its score is >= the threshold.
 */
export interface CumulativeTable {
  /** Distinct scores, strictly decreasing (±Infinity allowed, never NaN). */
  thresholds: number[];
  /** Positives with score >= thresholds[i] (non-decreasing). */
  truePositives: number[];
  /** Negatives with score >= thresholds[i] (non-decreasing). */
  falsePositives: number[];
  positives: number;
  negatives: number;
  /**
   * How many distinct scores the rows had. Equal to thresholds.length unless
   * the table was thinned to a cap; the counts stay exact at every kept threshold.
   */
  distinctScores: number;
}

/** The four counts at one operating point. */
export interface BinaryCounts {
  truePositives: number;
  falsePositives: number;
  trueNegatives: number;
  falseNegatives: number;
}

/** A curve as drawn: parallel arrays. `thresholds[i]` is the score at which point i is reached. */
export interface RocCurve {
  falsePositiveRate: number[];
  truePositiveRate: number[];
  /** Starts at +Infinity (no row predicted positive), as scikit-learn >= 1.3. */
  thresholds: number[];
}
export interface PrecisionRecallCurve {
  /** Increasing recall order reversed as scikit-learn returns it: recall decreasing, ending at (recall 0, precision 1). */
  precision: number[];
  recall: number[];
  /** One fewer than the points: the last point (recall 0, precision 1) has none. */
  thresholds: number[];
}

export type CalibrationStrategy = 'uniform' | 'quantile';
export interface CalibrationBin {
  /** The bin's edges (the last bin includes its upper edge). */
  start: number;
  end: number;
  /** Mean score of the bin's rows (scikit-learn's prob_pred). */
  meanPredicted: number;
  /** Fraction of the bin's rows that are positive (scikit-learn's prob_true). */
  fractionPositive: number;
  count: number;
}

export interface HistogramBin {
  start: number;
  end: number;
  /** Rows in the bin per true class: [negatives, positives] for a binary problem. */
  counts: number[];
}

export interface GainPoint {
  /** Fraction of rows taken, highest scores first. */
  population: number;
  /** Fraction of all positives among them. */
  gain: number;
  /** gain / population (NaN at population 0). */
  lift: number;
  threshold: number;
}

export interface CostSettings {
  falsePositiveCost: number;
  falseNegativeCost: number;
  /** Optional benefit of a true positive (subtracted from the cost). */
  truePositiveBenefit: number;
}
export interface CostPoint {
  threshold: number;
  /** Mean cost per row at this threshold. */
  cost: number;
}

/** Per-group rates at one threshold, as Fairlearn's MetricFrame computes them. */
export interface GroupRow {
  group: string;
  size: number;
  selectionRate: number;
  truePositiveRate: number;
  falsePositiveRate: number;
  precision: number;
  accuracy: number;
  /** selectionRate / the highest group's selectionRate. */
  disparateImpact: number;
  /** disparateImpact < 0.8: the four-fifths rule is not met. */
  failsFourFifths: boolean;
}
export interface FairnessSummary {
  groups: GroupRow[];
  /** max - min of the groups' selection rates. */
  demographicParityDifference: number;
  /** min / max of the groups' selection rates. */
  demographicParityRatio: number;
  /** The larger of the TPR and FPR differences (max - min across groups). */
  equalizedOddsDifference: number;
  /** The smaller of the TPR and FPR ratios (min / max across groups). */
  equalizedOddsRatio: number;
}

/** One group's rows, for the fairness table: its own cumulative table. */
export interface GroupTable {
  group: string;
  table: CumulativeTable;
}

export interface ClassRow {
  label: string;
  precision: MetricValue;
  recall: MetricValue;
  f1: MetricValue;
  support: number;
  rocAuc: MetricValue;
  averagePrecision: MetricValue;
}

export type ConfusionNormalization = 'none' | 'true' | 'pred' | 'all';
export type ClassOrder = 'name' | 'support' | 'clustered';

/** What was wrong with the input, said once, shown on the view and printed by the CLI. */
export interface EvaluationNotice {
  level: 'warning' | 'error';
  message: string;
}

interface EvaluationCommon {
  /** Class labels as strings, in the score columns' order. */
  classes: string[];
  /** Rows used (after dropping NaN scores and unreadable lines). */
  rows: number;
  /** Rows left out because a score was NaN. */
  nanScoreRows: number;
  /** Lines that could not be read (malformed), skipped and counted. */
  skippedLines: number;
  /** Metrics that do not depend on the threshold (ROC AUC, AP, log loss, Brier), computed on every row. */
  metrics: MetricTable;
  notices: EvaluationNotice[];
  /** Extra columns with few enough distinct values to group by (fairness), with how many each has. */
  groupColumns: { name: string; distinct: number }[];
}

export interface BinaryEvaluation extends EvaluationCommon {
  kind: 'binary';
  /** [negative, positive]. */
  classes: string[];
  positiveClass: string;
  table: CumulativeTable;
}

export interface MulticlassEvaluation extends EvaluationCommon {
  kind: 'multiclass';
  /** confusion[true][predicted], prediction by arg-max. */
  confusion: number[][];
  perClass: ClassRow[];
  /** Macro, weighted and micro averages of precision, recall and F1. */
  averages: Record<'macro' | 'weighted' | 'micro', { precision: MetricValue; recall: MetricValue; f1: MetricValue }>;
  /** One-vs-rest table per class (in `classes` order), thinned for drawing. */
  oneVsRest: CumulativeTable[];
  /** All classes' one-vs-rest rows pooled (micro average), thinned for drawing. */
  micro: CumulativeTable;
  /** ROC AUC per averaging, as scikit-learn's roc_auc_score(multi_class='ovr'). */
  rocAuc: Record<'macro' | 'weighted' | 'micro', MetricValue>;
}

export type Evaluation = BinaryEvaluation | MulticlassEvaluation;

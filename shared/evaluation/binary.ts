// A binary problem's evaluation: the cumulative table the views read, and the
// metrics table (threshold-free metrics on every row, the others at 0.5).
import { countsAt, cumulativeTable } from './cumulative';
import { averagePrecision, rocAuc } from './curves';
import { binaryBrier, binaryLogLoss, multiclassLogLoss } from './probabilityMetrics';
import { metricsAtCounts } from './thresholdMetrics';
import type { CumulativeTable, MetricTable } from './types';

/** The threshold the metrics table reports hard-prediction metrics at; the views move it. */
export const defaultThreshold = 0.5;

/**
 * Evaluates one positive-class score per row (isPositive 1/0). ROC AUC,
 * average precision, log loss and Brier use every row with a score; accuracy,
 * precision, recall, F1, kappa and MCC are taken at score >= 0.5.
 * `probabilities`, when the file has one column per class, are those columns
 * in [negative, positive] order: log loss then uses both columns (scikit-learn
 * renormalises rows that do not sum to 1); otherwise it uses the positive
 * score alone. Brier always uses the positive score. NaN scores are skipped.
 * O(n log n).
 * Example: evaluateBinaryScores(new Uint8Array([1, 0]), new Float64Array([0.8, 0.4])).metrics.roc_auc -> { value: 1 }
 */
export function evaluateBinaryScores(
  isPositive: Uint8Array,
  positiveScore: Float64Array,
  probabilities?: Float64Array[],
): { table: CumulativeTable; metrics: MetricTable } {
  if (probabilities && probabilities.length !== 2) {
    throw new RangeError(`evaluateBinaryScores: ${probabilities.length} probability columns; a binary problem has 2 ([negative, positive])`);
  }
  const table = cumulativeTable(isPositive, positiveScore);
  const metrics: MetricTable = {
    ...metricsAtCounts(countsAt(table, defaultThreshold)),
    roc_auc: rocAuc(table),
    average_precision: averagePrecision(table),
    log_loss: probabilities ? multiclassLogLoss(isPositive, probabilities) : binaryLogLoss(isPositive, positiveScore),
    brier: binaryBrier(isPositive, positiveScore),
  };
  return { table, metrics };
}

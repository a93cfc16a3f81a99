// A binary model's measured performance on a batch that has labels: accuracy
// and F1 at score >= 0.5 and ROC AUC, from shared/evaluation (which matches
// scikit-learn), with NaN where a metric is undefined.
import { countsAt, cumulativeTable, defaultThreshold, metricsAtCounts, rocAuc, type MetricValue } from '../evaluation';
import type { PerformanceValues } from './monitor';

const valueOf = (metric: MetricValue): number => metric.value ?? NaN;

/** Every metric NaN: no rows, or nothing to measure. */
export const NO_PERFORMANCE: Readonly<PerformanceValues> = Object.freeze({ accuracy: NaN, roc_auc: NaN, f1: NaN });

/**
 * Accuracy and F1 of `score >= 0.5` and ROC AUC of the score against the labels
 * (non-zero = positive); equals sklearn.metrics.accuracy_score, f1_score and
 * roc_auc_score where those are defined. Rows with a NaN score are skipped. NaN: no
 * rows (all three), one class only (ROC AUC), no row positive or predicted positive
 * (F1, where scikit-learn warns and gives 0). O(n log n).
 * Example: measuredPerformance(Uint8Array.of(1, 0), Float64Array.of(0.8, 0.4)) -> { accuracy: 1, roc_auc: 1, f1: 1 }
 */
export function measuredPerformance(isPositive: Uint8Array, positiveScore: Float64Array): PerformanceValues {
  const n = Math.min(isPositive.length, positiveScore.length); // unequal lengths: the common rows, never a throw
  const table = cumulativeTable(isPositive.subarray(0, n), positiveScore.subarray(0, n));
  if (table.positives + table.negatives === 0) return { ...NO_PERFORMANCE };
  const metrics = metricsAtCounts(countsAt(table, defaultThreshold));
  return { accuracy: valueOf(metrics.accuracy), roc_auc: valueOf(rocAuc(table)), f1: valueOf(metrics.f1) };
}

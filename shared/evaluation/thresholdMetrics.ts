// The metrics of hard predictions: from the 2×2 counts at a threshold, or from
// a multiclass confusion matrix (arg-max predictions). Each equals its
// scikit-learn 1.2.1 function where that is defined; where scikit-learn warns
// and substitutes 0 (zero_division), the metric is null with the reason.
import { cohenKappa, matthewsCorrelation } from './agreement';
import { binaryConfusion } from './confusion';
import type { BinaryCounts, MetricTable, MetricValue } from './types';

export type ThresholdMetrics = Pick<MetricTable, 'accuracy' | 'balanced_accuracy' | 'precision' | 'recall' | 'f1' | 'kappa' | 'mcc'>;

const undefinedMetric = (reason: string): MetricValue => ({ value: null, reason });

/**
 * F1 from precision and recall, scikit-learn 1.2.1's formula 2PR / (P + R)
 * with an ill-defined P or R taken as 0 and 0 / 0 as 0. Callers report null
 * only when no row is positive or predicted positive (tp + fp + fn = 0), the
 * one case where scikit-learn's f1_score warns.
 */
function fScore(precision: number, recall: number): number {
  const denominator = precision + recall;
  return (2 * precision * recall) / (denominator === 0 ? 1 : denominator);
}

/**
 * Binary metrics at one operating point, from its counts:
 * accuracy (TP+TN)/n; balanced accuracy, the mean recall of the classes that
 * have rows; precision TP/(TP+FP); recall TP/(TP+FN); F1; Cohen's kappa;
 * Matthews correlation.
 * Equals sklearn.metrics.{accuracy_score, balanced_accuracy_score,
 * precision_score, recall_score, f1_score, cohen_kappa_score,
 * matthews_corrcoef}(y, score >= t) where scikit-learn does not warn. O(1).
 * Example: metricsAtCounts({ truePositives: 3, falsePositives: 1, trueNegatives: 2, falseNegatives: 0 }).precision -> { value: 0.75 }
 */
export function metricsAtCounts(counts: BinaryCounts): ThresholdMetrics {
  const { truePositives: tp, falsePositives: fp, trueNegatives: tn, falseNegatives: fn } = counts;
  const rows = tp + fp + tn + fn;
  if (rows <= 0) {
    const none = undefinedMetric('there are no rows');
    return { accuracy: none, balanced_accuracy: none, precision: none, recall: none, f1: none, kappa: none, mcc: none };
  }
  const positives = tp + fn;
  const negatives = tn + fp;
  const predictedPositive = tp + fp;
  const recalls: number[] = [];
  if (negatives > 0) recalls.push(tn / negatives);
  if (positives > 0) recalls.push(tp / positives);
  const precision = predictedPositive > 0 ? tp / predictedPositive : 0;
  const recall = positives > 0 ? tp / positives : 0;
  const matrix = binaryConfusion(counts);
  return {
    accuracy: { value: (tp + tn) / rows },
    balanced_accuracy: { value: recalls.reduce((sum, value) => sum + value, 0) / recalls.length },
    precision: predictedPositive > 0 ? { value: precision } : undefinedMetric('no row is predicted positive at this threshold'),
    recall: positives > 0 ? { value: recall } : undefinedMetric('there are no positive rows'),
    f1: tp + fp + fn > 0 ? { value: fScore(precision, recall) } : undefinedMetric('no row is positive or predicted positive at this threshold'),
    kappa: cohenKappa(matrix),
    mcc: matthewsCorrelation(matrix),
  };
}

export interface ClassMetrics {
  precision: MetricValue;
  recall: MetricValue;
  f1: MetricValue;
  /** Rows whose true class this is. */
  support: number;
}
export interface AveragedMetrics {
  precision: MetricValue;
  recall: MetricValue;
  f1: MetricValue;
}
export interface MulticlassMetrics {
  accuracy: MetricValue;
  balanced_accuracy: MetricValue;
  kappa: MetricValue;
  mcc: MetricValue;
  averages: Record<'macro' | 'weighted' | 'micro', AveragedMetrics>;
  /** In the matrix's class order. */
  perClass: ClassMetrics[];
  /** What scikit-learn would warn about: classes counted as 0 in, or left out of, the averages. */
  notices: string[];
}

interface ClassTotals {
  correct: number[];
  predicted: number[];
  support: number[];
  total: number;
}

function classTotals(confusion: number[][]): ClassTotals {
  const size = confusion.length;
  const totals: ClassTotals = { correct: [], predicted: new Array<number>(size).fill(0), support: [], total: 0 };
  for (let i = 0; i < size; i++) {
    totals.correct.push(confusion[i][i]);
    totals.support.push(confusion[i].reduce((sum, count) => sum + count, 0));
    for (let j = 0; j < size; j++) totals.predicted[j] += confusion[i][j];
    totals.total += totals.support[i];
  }
  return totals;
}

/**
 * Per-class precision, recall, F1 and support; their macro, weighted and
 * micro averages; accuracy, balanced accuracy, kappa and MCC, from
 * confusion[true][predicted]. As scikit-learn with its default labels, the
 * averages run over the classes that are true or predicted at least once; a
 * class never predicted counts 0 precision in them (said in `notices`) while
 * its own row says null. `classes` only names classes in the reasons.
 * Equals sklearn.metrics.precision_recall_fscore_support(y, pred, average=…),
 * balanced_accuracy_score, cohen_kappa_score, matthews_corrcoef. O(k²).
 * Example: multiclassMetricsFromConfusion([[2, 0], [1, 1]]).averages.micro.precision -> { value: 0.75 }
 */
export function multiclassMetricsFromConfusion(confusion: number[][], classes?: string[]): MulticlassMetrics {
  const { correct, predicted, support, total } = classTotals(confusion);
  const name = (k: number): string => classes?.[k] ?? `class ${k}`;
  const perClass = correct.map((tp, k): ClassMetrics => classMetrics(tp, predicted[k], support[k], name(k)));
  const included = correct.map((_, k) => k).filter((k) => support[k] > 0 || predicted[k] > 0);
  const notices = averagingNotices(correct.length, included, predicted, support, name);
  if (total <= 0 || included.length === 0) {
    const none = undefinedMetric('there are no rows');
    const averaged = { precision: none, recall: none, f1: none };
    return { accuracy: none, balanced_accuracy: none, kappa: none, mcc: none, averages: { macro: averaged, weighted: averaged, micro: averaged }, perClass, notices };
  }
  // Undefined per-class values count as 0 in the averages, as scikit-learn's zero_division=0.
  const precisions = included.map((k) => (predicted[k] > 0 ? correct[k] / predicted[k] : 0));
  const recalls = included.map((k) => (support[k] > 0 ? correct[k] / support[k] : 0));
  const fScores = included.map((_, x) => fScore(precisions[x], recalls[x]));
  const weights = included.map((k) => support[k]);
  const correctTotal = included.reduce((sum, k) => sum + correct[k], 0);
  const microPrecision = correctTotal / included.reduce((sum, k) => sum + predicted[k], 0);
  const microRecall = correctTotal / included.reduce((sum, k) => sum + support[k], 0);
  const withSupport = included.filter((k) => support[k] > 0).map((k) => correct[k] / support[k]);
  return {
    accuracy: { value: correct.reduce((sum, count) => sum + count, 0) / total },
    balanced_accuracy: { value: mean(withSupport) },
    kappa: cohenKappa(confusion),
    mcc: matthewsCorrelation(confusion),
    averages: {
      macro: { precision: { value: mean(precisions) }, recall: { value: mean(recalls) }, f1: { value: mean(fScores) } },
      weighted: {
        precision: { value: weightedMean(precisions, weights) },
        recall: { value: weightedMean(recalls, weights) },
        f1: { value: weightedMean(fScores, weights) },
      },
      micro: { precision: { value: microPrecision }, recall: { value: microRecall }, f1: { value: fScore(microPrecision, microRecall) } },
    },
    perClass,
    notices,
  };
}

function classMetrics(tp: number, predicted: number, support: number, label: string): ClassMetrics {
  const precision = predicted > 0 ? tp / predicted : 0;
  const recall = support > 0 ? tp / support : 0;
  return {
    precision: predicted > 0 ? { value: precision } : undefinedMetric(`no row is predicted ${label}`),
    recall: support > 0 ? { value: recall } : undefinedMetric(`no row is ${label}`),
    f1: support > 0 || predicted > 0 ? { value: fScore(precision, recall) } : undefinedMetric(`no row is ${label} or predicted ${label}`),
    support,
  };
}

function averagingNotices(size: number, included: number[], predicted: number[], support: number[], name: (k: number) => string): string[] {
  const notices: string[] = [];
  const isIncluded = new Set(included);
  for (let k = 0; k < size; k++) {
    if (!isIncluded.has(k)) {
      notices.push(`${name(k)} has no rows and is never predicted; it is left out of the averages, as scikit-learn does.`);
    } else if (predicted[k] === 0) {
      notices.push(`No row is predicted ${name(k)}: its precision is undefined and counts as 0 in the macro and weighted averages, as scikit-learn does.`);
    } else if (support[k] === 0) {
      notices.push(`No row is ${name(k)}, yet some are predicted as it: its recall is undefined and counts as 0 in the macro average, as scikit-learn does.`);
    }
  }
  return notices;
}

function mean(values: number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function weightedMean(values: number[], weights: number[]): number {
  let sum = 0;
  let weightSum = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i] * weights[i];
    weightSum += weights[i];
  }
  return sum / weightSum;
}

// A multiclass problem's evaluation: arg-max predictions and their confusion
// matrix, per-class and averaged metrics, and one-vs-rest tables per class and
// pooled (micro), whose areas are computed before they are thinned for drawing.
import { confusionMatrix } from './confusion';
import { cumulativeTable, thinTable } from './cumulative';
import { averagePrecision, rocAuc } from './curves';
import { multiclassBrier, multiclassLogLoss } from './probabilityMetrics';
import { multiclassMetricsFromConfusion } from './thresholdMetrics';
import type { ClassRow, CumulativeTable, MetricValue, MulticlassEvaluation } from './types';

/** What evaluateMulticlassScores returns: the evaluation without what only the reader knows. */
export type MulticlassScoresEvaluation = Omit<MulticlassEvaluation, 'rows' | 'nanScoreRows' | 'skippedLines' | 'notices' | 'groupColumns'> & {
  notices: string[];
};

/**
 * Each row's predicted class: the column with the highest score, the first on
 * ties, as np.argmax (a NaN score wins, as in numpy: the caller removes them). O(n·k).
 * Example: argMaxPredictions([[0.5, 0.1], [0.5, 0.9]]) -> Int32Array [0, 1]
 */
export function argMaxPredictions(scores: ArrayLike<number>[]): Int32Array {
  const rows = scores.length > 0 ? scores[0].length : 0;
  const predicted = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    let best = 0;
    let bestScore = scores[0][i];
    for (let k = 1; k < scores.length && !Number.isNaN(bestScore); k++) {
      const score = scores[k][i];
      if (score > bestScore || Number.isNaN(score)) {
        best = k;
        bestScore = score;
      }
    }
    predicted[i] = best;
  }
  return predicted;
}

/**
 * Evaluates one score column per class (yTrue: class index per row).
 * Equals, with scikit-learn 1.2.1: confusion_matrix(y, P.argmax(1)),
 * precision_recall_fscore_support(average=None | 'macro' | 'weighted' |
 * 'micro'), roc_auc_score(y, P, multi_class='ovr', average='macro' |
 * 'weighted'), roc_auc_score(label_binarize(y), P, average='micro'),
 * average_precision_score(label_binarize(y), P, average='macro'), log_loss,
 * and the multiclass Brier score. Deviations: a class without rows has an
 * undefined one-vs-rest AUC and AP, and then the macro and weighted AUC and
 * the macro AP are null with the reason (scikit-learn raises for the AUC and
 * counts the AP as 0); rows that do not sum to 1 are evaluated anyway
 * (scikit-learn's multiclass AUC refuses them; see rowsNotSummingToOne).
 * The metrics table holds the macro averages. O(n·k·log(n·k)).
 */
export function evaluateMulticlassScores(
  yTrue: Int32Array,
  scores: Float64Array[],
  classes: string[],
  options: { maxTableEntries: number },
): MulticlassScoresEvaluation {
  if (scores.length !== classes.length) throw new RangeError(`evaluateMulticlassScores: ${scores.length} score columns for ${classes.length} classes`);
  const confusion = confusionMatrix(yTrue, argMaxPredictions(scores), classes.length);
  const summary = multiclassMetricsFromConfusion(confusion, classes);
  const tables = scores.map((column, k) => cumulativeTable(yTrue.map((actual) => (actual === k ? 1 : 0)), column));
  const classAucs = tables.map((table, k) => perClass(rocAuc(table), classes[k]));
  const classPrecisions = tables.map((table, k) => perClass(averagePrecision(table), classes[k]));
  const micro = pooledTable(yTrue, scores);
  const perClassRows: ClassRow[] = summary.perClass.map((row, k) => ({ label: classes[k], ...row, rocAuc: classAucs[k], averagePrecision: classPrecisions[k] }));
  const support = summary.perClass.map((row) => row.support);
  const rocAucByAverage = {
    macro: averageOf(classAucs, null, 'ROC AUC', classes),
    weighted: averageOf(classAucs, support, 'ROC AUC', classes),
    micro: rocAuc(micro),
  };
  return {
    kind: 'multiclass',
    classes,
    confusion,
    perClass: perClassRows,
    averages: summary.averages,
    oneVsRest: tables.map((table) => thinTable(table, options.maxTableEntries)),
    micro: thinTable(micro, options.maxTableEntries),
    rocAuc: rocAucByAverage,
    metrics: {
      accuracy: summary.accuracy,
      balanced_accuracy: summary.balanced_accuracy,
      precision: summary.averages.macro.precision,
      recall: summary.averages.macro.recall,
      f1: summary.averages.macro.f1,
      roc_auc: rocAucByAverage.macro,
      average_precision: averageOf(classPrecisions, null, 'average precision', classes),
      log_loss: multiclassLogLoss(yTrue, scores),
      brier: multiclassBrier(yTrue, scores),
      kappa: summary.kappa,
      mcc: summary.mcc,
    },
    notices: summary.notices,
  };
}

function perClass(metric: MetricValue, label: string): MetricValue {
  return metric.value === null ? { value: null, reason: `${label} vs rest: ${metric.reason}` } : metric;
}

/** Every class's one-vs-rest rows pooled: label_binarize(y).ravel() against P.ravel(). */
function pooledTable(yTrue: Int32Array, scores: Float64Array[]): CumulativeTable {
  const rows = yTrue.length;
  const isPositive = new Uint8Array(rows * scores.length);
  const pooled = new Float64Array(rows * scores.length);
  scores.forEach((column, k) => {
    pooled.set(column.subarray(0, rows), k * rows);
    for (let i = 0; i < rows; i++) if (yTrue[i] === k) isPositive[k * rows + i] = 1;
  });
  return cumulativeTable(isPositive, pooled);
}

/** The mean (weights null) or support-weighted mean; null with the reason when any class's value is undefined. */
function averageOf(values: MetricValue[], weights: number[] | null, metric: string, classes: string[]): MetricValue {
  const missing = classes.filter((_, k) => values[k].value === null);
  if (missing.length > 0) {
    return { value: null, reason: `${metric} is undefined for ${missing.join(', ')} (no row of that class, or every row), so its average is too` };
  }
  let sum = 0;
  let weightSum = 0;
  values.forEach((value, k) => {
    const weight = weights ? weights[k] : 1;
    sum += (value.value as number) * weight;
    weightSum += weight;
  });
  return { value: sum / weightSum };
}

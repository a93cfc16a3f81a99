// Chance-corrected agreement between true and predicted classes, from a
// confusion matrix (confusion[true][predicted]), for two classes or many.
import type { MetricValue } from './types';

function rowAndColumnSums(confusion: number[][]): { rows: number[]; columns: number[]; total: number; diagonal: number } {
  const size = confusion.length;
  const rows = new Array<number>(size).fill(0);
  const columns = new Array<number>(size).fill(0);
  let total = 0;
  let diagonal = 0;
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      const count = confusion[i][j];
      rows[i] += count;
      columns[j] += count;
      total += count;
    }
    diagonal += confusion[i][i];
  }
  return { rows, columns, total, diagonal };
}

/**
 * Cohen's kappa, unweighted: 1 - observed disagreement / disagreement expected
 * by chance (from the row and column totals). Undefined when chance agreement
 * is 1, i.e. every row is of one class and predicted as it (scikit-learn
 * returns NaN with a RuntimeWarning), or when there are no rows.
 * Equals sklearn.metrics.cohen_kappa_score(y_true, y_pred). O(k²).
 * Example: cohenKappa([[2, 1], [0, 3]]) -> { value: 0.666… }
 */
export function cohenKappa(confusion: number[][]): MetricValue {
  const { rows, columns, total, diagonal } = rowAndColumnSums(confusion);
  if (total <= 0) return { value: null, reason: "there are no rows; Cohen's kappa is undefined" };
  let expected = 0;
  for (let i = 0; i < columns.length; i++) {
    for (let j = 0; j < rows.length; j++) if (i !== j) expected += (columns[i] * rows[j]) / total;
  }
  if (expected === 0) {
    return { value: null, reason: "every row is of one class and predicted as it: chance agreement is 1, so Cohen's kappa is undefined" };
  }
  return { value: 1 - (total - diagonal) / expected };
}

/**
 * Matthews correlation coefficient, in its multiclass form (Gorodkin 2004):
 * (c·n - t·p) / sqrt((n² - p·p)(n² - t·t)) with t the true and p the
 * predicted class totals, c the correct rows, n all rows. Undefined when every
 * row is of one class or every row is predicted as one class (scikit-learn
 * returns 0 there without a warning; a 0 would read as "no better than chance").
 * Equals sklearn.metrics.matthews_corrcoef(y_true, y_pred) where defined. O(k²).
 * Example: matthewsCorrelation([[2, 1], [0, 3]]) -> { value: 0.707… }
 */
export function matthewsCorrelation(confusion: number[][]): MetricValue {
  const { rows, columns, total, diagonal } = rowAndColumnSums(confusion);
  if (total <= 0) return { value: null, reason: 'there are no rows; the Matthews correlation is undefined' };
  let truePredicted = 0;
  let predictedPredicted = 0;
  let trueTrue = 0;
  for (let i = 0; i < rows.length; i++) {
    truePredicted += rows[i] * columns[i];
    predictedPredicted += columns[i] * columns[i];
    trueTrue += rows[i] * rows[i];
  }
  const covariance = diagonal * total - truePredicted;
  const predictedVariance = total * total - predictedPredicted;
  const trueVariance = total * total - trueTrue;
  if (predictedVariance * trueVariance === 0) {
    const which = trueVariance === 0 ? 'every row is of one class' : 'every row is predicted as one class';
    return { value: null, reason: `${which}; the Matthews correlation is undefined` };
  }
  return { value: covariance / Math.sqrt(trueVariance * predictedVariance) };
}

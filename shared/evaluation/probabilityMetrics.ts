// Scores judged as probabilities: log loss and the Brier score. Rows with a
// NaN score are skipped (the caller normally removed them already).
import type { MetricValue } from './types';

/** np.finfo(np.float64).eps: scikit-learn 1.2's eps="auto" for float64 scores. */
const epsilon = 2 ** -52;

function clip(probability: number): number {
  return probability < epsilon ? epsilon : probability > 1 - epsilon ? 1 - epsilon : probability;
}

const noRows: MetricValue = { value: null, reason: 'there are no rows with scores' };

/**
 * Log loss of one positive-class score per row: the mean of -log p for
 * positives and -log (1 - p) for negatives, p clipped to [eps, 1 - eps] and
 * then renormalised over the two classes exactly as scikit-learn does it.
 * Scores outside [0, 1] are clipped, not refused (scikit-learn 1.2 does the same).
 * Equals sklearn.metrics.log_loss(y, p, labels=[0, 1]) (1.2.1). O(n).
 * Example: binaryLogLoss([1, 0], [0.8, 0.4]) -> { value: (-log 0.8 - log 0.6) / 2 }
 */
export function binaryLogLoss(isPositive: ArrayLike<number>, positiveScore: ArrayLike<number>): MetricValue {
  let sum = 0;
  let rows = 0;
  for (let i = 0; i < positiveScore.length; i++) {
    if (Number.isNaN(positiveScore[i])) continue;
    const p = clip(positiveScore[i]);
    const total = 1 - p + p;
    sum -= Math.log((isPositive[i] ? p : 1 - p) / total);
    rows++;
  }
  return rows > 0 ? { value: sum / rows } : noRows;
}

/**
 * Log loss with one score column per class: each score clipped to
 * [eps, 1 - eps], each row divided by its sum (so rows that do not sum to 1
 * are rescaled, as scikit-learn 1.2.1 does; see rowsNotSummingToOne), then
 * the mean of -log of the true class's share. Throws a RangeError for a class
 * index outside the columns. Rows with any NaN score are skipped.
 * Equals sklearn.metrics.log_loss(y, P, labels=range(k)) (1.2.1). O(n·k).
 * Example: multiclassLogLoss([0, 1], [[0.5, 0.2], [0.5, 0.8]]) -> { value: (-log 0.5 - log 0.8) / 2 }
 */
export function multiclassLogLoss(yTrue: ArrayLike<number>, scores: ArrayLike<number>[]): MetricValue {
  let sum = 0;
  let rows = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const actual = checkedClass(yTrue[i], scores.length, i);
    let total = 0;
    for (const column of scores) total += clip(column[i]);
    if (Number.isNaN(total)) continue;
    sum -= Math.log(clip(scores[actual][i]) / total);
    rows++;
  }
  return rows > 0 ? { value: sum / rows } : noRows;
}

function checkedClass(actual: number, classCount: number, row: number): number {
  if (!(actual >= 0 && actual < classCount && Number.isInteger(actual))) {
    throw new RangeError(`row ${row} has class ${actual}, outside 0..${classCount - 1}`);
  }
  return actual;
}

const notProbabilities: MetricValue = {
  value: null,
  reason: 'some scores are outside [0, 1], so they are not probabilities and the Brier score is undefined',
};

/**
 * Brier score: the mean of (y - p)^2 with y 1 for positives. Undefined when a
 * score is outside [0, 1] (scikit-learn raises).
 * Equals sklearn.metrics.brier_score_loss(y, p). O(n).
 * Example: binaryBrier([1, 0], [0.8, 0.4]) -> { value: (0.04 + 0.16) / 2 }
 */
export function binaryBrier(isPositive: ArrayLike<number>, positiveScore: ArrayLike<number>): MetricValue {
  let sum = 0;
  let rows = 0;
  for (let i = 0; i < positiveScore.length; i++) {
    const p = positiveScore[i];
    if (Number.isNaN(p)) continue;
    if (p < 0 || p > 1) return notProbabilities;
    const difference = (isPositive[i] ? 1 : 0) - p;
    sum += difference * difference;
    rows++;
  }
  return rows > 0 ? { value: sum / rows } : noRows;
}

/**
 * Multiclass Brier score: the mean over rows of the sum over classes of
 * (p - 1[class is the true one])^2, scikit-learn 1.7's definition (1.2.1 has
 * only the binary one; the reference is np.mean(np.sum((P - Y) ** 2, axis=1))).
 * It ranges over [0, 2]; for two classes it is twice the binary score.
 * Undefined when a score is outside [0, 1]. Rows with any NaN score are skipped. O(n·k).
 * Example: multiclassBrier([0], [[0.75], [0.25]]) -> { value: 0.125 }
 */
export function multiclassBrier(yTrue: ArrayLike<number>, scores: ArrayLike<number>[]): MetricValue {
  let sum = 0;
  let rows = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const actual = checkedClass(yTrue[i], scores.length, i);
    let rowSum = 0;
    for (let k = 0; k < scores.length; k++) {
      const p = scores[k][i];
      if (p < 0 || p > 1) return notProbabilities;
      const difference = p - (k === actual ? 1 : 0);
      rowSum += difference * difference;
    }
    if (Number.isNaN(rowSum)) continue;
    sum += rowSum;
    rows++;
  }
  return rows > 0 ? { value: sum / rows } : noRows;
}

/**
 * How many rows' scores (one column per class) do not sum to 1 within 1e-6,
 * so the caller can warn that log loss rescaled them and that scikit-learn's
 * multiclass ROC AUC would refuse them. Rows with a NaN score are not counted. O(n·k).
 * Example: rowsNotSummingToOne([[0.5, 0.65], [0.5, 0.65]]) -> 1
 */
export function rowsNotSummingToOne(scores: ArrayLike<number>[]): number {
  const rows = scores.length > 0 ? scores[0].length : 0;
  let count = 0;
  for (let i = 0; i < rows; i++) {
    let total = 0;
    for (const column of scores) total += column[i];
    if (Math.abs(total - 1) > 1e-6) count++;
  }
  return count;
}

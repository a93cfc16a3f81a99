// ROC and precision-recall curves and their areas, read from the cumulative
// table, point for point as scikit-learn returns them; and the indices of a
// curve worth drawing. Areas always come from the full table, never from the
// drawn points.
import { m4Indices } from '../math/m4';
import { rocCorners } from './cumulative';
import { numberArray } from './numberArray';
import type { CumulativeTable, MetricValue, PrecisionRecallCurve, RocCurve } from './types';

/**
 * The ROC curve: one point per distinct score plus the origin, whose
 * threshold is +Infinity (no row predicted positive), as scikit-learn >= 1.3
 * (1.2 writes max score + 1 there). `dropIntermediate` (default true) drops
 * the points on a straight line between their neighbours, with scikit-learn's
 * rule. Rates are NaN when there are no negatives (fpr) or no positives (tpr),
 * where scikit-learn warns.
 * Equals sklearn.metrics.roc_curve(y, score, drop_intermediate=…). O(n).
 * Example: the table of scores [0.9, 0.4, 0.4], labels [1, 0, 1] ->
 *   { falsePositiveRate: [0, 0, 1], truePositiveRate: [0, 0.5, 1], thresholds: [Infinity, 0.9, 0.4] }
 */
export function rocCurve(table: CumulativeTable, options: { dropIntermediate?: boolean } = {}): RocCurve {
  const { truePositives, falsePositives, thresholds, positives, negatives } = table;
  const length = thresholds.length;
  const keep = (options.dropIntermediate ?? true) && length > 2 ? rocCorners(table) : null;
  let points = 1;
  if (keep) for (let i = 0; i < length; i++) points += keep[i];
  else points += length;
  const falsePositiveRate = numberArray(points);
  const truePositiveRate = numberArray(points);
  const curveThresholds = numberArray(points);
  // scikit-learn divides by fps[-1] and tps[-1], the same as these totals.
  const noNegatives = negatives <= 0;
  const noPositives = positives <= 0;
  falsePositiveRate[0] = noNegatives ? NaN : 0;
  truePositiveRate[0] = noPositives ? NaN : 0;
  curveThresholds[0] = Infinity;
  let point = 1;
  for (let i = 0; i < length; i++) {
    if (keep && !keep[i]) continue;
    falsePositiveRate[point] = noNegatives ? NaN : falsePositives[i] / negatives;
    truePositiveRate[point] = noPositives ? NaN : truePositives[i] / positives;
    curveThresholds[point] = thresholds[i];
    point++;
  }
  return { falsePositiveRate, truePositiveRate, thresholds: curveThresholds };
}

/**
 * Area under the ROC curve by the trapezoid rule over every distinct score
 * (pass the full table, not a thinned one). Undefined when only one class is
 * present, where scikit-learn raises. The sum is kept in whole counts, so it
 * is exact up to 2^53 (about 10^8 rows) and rounded once.
 * Equals sklearn.metrics.roc_auc_score(y, score). O(n).
 * Example: the table above -> { value: 0.75 }
 */
export function rocAuc(table: CumulativeTable): MetricValue {
  const { truePositives, falsePositives, positives, negatives } = table;
  if (positives <= 0 || negatives <= 0) {
    return { value: null, reason: `only one class is present (${positives} positive, ${negatives} negative rows); ROC AUC is undefined` };
  }
  let twiceArea = 0;
  let previousTruePositives = 0;
  let previousFalsePositives = 0;
  for (let i = 0; i < truePositives.length; i++) {
    twiceArea += (falsePositives[i] - previousFalsePositives) * (truePositives[i] + previousTruePositives);
    previousTruePositives = truePositives[i];
    previousFalsePositives = falsePositives[i];
  }
  return { value: twiceArea / (2 * positives * negatives) };
}

/**
 * The precision-recall curve in scikit-learn 1.2's order: recall decreasing,
 * then a final point (recall 0, precision 1) with no threshold; thresholds
 * ascending. Precision is 0 where nothing is predicted positive; recall is 1
 * everywhere when there are no positives (scikit-learn warns).
 * Equals sklearn.metrics.precision_recall_curve(y, score). O(n).
 * Example: the table above -> { precision: [2/3, 1, 1], recall: [1, 0.5, 0], thresholds: [0.4, 0.9] }
 */
export function precisionRecallCurve(table: CumulativeTable): PrecisionRecallCurve {
  const { truePositives, falsePositives, thresholds, positives } = table;
  const length = thresholds.length;
  const precision = numberArray(length + 1);
  const recall = numberArray(length + 1);
  const ascending = numberArray(length);
  for (let k = 0; k < length; k++) {
    const i = length - 1 - k;
    const predicted = truePositives[i] + falsePositives[i];
    precision[k] = predicted === 0 ? 0 : truePositives[i] / predicted;
    recall[k] = positives <= 0 ? 1 : truePositives[i] / positives;
    ascending[k] = thresholds[i];
  }
  precision[length] = 1;
  recall[length] = 0;
  return { precision, recall, thresholds: ascending };
}

/**
 * Average precision, the step-wise (not interpolated) area under the
 * precision-recall curve: the sum over thresholds of (R_n - R_{n-1}) P_n.
 * Undefined without positives (scikit-learn warns and returns 0).
 * Equals sklearn.metrics.average_precision_score(y, score). O(n).
 * Example: the table above -> { value: 0.5 * 1 + 0.5 * 2/3 } (5/6)
 */
export function averagePrecision(table: CumulativeTable): MetricValue {
  const { truePositives, falsePositives, positives } = table;
  if (positives <= 0) return { value: null, reason: 'there are no positive rows; average precision is undefined' };
  let sum = 0;
  // Lowest threshold first, as scikit-learn sums it.
  for (let i = truePositives.length - 1; i >= 0; i--) {
    const previous = i > 0 ? truePositives[i - 1] / positives : 0;
    const gained = truePositives[i] / positives - previous;
    if (gained !== 0) sum += gained * (truePositives[i] / (truePositives[i] + falsePositives[i]));
  }
  return { value: sum };
}

/**
 * Indices of a curve's points worth drawing, ascending, at most `maxPoints`
 * (>= 4), always the first and last. M4 (shared/math/m4.ts) over the distance
 * walked along the curve, each axis scaled to its range: vertical and
 * horizontal stretches of a ROC get columns in proportion to their length,
 * and a precision-recall curve's sawtooth keeps its highs and lows. x may run
 * either way (ROC ascending, PR descending). Non-finite values add no
 * distance. O(n).
 * Example: downsampleCurve(roc.falsePositiveRate, roc.truePositiveRate, 1000)
 */
export function downsampleCurve(x: ArrayLike<number>, y: ArrayLike<number>, maxPoints: number): number[] {
  const n = Math.min(x.length, y.length);
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => i);
  const xSpan = finiteSpan(x, n);
  const ySpan = finiteSpan(y, n);
  const along = new Float64Array(n);
  for (let i = 1; i < n; i++) along[i] = along[i - 1] + step(x, i, xSpan) + step(y, i, ySpan);
  if (!(along[n - 1] > 0)) for (let i = 0; i < n; i++) along[i] = i;
  // A monotone curve's column minimum and maximum are its first and last
  // points, so M4 keeps about half its budget: try twice the columns first.
  const fine = m4Indices(along, y, maxPoints * 2);
  return fine.length <= maxPoints ? fine : m4Indices(along, y, maxPoints);
}

function finiteSpan(values: ArrayLike<number>, n: number): number {
  let low = Infinity;
  let high = -Infinity;
  for (let i = 0; i < n; i++) {
    const value = values[i];
    if (!Number.isFinite(value)) continue;
    if (value < low) low = value;
    if (value > high) high = value;
  }
  return high > low ? high - low : 0;
}

function step(values: ArrayLike<number>, i: number, span: number): number {
  if (span === 0) return 0;
  const distance = Math.abs(values[i] - values[i - 1]) / span;
  return Number.isFinite(distance) ? distance : 0;
}

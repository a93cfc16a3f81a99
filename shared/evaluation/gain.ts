// Cumulative gain and lift: how many of the positives the highest-scored
// rows hold, against taking rows at random.
import type { CumulativeTable, GainPoint } from './types';

/**
 * The origin (nothing taken, threshold +Infinity) and one point per distinct
 * score: population = rows with score >= threshold / all rows, gain =
 * positives among them / all positives (NaN without positives), lift =
 * gain / population (NaN at population 0).
 * Reference: np.r_[0, (fps + tps) / n] and np.r_[0, tps / tps[-1]] from
 * scikit-learn's _binary_clf_curve. O(d).
 * Example: scores [0.9, 0.4], labels [1, 0] -> [{ population: 0, gain: 0, lift: NaN, threshold: Infinity }, { population: 0.5, gain: 1, lift: 2, threshold: 0.9 }, { population: 1, gain: 1, lift: 1, threshold: 0.4 }]
 */
export function gainCurve(table: CumulativeTable): GainPoint[] {
  const rows = table.positives + table.negatives;
  const points: GainPoint[] = [{ population: 0, gain: 0, lift: NaN, threshold: Infinity }];
  for (let i = 0; i < table.thresholds.length; i++) {
    const population = (table.truePositives[i] + table.falsePositives[i]) / rows;
    const gain = table.truePositives[i] / table.positives;
    points.push({ population, gain, lift: gain / population, threshold: table.thresholds[i] });
  }
  return points;
}

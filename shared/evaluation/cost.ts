// What each operating point costs, given what a false positive, a false
// negative and a true positive are worth to the user.
import type { CostPoint, CostSettings, CumulativeTable } from './types';

/**
 * Mean cost per row at every distinct score, after a first point at
 * +Infinity where nothing is predicted positive (even when some scores are
 * +Infinity themselves): (FP·falsePositiveCost + FN·falseNegativeCost −
 * TP·truePositiveBenefit) / n. NaN costs when the table has no rows. O(d).
 * Example: scores [0.9, 0.4], labels [1, 0], costs 1 / 5 / 0 -> [{ Infinity, 2.5 }, { 0.9, 0 }, { 0.4, 0.5 }]
 */
export function costCurve(table: CumulativeTable, settings: CostSettings): CostPoint[] {
  const points: CostPoint[] = [{ threshold: Infinity, cost: costOf(table, 0, 0, settings) }];
  for (let i = 0; i < table.thresholds.length; i++) {
    points.push({ threshold: table.thresholds[i], cost: costOf(table, table.truePositives[i], table.falsePositives[i], settings) });
  }
  return points;
}

function costOf(table: CumulativeTable, truePositives: number, falsePositives: number, settings: CostSettings): number {
  const rows = table.positives + table.negatives;
  const falseNegatives = table.positives - truePositives;
  return (falsePositives * settings.falsePositiveCost + falseNegatives * settings.falseNegativeCost - truePositives * settings.truePositiveBenefit) / rows;
}

/**
 * The cheapest point of costCurve, with its index in that array; among equal
 * costs, the highest threshold (fewest rows predicted positive). O(d), no allocation.
 * Example: the table above -> { threshold: 0.9, cost: 0, index: 1 }
 */
export function cheapestOperatingPoint(table: CumulativeTable, settings: CostSettings): CostPoint & { index: number } {
  let best = { threshold: Infinity, cost: costOf(table, 0, 0, settings), index: 0 };
  for (let i = 0; i < table.thresholds.length; i++) {
    const cost = costOf(table, table.truePositives[i], table.falsePositives[i], settings);
    if (cost < best.cost) best = { threshold: table.thresholds[i], cost, index: i + 1 };
  }
  return best;
}

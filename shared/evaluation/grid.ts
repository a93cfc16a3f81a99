// Bin edges computed the way numpy computes them, so that a score equal to an
// edge falls in the same bin as in the scikit-learn and numpy references.
import type { CumulativeTable } from './types';

/**
 * `count` evenly spaced values from start to stop inclusive, bit for bit as
 * np.linspace(start, stop, count): i * ((stop - start) / (count - 1)) + start,
 * with the last value set to stop exactly.
 * Example: linspace(0, 1, 11)[3] -> 0.30000000000000004 (as numpy)
 */
export function linspace(start: number, stop: number, count: number): number[] {
  if (count <= 0) return [];
  if (count === 1) return [start];
  const step = (stop - start) / (count - 1);
  const values = Array.from({ length: count }, (_, i) => i * step + start);
  values[count - 1] = stop;
  return values;
}

/** Rows (positives + negatives) scoring at least thresholds[i]. */
export function rowsAtOrAbove(table: CumulativeTable, i: number): number {
  return i < 0 ? 0 : table.truePositives[i] + table.falsePositives[i];
}

/**
 * The k-th smallest score (0-based) of the rows the table counts, by binary
 * search over the cumulative counts. O(log n).
 * Example: scores [0.9, 0.4, 0.4]: sortedScoreAt(table, 0) -> 0.4, (table, 2) -> 0.9
 */
export function sortedScoreAt(table: CumulativeTable, k: number): number {
  // The k-th smallest is the (rows - 1 - k)-th largest: the first entry whose cumulative count exceeds that rank.
  const rank = table.positives + table.negatives - 1 - k;
  let low = 0;
  let high = table.thresholds.length - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (rowsAtOrAbove(table, middle) > rank) high = middle;
    else low = middle + 1;
  }
  return table.thresholds[low];
}

/** The lowest and highest finite scores (NaN, NaN when none is finite). O(1) for ±Infinity at the ends. */
export function finiteScoreRange(table: CumulativeTable): [number, number] {
  const thresholds = table.thresholds;
  let top = 0;
  while (top < thresholds.length && !Number.isFinite(thresholds[top])) top++;
  let bottom = thresholds.length - 1;
  while (bottom >= 0 && !Number.isFinite(thresholds[bottom])) bottom--;
  return top <= bottom ? [thresholds[bottom], thresholds[top]] : [NaN, NaN];
}

// Where the binary threshold starts and how the slider moves over it. Pure.
// The slider moves by rank over the table's distinct scores, not by value, so
// it stays usable when the scores cluster (most near 0 and 1).
import { defaultThreshold, finiteScoreRange, thresholdIndex } from '../../../shared/evaluation';
import type { CumulativeTable } from '../../../shared/evaluation/types';

/**
 * The threshold a view opens at: 0.5 when it lies within the finite scores,
 * else the score nearest to it (a table of logits in [-4, -1] opens at -1).
 * No finite score: 0.5. O(1).
 * Example: scores [0.9, 0.3] -> 0.5; [3, 2] -> 2.
 */
export function startingThreshold(table: CumulativeTable): number {
  const [lowest, highest] = finiteScoreRange(table);
  if (Number.isNaN(lowest)) return defaultThreshold;
  return Math.min(highest, Math.max(lowest, defaultThreshold));
}

/** The slider runs left to right from the lowest score (rank 0) to the highest (rank n - 1). */
export function rankOfIndex(count: number, index: number): number {
  return count - 1 - index;
}

/**
 * The slider's rank for a threshold: the rank of the lowest score still >= t
 * (which predicts exactly the same rows positive), the right end when t is
 * above them all. O(log n).
 * Example: thresholds [0.9, 0.5, 0.1], t 0.3 -> rank 1 (the score 0.5).
 */
export function rankOfThreshold(table: CumulativeTable, t: number): number {
  const n = table.thresholds.length;
  if (n === 0) return 0;
  const index = thresholdIndex(table, t);
  return index < 0 ? n - 1 : rankOfIndex(n, index);
}

/** The score at a slider rank (clamped into the table). */
export function thresholdAtRank(thresholds: readonly number[], rank: number): number {
  const n = thresholds.length;
  if (n === 0) return defaultThreshold;
  const r = Math.min(n - 1, Math.max(0, Math.round(rank)));
  return thresholds[n - 1 - r];
}

// The reliability diagram: rows binned by score, each bin's mean score beside
// the fraction of its rows that are positive. Read from the cumulative table
// alone: a distinct score's rows and positives are the differences of
// consecutive cumulative entries.
import { finiteScoreRange, linspace, rowsAtOrAbove, sortedScoreAt } from './grid';
import type { CalibrationBin, CalibrationStrategy, CumulativeTable } from './types';

/**
 * Calibration bins, the non-empty ones only, lowest scores first.
 * 'uniform': binCount equal-width bins over [0, 1]; when a score lies outside
 * [0, 1] (scikit-learn raises there) the bins span the finite scores' [min,
 * max] instead, and the caller should say the scores are not probabilities.
 * 'quantile': edges at the scores' quantiles (np.percentile, linear), so the
 * bins hold about equal row counts; tied scores can leave some bins empty.
 * A row goes to the bin whose upper edge is the first inner edge >= its score
 * (np.searchsorted(edges[1:-1], score), side 'left'): a score equal to an
 * inner edge is in the lower bin. ±Infinity go to the end bins.
 * Pass the full table: a thinned one merges the scores between kept thresholds.
 * Equals sklearn.calibration.calibration_curve(y, p, n_bins, strategy):
 * fractionPositive = prob_true, meanPredicted = prob_pred. O(d + b log d).
 * Example: scores [0.1, 0.2, 0.8], labels [0, 1, 1], 2 bins -> [{ start: 0, end: 0.5, count: 2, fractionPositive: 0.5, meanPredicted: 0.15 }, { start: 0.5, end: 1, count: 1, … }]
 */
export function calibrationBins(table: CumulativeTable, binCount = 10, strategy: CalibrationStrategy = 'uniform'): CalibrationBin[] {
  const rows = table.positives + table.negatives;
  if (rows <= 0 || binCount < 1) return [];
  const edges = strategy === 'quantile' ? quantileEdges(table, binCount) : uniformEdges(table, binCount);
  const counts = new Float64Array(binCount);
  const positives = new Float64Array(binCount);
  const sums = new Float64Array(binCount);
  const { thresholds, truePositives } = table;
  let bin = 0;
  // Lowest score first, so the bin only moves up.
  for (let i = thresholds.length - 1; i >= 0; i--) {
    const score = thresholds[i];
    while (bin < binCount - 1 && edges[bin + 1] < score) bin++;
    const here = rowsAtOrAbove(table, i) - rowsAtOrAbove(table, i - 1);
    counts[bin] += here;
    positives[bin] += truePositives[i] - (i > 0 ? truePositives[i - 1] : 0);
    sums[bin] += score * here;
  }
  const bins: CalibrationBin[] = [];
  for (let b = 0; b < binCount; b++) {
    if (counts[b] === 0) continue;
    bins.push({ start: edges[b], end: edges[b + 1], meanPredicted: sums[b] / counts[b], fractionPositive: positives[b] / counts[b], count: counts[b] });
  }
  return bins;
}

/** np.linspace(0, 1, b + 1), or over the finite scores' range when some score is outside [0, 1]. */
function uniformEdges(table: CumulativeTable, binCount: number): number[] {
  const thresholds = table.thresholds;
  const inUnitRange = thresholds[0] <= 1 && thresholds[thresholds.length - 1] >= 0;
  if (inUnitRange) return linspace(0, 1, binCount + 1);
  const [low, high] = finiteScoreRange(table);
  return Number.isNaN(low) ? linspace(0, 1, binCount + 1) : linspace(low, high, binCount + 1);
}

/**
 * np.percentile(scores, np.linspace(0, 1, b + 1) * 100) with numpy's linear
 * method, step for step: virtual index (n - 1) q, then numpy's two-sided lerp.
 */
function quantileEdges(table: CumulativeTable, binCount: number): number[] {
  const rows = table.positives + table.negatives;
  return linspace(0, 1, binCount + 1).map((fraction) => {
    const quantile = (fraction * 100) / 100;
    const position = (rows - 1) * quantile;
    if (position >= rows - 1) return sortedScoreAt(table, rows - 1);
    const below = Math.floor(position);
    const weight = position - below;
    const low = sortedScoreAt(table, below);
    const high = sortedScoreAt(table, below + 1);
    const difference = high - low;
    return weight >= 0.5 ? high - difference * (1 - weight) : low + difference * weight;
  });
}

// Score histograms split by true class, read from the cumulative table with
// one binary search per edge.
import { thresholdIndex } from './cumulative';
import { finiteScoreRange, linspace } from './grid';
import type { CumulativeTable, HistogramBin } from './types';

/**
 * `binCount` equal-width bins, each with its [negatives, positives] counts.
 * Range: the one given; else [0, 1] when every score is in it; else the
 * finite scores' [min, max] (a single value v gives [v - 0.5, v + 0.5], as
 * numpy). Bins are [start, end) and the last is closed, as np.histogram; rows
 * outside the range, ±Infinity included, are counted in the end bins (numpy
 * drops them) so the bins always add up to every row.
 * Equals np.histogram(score[y == c], bins=binCount, range=range) for scores within the range.
 * O(b log d), independent of the row count.
 * Example: scores [0.1, 0.6, 0.7], labels [0, 1, 1], 2 bins -> [{ start: 0, end: 0.5, counts: [1, 0] }, { start: 0.5, end: 1, counts: [0, 2] }]
 */
export function scoreHistogram(table: CumulativeTable, binCount = 20, range?: [number, number]): HistogramBin[] {
  const [low, high] = widened(range ?? defaultRange(table));
  const edges = linspace(low, high, Math.max(1, binCount) + 1);
  const bins: HistogramBin[] = [];
  // Rows at or above the bin's start, minus those at or above the next bin's start.
  let previous = atOrAbove(table, -Infinity);
  for (let b = 0; b < edges.length - 1; b++) {
    const next: [number, number] = b === edges.length - 2 ? [0, 0] : atOrAbove(table, edges[b + 1]);
    bins.push({ start: edges[b], end: edges[b + 1], counts: [previous[0] - next[0], previous[1] - next[1]] });
    previous = next;
  }
  return bins;
}

/** [negatives, positives] with score >= threshold. */
function atOrAbove(table: CumulativeTable, threshold: number): [number, number] {
  const index = thresholdIndex(table, threshold);
  return index < 0 ? [0, 0] : [table.falsePositives[index], table.truePositives[index]];
}

function defaultRange(table: CumulativeTable): [number, number] {
  const thresholds = table.thresholds;
  if (thresholds.length === 0 || (thresholds[0] <= 1 && thresholds[thresholds.length - 1] >= 0)) return [0, 1];
  const range = finiteScoreRange(table);
  return Number.isNaN(range[0]) ? [0, 1] : range;
}

function widened([low, high]: [number, number]): [number, number] {
  return low === high ? [low - 0.5, high + 0.5] : [low, high];
}

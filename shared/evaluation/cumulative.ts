// The cumulative table every binary view reads: the rows' scores sorted once,
// highest first, one entry per distinct score with how many positives and
// negatives score at least that much. Curves, calibration, histograms, gain,
// cost and the operating point are then walks or binary searches over it.
import { numberArray } from './numberArray';
import type { BinaryCounts, CumulativeTable } from './types';

/**
 * Builds the table from per-row labels (non-zero = positive) and scores.
 * Rows whose score is NaN are skipped; ±Infinity are ordinary scores. Equal
 * scores share one entry (one ROC threshold); -0 and +0 are one entry, 0.
 *
 * Equals scikit-learn's private _binary_clf_curve(y, score): thresholds = its
 * thresholds, truePositives = tps, falsePositives = fps.
 * O(n log n): each class's scores go into a Float64Array sorted natively (no
 * comparator, which is several times slower), then both are merged from the top.
 * Example: cumulativeTable([1, 0, 1], [0.9, 0.4, 0.4]) ->
 *   { thresholds: [0.9, 0.4], truePositives: [1, 2], falsePositives: [0, 1], positives: 2, negatives: 1, distinctScores: 2 }
 */
export function cumulativeTable(isPositive: ArrayLike<number>, scores: ArrayLike<number>): CumulativeTable {
  if (isPositive.length !== scores.length) {
    throw new RangeError(`cumulativeTable: ${isPositive.length} labels but ${scores.length} scores`);
  }
  let positives = 0;
  let negatives = 0;
  for (let i = 0; i < scores.length; i++) {
    if (Number.isNaN(scores[i])) continue;
    if (isPositive[i]) positives++;
    else negatives++;
  }
  const positiveScores = new Float64Array(positives);
  const negativeScores = new Float64Array(negatives);
  let p = 0;
  let q = 0;
  for (let i = 0; i < scores.length; i++) {
    const score = scores[i];
    if (Number.isNaN(score)) continue;
    if (isPositive[i]) positiveScores[p++] = score;
    else negativeScores[q++] = score;
  }
  positiveScores.sort();
  negativeScores.sort();
  return mergeFromTop(positiveScores, negativeScores);
}

/** Walks both ascending arrays from their ends, one entry per distinct score. */
function mergeFromTop(positiveScores: Float64Array, negativeScores: Float64Array): CumulativeTable {
  // At most one entry per distinct score of each class (fewer where they share
  // one); allocated once and shrunk to the entries written.
  const capacity = distinctCount(positiveScores) + distinctCount(negativeScores);
  const thresholds = numberArray(capacity);
  const truePositives = numberArray(capacity);
  const falsePositives = numberArray(capacity);
  let i = positiveScores.length - 1;
  let j = negativeScores.length - 1;
  let tp = 0;
  let fp = 0;
  let entries = 0;
  while (i >= 0 || j >= 0) {
    let top: number;
    if (i < 0) top = negativeScores[j];
    else if (j < 0) top = positiveScores[i];
    else top = positiveScores[i] > negativeScores[j] ? positiveScores[i] : negativeScores[j];
    // `===` groups -0 with +0, as numpy's np.diff(score) != 0 does.
    while (i >= 0 && positiveScores[i] === top) {
      tp++;
      i--;
    }
    while (j >= 0 && negativeScores[j] === top) {
      fp++;
      j--;
    }
    // -0 and +0 share the entry; report it as 0 whichever class held which.
    thresholds[entries] = top === 0 ? 0 : top;
    truePositives[entries] = tp;
    falsePositives[entries] = fp;
    entries++;
  }
  thresholds.length = truePositives.length = falsePositives.length = entries;
  return { thresholds, truePositives, falsePositives, positives: positiveScores.length, negatives: negativeScores.length, distinctScores: entries };
}

/** Distinct values of a sorted array (-0 and +0 as one). O(n), no allocation. */
function distinctCount(sorted: Float64Array): number {
  let count = sorted.length > 0 ? 1 : 0;
  for (let i = 1; i < sorted.length; i++) if (sorted[i] !== sorted[i - 1]) count++;
  return count;
}

/**
 * Entry i is a corner of the ROC polyline unless it lies on the straight line
 * through its neighbours: scikit-learn's drop_intermediate rule,
 * np.r_[True, np.logical_or(np.diff(fps, 2), np.diff(tps, 2)), True]. O(n).
 */
export function rocCorners(table: CumulativeTable): Uint8Array {
  const fps = table.falsePositives;
  const tps = table.truePositives;
  const length = fps.length;
  const corner = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    if (i === 0 || i === length - 1) corner[i] = 1;
    else corner[i] = fps[i + 1] - 2 * fps[i] + fps[i - 1] !== 0 || tps[i + 1] - 2 * tps[i] + tps[i - 1] !== 0 ? 1 : 0;
  }
  return corner;
}

/**
 * Keeps at most `maxEntries` entries (never fewer than the first and last),
 * for sending and drawing. The ROC's corners are kept first when they fit,
 * so the drawn ROC is exact, and the rest of the budget is spread evenly by
 * index; when the corners alone do not fit, entries are taken evenly by index.
 * Counts stay exact at every kept threshold (between kept thresholds,
 * countsAt answers with the next kept one above); `distinctScores` keeps the
 * original count. Returns the same table when it already fits. O(n).
 * Example: a 10,000-entry table, maxEntries 1000 -> 1000 entries, first and last included.
 */
export function thinTable(table: CumulativeTable, maxEntries: number): CumulativeTable {
  const length = table.thresholds.length;
  if (length <= Math.max(2, maxEntries)) return table;
  const budget = Math.max(2, Math.floor(maxEntries));
  const keep = rocCorners(table);
  let corners = 0;
  for (let i = 0; i < length; i++) corners += keep[i];
  if (corners <= budget) spreadRemaining(keep, budget - corners);
  else {
    keep.fill(0);
    for (let k = 0; k < budget; k++) keep[Math.round((k * (length - 1)) / (budget - 1))] = 1;
  }
  const thinned: CumulativeTable = {
    thresholds: [],
    truePositives: [],
    falsePositives: [],
    positives: table.positives,
    negatives: table.negatives,
    distinctScores: table.distinctScores,
  };
  for (let i = 0; i < length; i++) {
    if (!keep[i]) continue;
    thinned.thresholds.push(table.thresholds[i]);
    thinned.truePositives.push(table.truePositives[i]);
    thinned.falsePositives.push(table.falsePositives[i]);
  }
  return thinned;
}

/** Marks `extra` of the unmarked entries, evenly spread by index. */
function spreadRemaining(keep: Uint8Array, extra: number): void {
  if (extra <= 0) return;
  const others: number[] = [];
  for (let i = 0; i < keep.length; i++) if (!keep[i]) others.push(i);
  for (let k = 0; k < extra; k++) keep[others[Math.floor(((k + 0.5) * others.length) / extra)]] = 1;
}

/**
 * Index of the last entry with thresholds[i] >= threshold: the rows predicted
 * positive at `threshold` are those counted at that entry. -1 when no entry
 * qualifies (threshold above every score, or NaN). Binary search, O(log n).
 * Example: thresholds [0.9, 0.4]: thresholdIndex(t, 0.5) -> 0, (t, 0.4) -> 1, (t, 0.95) -> -1
 */
export function thresholdIndex(table: CumulativeTable, threshold: number): number {
  const thresholds = table.thresholds;
  let low = 0;
  let high = thresholds.length;
  // Find the first entry below the threshold; the answer is the one before it.
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (thresholds[middle] >= threshold) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}

/**
 * The 2×2 counts when a row is predicted positive at score >= threshold.
 * O(log n): the renderer calls it on every frame while the threshold is dragged.
 * Example: the table above, countsAt(t, 0.5) -> { truePositives: 1, falsePositives: 0, trueNegatives: 1, falseNegatives: 1 }
 */
export function countsAt(table: CumulativeTable, threshold: number): BinaryCounts {
  const index = thresholdIndex(table, threshold);
  const truePositives = index < 0 ? 0 : table.truePositives[index];
  const falsePositives = index < 0 ? 0 : table.falsePositives[index];
  return {
    truePositives,
    falsePositives,
    trueNegatives: table.negatives - falsePositives,
    falseNegatives: table.positives - truePositives,
  };
}

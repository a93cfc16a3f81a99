// Confusion matrices (confusion[true][predicted]), their normalisations, and
// the order their classes are shown in.
import type { BinaryCounts, ClassOrder, ConfusionNormalization } from './types';

/**
 * Counts rows per (true, predicted) class index. Throws a RangeError for an
 * index outside [0, classCount) or arrays of different lengths: the caller
 * maps labels to indices, so either is a bug, not data.
 * Equals sklearn.metrics.confusion_matrix(y_true, y_pred, labels=range(classCount)). O(n + k²).
 * Example: confusionMatrix([0, 1, 1], [0, 0, 1], 2) -> [[1, 0], [1, 1]]
 */
export function confusionMatrix(yTrue: ArrayLike<number>, yPredicted: ArrayLike<number>, classCount: number): number[][] {
  if (yTrue.length !== yPredicted.length) {
    throw new RangeError(`confusionMatrix: ${yTrue.length} true classes but ${yPredicted.length} predicted`);
  }
  const matrix = Array.from({ length: classCount }, () => new Array<number>(classCount).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    const actual = yTrue[i];
    const predicted = yPredicted[i];
    if (!(actual >= 0 && actual < classCount && predicted >= 0 && predicted < classCount)) {
      throw new RangeError(`confusionMatrix: row ${i} has classes ${actual} -> ${predicted}, outside 0..${classCount - 1}`);
    }
    matrix[actual][predicted]++;
  }
  return matrix;
}

/**
 * The binary matrix with classes [negative, positive]: [[TN, FP], [FN, TP]],
 * as sklearn.metrics.confusion_matrix(y, y_pred, labels=[negative, positive]).
 * Example: binaryConfusion({ truePositives: 3, falsePositives: 1, trueNegatives: 2, falseNegatives: 0 }) -> [[2, 1], [0, 3]]
 */
export function binaryConfusion(counts: BinaryCounts): number[][] {
  return [
    [counts.trueNegatives, counts.falsePositives],
    [counts.falseNegatives, counts.truePositives],
  ];
}

/**
 * Divides by each row's total ('true': per-class recall), each column's
 * ('pred': per-class precision) or the grand total ('all'); 'none' copies.
 * A row or column of zeros stays 0, as scikit-learn's nan_to_num makes it.
 * Equals sklearn.metrics.confusion_matrix(…, normalize=…). O(k²).
 * Example: normalizeConfusion([[1, 0], [1, 1]], 'true') -> [[1, 0], [0.5, 0.5]]
 */
export function normalizeConfusion(matrix: number[][], normalization: ConfusionNormalization): number[][] {
  const size = matrix.length;
  const rowSums = matrix.map((row) => row.reduce((sum, count) => sum + count, 0));
  const columnSums = Array.from({ length: size }, (_, j) => matrix.reduce((sum, row) => sum + row[j], 0));
  const total = rowSums.reduce((sum, count) => sum + count, 0);
  return matrix.map((row, i) =>
    row.map((count, j) => {
      const divisor = normalization === 'true' ? rowSums[i] : normalization === 'pred' ? columnSums[j] : normalization === 'all' ? total : 1;
      return divisor === 0 ? 0 : count / divisor;
    }),
  );
}

/**
 * The order to show classes in, as a permutation of class indices:
 * - 'name': natural order of the labels (all numeric: by value; else digit
 *   runs compared as numbers, the rest by code unit, so "class 2" < "class 10");
 * - 'support': most rows first;
 * - 'clustered': classes confused with each other next to each other
 *   (see clusteredOrder).
 * Ties keep the columns' order. Deterministic.
 * Example: classOrder([[5, 0], [0, 9]], ['b', 'a'], 'name') -> [1, 0]
 */
export function classOrder(matrix: number[][], classes: string[], order: ClassOrder): number[] {
  const indices = classes.map((_, i) => i);
  if (order === 'support') {
    const support = matrix.map((row) => row.reduce((sum, count) => sum + count, 0));
    return indices.sort((a, b) => support[b] - support[a] || a - b);
  }
  if (order === 'clustered') return clusteredOrder(matrix);
  const numbers = classes.map((label) => (label.trim() === '' ? NaN : Number(label)));
  if (numbers.every(Number.isFinite)) return indices.sort((a, b) => numbers[a] - numbers[b] || a - b);
  return indices.sort((a, b) => naturalCompare(classes[a], classes[b]) || a - b);
}

/** Compares digit runs by value (without overflowing: by length after leading zeros), the rest by code unit. */
export function naturalCompare(a: string, b: string): number {
  const left = a.match(/\d+|\D+/g) ?? [];
  const right = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const x = left[i];
    const y = right[i];
    if (x === y) continue;
    const xDigits = /^\d/.test(x);
    const yDigits = /^\d/.test(y);
    if (xDigits && yDigits) {
      const xs = x.replace(/^0+(?=\d)/, '');
      const ys = y.replace(/^0+(?=\d)/, '');
      if (xs.length !== ys.length) return xs.length - ys.length;
      if (xs !== ys) return xs < ys ? -1 : 1;
      continue;
    }
    return x < y ? -1 : 1;
  }
  if (left.length !== right.length) return left.length - right.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Average-linkage (UPGMA) clustering of the classes on how often they are
 * confused: similarity(i, j) = (recall-normalised confusion[i][j] +
 * confusion[j][i]) / 2, the diagonal ignored. The two clusters with the
 * highest mean similarity merge, joined at the ends that are most similar
 * (either may be reversed); ties go to the lower cluster indices. When no two
 * remaining clusters are confused at all, they follow each other by their
 * first class's index. O(k³), fine for the few hundred classes a matrix can show.
 * Example: clusteredOrder([[5, 0, 4], [0, 5, 0], [3, 0, 5]]) -> [0, 2, 1]
 */
export function clusteredOrder(matrix: number[][]): number[] {
  const size = matrix.length;
  const recall = normalizeConfusion(matrix, 'true');
  const similarity = (i: number, j: number): number => (i === j ? 0 : (recall[i][j] + recall[j][i]) / 2);
  let clusters: number[][] = Array.from({ length: size }, (_, i) => [i]);
  // linkSums[a][b]: the sum of similarities between the members of clusters a and b.
  let linkSums = clusters.map((_, a) => clusters.map((__, b) => similarity(a, b)));
  while (clusters.length > 1) {
    let best = { a: -1, b: -1, mean: 0 };
    for (let a = 0; a < clusters.length; a++) {
      for (let b = a + 1; b < clusters.length; b++) {
        const mean = linkSums[a][b] / (clusters[a].length * clusters[b].length);
        if (mean > best.mean) best = { a, b, mean };
      }
    }
    if (best.a < 0) break;
    const merged = joinAtClosestEnds(clusters[best.a], clusters[best.b], similarity);
    const rest = clusters.map((_, c) => c).filter((c) => c !== best.a && c !== best.b);
    const mergedSums = rest.map((c) => linkSums[best.a][c] + linkSums[best.b][c]);
    linkSums = rest.map((c, x) => [...rest.map((d) => linkSums[c][d]), mergedSums[x]]);
    linkSums.push([...mergedSums, 0]);
    clusters = [...rest.map((c) => clusters[c]), merged];
  }
  return clusters.sort((x, y) => Math.min(...x) - Math.min(...y)).flat();
}

/** Concatenates two orders, reversing either, so the touching ends are the most similar pair. */
function joinAtClosestEnds(left: number[], right: number[], similarity: (i: number, j: number) => number): number[] {
  const options = [
    [left, right],
    [left, [...right].reverse()],
    [[...left].reverse(), right],
    [[...left].reverse(), [...right].reverse()],
  ];
  let best = options[0];
  let bestSimilarity = -1;
  for (const [first, second] of options) {
    const touching = similarity(first[first.length - 1], second[0]);
    if (touching > bestSimilarity) {
      bestSimilarity = touching;
      best = [first, second];
    }
  }
  return [...best[0], ...best[1]];
}

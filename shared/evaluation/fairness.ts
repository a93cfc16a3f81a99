// Per-group rates at one threshold and the disparities between groups, with
// Fairlearn's MetricFrame definitions. Each group keeps its own cumulative
// table, so moving the threshold costs one binary search per group.
import { countsAt, cumulativeTable } from './cumulative';
import type { FairnessSummary, GroupRow, GroupTable } from './types';

/**
 * One cumulative table per group. groupCodes[i] is row i's index into
 * groupNames; rows with any other code (a missing value coded -1, say) and
 * rows with a NaN score are left out, and so are groups left with no rows
 * (an empty group has no rates, and would make every disparity NaN).
 * O(n log n) in all: rows are bucketed by group in O(n), then each bucket sorted.
 * Example: groupTables([1, 0, 1], [0.9, 0.2, 0.4], [0, 0, 1], ['a', 'b']) -> [{ group: 'a', table: … }, { group: 'b', table: … }]
 */
export function groupTables(
  isPositive: ArrayLike<number>,
  scores: ArrayLike<number>,
  groupCodes: ArrayLike<number>,
  groupNames: string[],
): GroupTable[] {
  const groupCount = groupNames.length;
  const sizes = new Int32Array(groupCount);
  const codeOf = (i: number): number => {
    const code = groupCodes[i];
    return Number.isInteger(code) && code >= 0 && code < groupCount && !Number.isNaN(scores[i]) ? code : -1;
  };
  for (let i = 0; i < scores.length; i++) {
    const code = codeOf(i);
    if (code >= 0) sizes[code]++;
  }
  // Counting sort: starts[g] is where group g's rows begin.
  const starts = new Int32Array(groupCount + 1);
  for (let g = 0; g < groupCount; g++) starts[g + 1] = starts[g] + sizes[g];
  const next = starts.slice();
  const labels = new Uint8Array(starts[groupCount]);
  const values = new Float64Array(starts[groupCount]);
  for (let i = 0; i < scores.length; i++) {
    const code = codeOf(i);
    if (code < 0) continue;
    labels[next[code]] = isPositive[i] ? 1 : 0;
    values[next[code]++] = scores[i];
  }
  const tables: GroupTable[] = [];
  for (let g = 0; g < groupCount; g++) {
    if (starts[g + 1] === starts[g]) continue;
    const range = [starts[g], starts[g + 1]] as const;
    tables.push({ group: groupNames[g], table: cumulativeTable(labels.subarray(...range), values.subarray(...range)) });
  }
  return tables;
}

/**
 * Each group's selection rate (predicted positive / size), true and false
 * positive rates, precision and accuracy at `threshold` (predicted positive
 * when score >= threshold), its disparate impact (selection rate / the
 * highest group's) and whether that fails the four-fifths rule (< 0.8); then
 * demographic parity difference (max - min selection rate) and ratio
 * (min / max), equalized odds difference (the larger of the TPR and FPR
 * differences) and ratio (the smaller of the TPR and FPR ratios).
 *
 * A rate whose denominator is 0 is NaN (a group without positives has no TPR;
 * a group with nobody selected has no precision), and a NaN rate makes every
 * summary built on it NaN: the disparity cannot be known, and silently
 * skipping the group would overstate fairness. (Fairlearn's own
 * true_positive_rate goes through scikit-learn's normalized confusion matrix
 * and would report 0 there instead.) When no group selects anyone, disparate
 * impact is 0 / 0 = NaN and does not fail the rule. With no groups, every
 * summary is NaN.
 * The reference is numpy lines (test/fixtures/evaluation/reference/make_reference.py,
 * group_rates); Fairlearn is not installed. O(groups · log n) per call.
 * Example: fairnessAt(groupTables(…), 0.5).demographicParityDifference
 */
export function fairnessAt(groups: GroupTable[], threshold: number): FairnessSummary {
  const rates = groups.map(({ group, table }) => {
    const { truePositives: tp, falsePositives: fp, trueNegatives: tn, falseNegatives: fn } = countsAt(table, threshold);
    const size = tp + fp + tn + fn;
    return {
      group,
      size,
      selectionRate: (tp + fp) / size,
      truePositiveRate: tp / (tp + fn),
      falsePositiveRate: fp / (fp + tn),
      precision: tp / (tp + fp),
      accuracy: (tp + tn) / size,
    };
  });
  const highest = maximum(rates.map((row) => row.selectionRate));
  const rows: GroupRow[] = rates.map((row) => {
    const disparateImpact = row.selectionRate / highest;
    return { ...row, disparateImpact, failsFourFifths: disparateImpact < 0.8 };
  });
  const selection = spread(rows.map((row) => row.selectionRate));
  const truePositive = spread(rows.map((row) => row.truePositiveRate));
  const falsePositive = spread(rows.map((row) => row.falsePositiveRate));
  return {
    groups: rows,
    demographicParityDifference: selection.difference,
    demographicParityRatio: selection.ratio,
    // Math.max and Math.min return NaN when either side is NaN, as documented above.
    equalizedOddsDifference: Math.max(truePositive.difference, falsePositive.difference),
    equalizedOddsRatio: Math.min(truePositive.ratio, falsePositive.ratio),
  };
}

/** The largest value; NaN when any is NaN or there are none. */
function maximum(values: number[]): number {
  return values.length === 0 ? NaN : values.reduce((best, value) => Math.max(best, value), -Infinity);
}

function spread(values: number[]): { difference: number; ratio: number } {
  const high = maximum(values);
  const low = values.length === 0 ? NaN : values.reduce((best, value) => Math.min(best, value), Infinity);
  return { difference: high - low, ratio: low / high };
}

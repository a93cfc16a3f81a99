// The confusion matrix as drawn: classes in the chosen order, each cell's count,
// the number shown (a count or a normalized share) and its color strength. Pure.
import { normalizeConfusion } from '../../../../shared/evaluation';
import type { ConfusionNormalization } from '../../../../shared/evaluation/types';
import { formatMetric } from '../../../format/number';

export interface MatrixCell {
  /** Indices in the evaluation's class order (what the rows request names). */
  trueIndex: number;
  predictedIndex: number;
  count: number;
  /** The number shown: the count, or the share under the normalization (NaN when its row or column is empty). */
  value: number;
  text: string;
  /** value / the largest value, for the color (0 when NaN). */
  strength: number;
}

export interface MatrixModel {
  /** Class labels in drawing order. */
  labels: string[];
  /** rows[i][j]: true class labels[i], predicted labels[j]. */
  rows: MatrixCell[][];
}

export const countText = (count: number): string => count.toLocaleString('en-US');

/**
 * Orders and normalizes `counts` (counts[true][predicted], in `classes`
 * order) for drawing. `order` lists class indices in drawing order.
 * O(k²) for k classes.
 */
export function matrixModel(counts: number[][], classes: string[], normalization: ConfusionNormalization, order: number[]): MatrixModel {
  const values = normalization === 'none' ? counts : normalizeConfusion(counts, normalization);
  let max = 0;
  for (const row of values) for (const v of row) if (Number.isFinite(v) && v > max) max = v;
  const rows = order.map((t) =>
    order.map((p): MatrixCell => {
      const value = values[t][p];
      return {
        trueIndex: t,
        predictedIndex: p,
        count: counts[t][p],
        value,
        text: normalization === 'none' ? countText(counts[t][p]) : formatMetric(value),
        strength: max > 0 && Number.isFinite(value) ? value / max : 0,
      };
    }),
  );
  return { labels: order.map((i) => classes[i]), rows };
}

/** A label cut to `maxChars` with an ellipsis (the full label goes in the title). */
export function truncateLabel(label: string, maxChars: number): string {
  const chars = Array.from(label);
  return chars.length <= maxChars ? label : `${chars.slice(0, Math.max(1, maxChars - 1)).join('')}…`;
}

const SEPARATOR = /[-_ ./:]/;

/** The longest prefix all labels share, cut back to a separator so a word is not split ("category-0" -> "category-"). */
function sharedPrefix(labels: string[]): string {
  let prefix = labels[0] ?? '';
  for (const label of labels) while (!label.startsWith(prefix)) prefix = prefix.slice(0, -1);
  let cut = prefix.length;
  while (cut > 0 && !SEPARATOR.test(prefix[cut - 1])) cut--;
  return prefix.slice(0, cut);
}

const reversed = (text: string): string => Array.from(text).reverse().join('');

/**
 * Labels short enough to tell apart at `maxChars`: unchanged when they fit;
 * else the part every label shares at the start and the end (cut at a
 * separator) becomes "…", so "category-07-long-name" among its kind reads
 * "…07…"; what is still too long is cut at the end. The full label goes in
 * the title. O(k · length).
 */
export function shortLabels(labels: string[], maxChars: number): string[] {
  if (labels.every((l) => Array.from(l).length <= maxChars)) return labels;
  const prefix = labels.length > 1 ? sharedPrefix(labels) : '';
  const suffix = labels.length > 1 ? reversed(sharedPrefix(labels.map((l) => reversed(l.slice(prefix.length))))) : '';
  return labels.map((label) => {
    const middle = label.slice(prefix.length, label.length - suffix.length);
    const short = middle.length === 0 ? label : `${prefix ? '…' : ''}${middle}${suffix ? '…' : ''}`;
    return truncateLabel(short, maxChars);
  });
}

/** The cell side that fits `classes` columns into `width` px, within the zoom's limits. */
export function fitCellSize(width: number, classes: number, labelSpace: number, limits: { min: number; max: number }): number {
  if (classes === 0) return limits.max;
  return Math.min(limits.max, Math.max(limits.min, Math.floor((width - labelSpace) / classes)));
}

/** The matrix as CSV rows: true class first, one column per predicted class, the shown numbers. */
export function matrixCsv(model: MatrixModel): { columns: string[]; rows: (string | number)[][] } {
  return {
    columns: ['true \\ predicted', ...model.labels],
    rows: model.rows.map((row, i) => [model.labels[i], ...row.map((cell) => cell.value)]),
  };
}

const share = (part: number, whole: number): string => (whole > 0 ? `${formatMetric((100 * part) / whole)}%` : 'undefined');

/** What the line under the matrix says about the hovered cell. */
export function describeCell(cell: MatrixCell, counts: number[][], classes: string[]): string {
  const trueTotal = counts[cell.trueIndex].reduce((a, b) => a + b, 0);
  const predictedTotal = counts.reduce((sum, row) => sum + row[cell.predictedIndex], 0);
  const t = classes[cell.trueIndex];
  const p = classes[cell.predictedIndex];
  return `True “${t}”, predicted “${p}”: ${countText(cell.count)} rows — ${share(cell.count, trueTotal)} of the true “${t}”, ${share(
    cell.count,
    predictedTotal,
  )} of the predicted “${p}”`;
}

// The binary curves as drawn (a thousand points at most, each with the
// threshold that reaches it) and as exported (every point). Pure.
import { downsampleCurve, precisionRecallCurve, rocCurve } from '../../../../shared/evaluation';
import type { CumulativeTable, GainPoint, MetricValue } from '../../../../shared/evaluation/types';
import type { ExportRows } from '../../../charts/ChartFrame';

/** More points than this are not told apart on screen; the drawn line keeps the curve's shape (M4). */
export const MAX_DRAWN_POINTS = 1000;

export interface DrawnCurve {
  xs: number[];
  ys: number[];
  /** The threshold that reaches each drawn point (+Infinity: nothing predicted positive). */
  thresholds: number[];
}

export function drawnCurve(xs: readonly number[], ys: readonly number[], thresholds: readonly number[], maxPoints = MAX_DRAWN_POINTS): DrawnCurve {
  const keep = downsampleCurve(xs, ys, maxPoints);
  return { xs: keep.map((i) => xs[i]), ys: keep.map((i) => ys[i]), thresholds: keep.map((i) => thresholds[i]) };
}

/** One of several curves on a plot (a class, a compared run), with its AUC or AP for the legend. */
export interface OverlayCurve {
  id: string;
  label: string;
  color: string;
  dash?: string;
  curve: DrawnCurve;
  score: MetricValue;
}

/** The ROC as drawn: its corners only (scikit-learn's drop_intermediate), then thinned for the screen. */
export function rocDrawn(table: CumulativeTable): DrawnCurve {
  const roc = rocCurve(table, { dropIntermediate: true });
  return drawnCurve(roc.falsePositiveRate, roc.truePositiveRate, roc.thresholds);
}

/** The PR curve as drawn, x = recall; its last point (recall 0, precision 1) is where nothing is predicted positive. */
export function prDrawn(table: CumulativeTable): DrawnCurve {
  const pr = precisionRecallCurve(table);
  return drawnCurve(pr.recall, pr.precision, [...pr.thresholds, Infinity]);
}

/** Every ROC point, intermediate ones included: what the CSV holds. */
export function rocRows(table: CumulativeTable): ExportRows {
  const roc = rocCurve(table, { dropIntermediate: false });
  return { columns: ['threshold', 'false_positive_rate', 'true_positive_rate'], rows: roc.thresholds.map((t, i) => [t, roc.falsePositiveRate[i], roc.truePositiveRate[i]]) };
}

export function prRows(table: CumulativeTable): ExportRows {
  const pr = precisionRecallCurve(table);
  return { columns: ['threshold', 'recall', 'precision'], rows: pr.precision.map((p, i) => [i < pr.thresholds.length ? pr.thresholds[i] : null, pr.recall[i], p]) };
}

export type GainMode = 'gain' | 'lift';

export function gainDrawn(points: readonly GainPoint[], mode: GainMode): DrawnCurve {
  // Lift is NaN at population 0: left out of the line, not drawn as 0.
  const shown = mode === 'lift' ? points.filter((p) => p.population > 0) : points;
  return drawnCurve(
    shown.map((p) => p.population),
    shown.map((p) => (mode === 'gain' ? p.gain : p.lift)),
    shown.map((p) => p.threshold),
  );
}

export function gainRows(points: readonly GainPoint[]): ExportRows {
  return { columns: ['threshold', 'population', 'gain', 'lift'], rows: points.map((p) => [p.threshold, p.population, p.gain, p.lift]) };
}

/** Base rate of the positive class: the PR curve of a classifier that guesses. */
export function prevalence(table: CumulativeTable): number {
  const rows = table.positives + table.negatives;
  return rows === 0 ? Number.NaN : table.positives / rows;
}

// What the compare view's Evaluation section compares: the prediction sets of
// the same name that several runs have, each run's curves, and two runs'
// confusion matrices with their difference. Pure.
import { averagePrecision, binaryConfusion, countsAt, normalizeConfusion } from '../../../shared/evaluation';
import type { PredictionSet, RunPredictions } from '../../../shared/evaluation/predictionSets';
import type { ConfusionNormalization, CumulativeTable, Evaluation, MetricValue } from '../../../shared/evaluation/types';
import { startingThreshold } from '../../stores/evaluation/operatingPoint';
import { formatMetric } from '../../format/number';
import type { MatrixModel } from '../evaluation/confusion/confusionModel';
import { prDrawn, rocDrawn, type DrawnCurve } from '../evaluation/curves/curveModels';

export interface SharedSet {
  name: string;
  /** The compared runs that have a set of this name ready to evaluate, in compared order. */
  runIds: string[];
}

/** The set of a run by this name that can be evaluated (its columns are known), a logged one first. */
export function setNamed(predictions: RunPredictions | undefined, name: string): PredictionSet | null {
  const candidates = (predictions?.sets ?? []).filter((set) => set.name === name && set.mapping !== null);
  return candidates.find((set) => set.origin === 'logged') ?? candidates[0] ?? null;
}

/**
 * The set names at least two of the runs have, `test` first, then by how
 * many runs have them, then by name. O(runs · sets).
 * Example: a and b have test and val, c has test -> [{ test, [a, b, c] }, { val, [a, b] }]
 */
export function sharedSets(byRun: Readonly<Record<string, RunPredictions>>, runIds: readonly string[]): SharedSet[] {
  const names = new Map<string, string[]>();
  for (const runId of runIds) {
    const seen = new Set<string>();
    for (const set of byRun[runId]?.sets ?? []) {
      if (set.mapping === null || seen.has(set.name)) continue;
      seen.add(set.name);
      names.set(set.name, [...(names.get(set.name) ?? []), runId]);
    }
  }
  return [...names.entries()]
    .filter(([, ids]) => ids.length >= 2)
    .map(([name, ids]) => ({ name, runIds: ids }))
    .sort((a, b) => Number(b.name === 'test') - Number(a.name === 'test') || b.runIds.length - a.runIds.length || a.name.localeCompare(b.name));
}

export interface RunCurves {
  roc: DrawnCurve;
  pr: DrawnCurve;
  auc: MetricValue;
  ap: MetricValue;
  /** Binary: the set's own curve; multiclass: the micro average (every class's rows pooled). */
  averaged: boolean;
}

export function runCurves(evaluation: Evaluation): RunCurves {
  const table: CumulativeTable = evaluation.kind === 'binary' ? evaluation.table : evaluation.micro;
  const multiclass = evaluation.kind === 'multiclass';
  return {
    roc: rocDrawn(table),
    pr: prDrawn(table),
    auc: multiclass ? evaluation.rocAuc.micro : evaluation.metrics.roc_auc,
    ap: multiclass ? averagePrecision(table) : evaluation.metrics.average_precision,
    averaged: multiclass,
  };
}

export interface RunMatrix {
  classes: string[];
  counts: number[][];
  /** Binary: the threshold the matrix is read at (each run opens at its own: 0.5, or its nearest score). */
  threshold: number | null;
}

export function runMatrix(evaluation: Evaluation): RunMatrix {
  if (evaluation.kind === 'multiclass') return { classes: evaluation.classes, counts: evaluation.confusion, threshold: null };
  const threshold = startingThreshold(evaluation.table);
  return { classes: evaluation.classes, counts: binaryConfusion(countsAt(evaluation.table, threshold)), threshold };
}

export type MatrixDifference = { ok: true; classes: string[]; difference: number[][] } | { ok: false; reason: string };

const shown = (matrix: RunMatrix, normalization: ConfusionNormalization): number[][] =>
  normalization === 'none' ? matrix.counts : normalizeConfusion(matrix.counts, normalization);

/**
 * B − A cell by cell, under the same normalization, B's classes matched to
 * A's by label (a different order is fine; a different set of classes is not).
 * Example: A [[5, 1], [0, 4]], B [[4, 2], [1, 3]] -> [[-1, 1], [1, -1]]
 */
export function matrixDifference(a: RunMatrix, b: RunMatrix, normalization: ConfusionNormalization): MatrixDifference {
  const sameClasses = a.classes.length === b.classes.length && a.classes.every((c) => b.classes.includes(c));
  if (!sameClasses) return { ok: false, reason: `The two sets have different classes (${a.classes.join(', ')} and ${b.classes.join(', ')}).` };
  const va = shown(a, normalization);
  const vb = shown(b, normalization);
  const inB = a.classes.map((c) => b.classes.indexOf(c));
  return { ok: true, classes: a.classes, difference: va.map((row, i) => row.map((v, j) => vb[inB[i]][inB[j]] - v)) };
}

/** "+2", "−1", "0": a difference says its sign. */
export function signedText(value: number, counts: boolean): string {
  if (Number.isNaN(value)) return 'NaN';
  const text = counts ? Math.abs(value).toLocaleString('en-US') : formatMetric(Math.abs(value));
  return value > 0 ? `+${text}` : value < 0 ? `−${text}` : '0';
}

/**
 * The difference as a matrix to draw: each cell's signed value, and its
 * strength as the share of the largest absolute difference, signed (the
 * diverging color: below 0 one hue, above 0 the other).
 */
export function differenceModel(difference: number[][], classes: string[], normalization: ConfusionNormalization): MatrixModel {
  let max = 0;
  for (const row of difference) for (const v of row) if (Number.isFinite(v)) max = Math.max(max, Math.abs(v));
  return {
    labels: classes,
    rows: difference.map((row, t) =>
      row.map((value, p) => ({
        trueIndex: t,
        predictedIndex: p,
        count: value,
        value,
        text: signedText(value, normalization === 'none'),
        strength: max > 0 && Number.isFinite(value) ? value / max : 0,
      })),
    ),
  };
}

// A monitor's model on a frame: the features cast from the frame's columns
// (found by name as the scoring engine finds them), scored in batches with
// onnxruntime; the labels matched to the model's classes; the measured
// performance (shared/drift/performance for two classes, shared/evaluation's
// accuracy, macro F1 and one-vs-rest macro ROC AUC for more).
import type { DriftFrame, FrameColumn } from '../../../shared/drift/frame';
import type { PerformanceValues } from '../../../shared/drift/monitor';
import { measuredPerformance } from '../../../shared/drift/performance';
import { evaluateMulticlassScores } from '../../../shared/evaluation';
import { columnIndex, type FeatureSpec } from '../scoring/batchScore';
import type { ScoringModel } from '../scoring/onnx/session';
import { numberOfCell } from './frameCsv';

const BATCH_ROWS = 4096;

/** A batch the model cannot score (a feature column missing): that batch's error, not the run's. */
export class BatchInputError extends Error {}

export interface FrameScores {
  classLabels: string[];
  /** One column per class, in classLabels order. */
  probabilities: Float64Array[];
  /** The predicted class of each row. */
  predicted: string[];
}

function featureColumn(frame: DriftFrame, names: string[], spec: FeatureSpec): Float64Array | string[] {
  const index = columnIndex(names, spec.column);
  if (index < 0) throw new BatchInputError(`The data has no column "${spec.column}" that the model needs`);
  const column = frame.columns.get(names[index])!;
  if (spec.kind === 'string') return Array.from(column as ArrayLike<string | number | null>, (cell) => (cell === null || (typeof cell === 'number' && Number.isNaN(cell)) ? '' : String(cell)));
  if (column instanceof Float64Array) return column;
  // Text in a numeric feature: numbers where the cells are numbers, NaN elsewhere.
  return Float64Array.from(column, (cell) => (cell === null ? NaN : (numberOfCell(cell) ?? NaN)));
}

/** Scores every row of the frame; throws BatchInputError for a missing feature column, and what the model throws. */
export async function scoreFrame(model: ScoringModel, features: FeatureSpec[], frame: DriftFrame, signal?: AbortSignal): Promise<FrameScores> {
  const names = [...frame.columns.keys()];
  const columns = features.map((spec) => featureColumn(frame, names, spec));
  const parts: { probabilities: Float64Array[]; labels: string[]; classLabels: string[] }[] = [];
  for (let start = 0; start < frame.rows; start += BATCH_ROWS) {
    signal?.throwIfAborted();
    const batch = columns.map((column) => column.slice(start, start + BATCH_ROWS));
    parts.push(await model.score({ columns: batch }));
  }
  const classLabels = parts[0]?.classLabels ?? model.info.outputs.classLabels ?? [];
  const width = parts[0]?.probabilities.length ?? 0;
  const probabilities = Array.from({ length: width }, (_, c) => {
    const joined = new Float64Array(frame.rows);
    let at = 0;
    for (const part of parts) {
      joined.set(part.probabilities[c], at);
      at += part.probabilities[c].length;
    }
    return joined;
  });
  return { classLabels, probabilities, predicted: parts.flatMap((part) => part.labels) };
}

/** Each row's class index (-1 for a missing label, -2 for a label that is no class): same text, else same number ("1.0" is "1"). */
export function labelIndexes(column: FrameColumn, classLabels: string[]): Int32Array {
  const exact = new Map(classLabels.map((label, i) => [label, i]));
  const numeric = new Map<number, number>();
  classLabels.forEach((label, i) => {
    const value = label.trim() === '' ? NaN : Number(label);
    if (Number.isFinite(value) && !numeric.has(value)) numeric.set(value, i);
  });
  const out = new Int32Array(column.length);
  for (let r = 0; r < column.length; r++) {
    const cell = column[r];
    if (cell === null || (typeof cell === 'number' && !Number.isFinite(cell))) {
      out[r] = -1;
      continue;
    }
    const value = typeof cell === 'number' ? cell : (numberOfCell(cell) ?? NaN);
    const index = (typeof cell === 'string' ? exact.get(cell) : undefined) ?? (Number.isFinite(value) ? numeric.get(value) : undefined) ?? (typeof cell === 'number' ? exact.get(String(cell)) : undefined);
    out[r] = index ?? -2;
  }
  return out;
}

export interface Labeled {
  /** Rows with a known class and finite scores. */
  rows: Int32Array;
  truth: Int32Array;
  /** Labels that are no class of the model, and one of them. */
  unknown: number;
  unknownExample: string | null;
}

/** The rows that can be evaluated: a label that is one of the classes, scores that are numbers. */
export function labeledRows(column: FrameColumn, scores: FrameScores): Labeled {
  const indexes = labelIndexes(column, scores.classLabels);
  const rows: number[] = [];
  let unknown = 0;
  let unknownExample: string | null = null;
  for (let r = 0; r < indexes.length; r++) {
    if (indexes[r] === -2) {
      unknown++;
      unknownExample ??= String(column[r]);
    }
    if (indexes[r] < 0 || !scores.probabilities.every((p) => Number.isFinite(p[r]))) continue;
    rows.push(r);
  }
  const picked = Int32Array.from(rows);
  return { rows: picked, truth: picked.map((r) => indexes[r]), unknown, unknownExample };
}

const pick = (values: Float64Array, rows: Int32Array) => Float64Array.from(rows, (r) => values[r]);

/** Accuracy, F1 and ROC AUC on the labeled rows; NaN where undefined. */
export function performanceOn(labeled: Labeled, scores: FrameScores): PerformanceValues {
  if (scores.classLabels.length === 2) {
    return measuredPerformance(Uint8Array.from(labeled.truth, (k) => (k === 1 ? 1 : 0)), pick(scores.probabilities[1], labeled.rows));
  }
  if (labeled.rows.length === 0) return { accuracy: NaN, f1: NaN, roc_auc: NaN };
  const metrics = evaluateMulticlassScores(labeled.truth, scores.probabilities.map((p) => pick(p, labeled.rows)), scores.classLabels, { maxTableEntries: 64 }).metrics;
  const valueOf = (metric: 'accuracy' | 'f1' | 'roc_auc') => metrics[metric]?.value ?? NaN;
  return { accuracy: valueOf('accuracy'), f1: valueOf('f1'), roc_auc: valueOf('roc_auc') };
}

/** P(positive) of the rows, as a frame column for the prediction-drift comparison (two classes), or the predicted class (more). */
export function predictionColumn(scores: FrameScores): FrameColumn {
  return scores.classLabels.length === 2 && scores.probabilities.length === 2 ? scores.probabilities[1] : scores.predicted;
}

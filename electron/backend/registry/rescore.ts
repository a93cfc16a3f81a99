// Re-scoring a registered version on a frozen evaluation set, for the
// beat-the-champion gate: the version's ONNX file (its registered path, else
// the copy Runlens kept) is checked against the SHA-256 recorded at
// registration, scored on every row of a labeled CSV with the scoring engine
// (readLabeledCsv reads and casts the rows as permutation importance does,
// the ONNX session scores them in batches), and one metric is computed with
// shared/evaluation, which matches scikit-learn. Nothing is cached or stored.
import fs from 'node:fs';
import path from 'node:path';
import { evaluateBinaryScores, evaluateMulticlassScores, type MetricValue } from '../../../shared/evaluation';
import type { ModelInspection } from '../../../shared/scoring/inspection';
import type { EvaluationSet, ModelVersionRecord, RescoreMetric } from '../../../shared/registry/types';
import { readFileCapped } from '../sources/safeFile';
import type { Db } from '../store/database';
import { featuresOf } from '../scoring/batchModel';
import { modelFeatureOrder, withRememberedOrder } from '../scoring/featureOrder';
import { readLabeledCsv } from '../scoring/importance';
import { resolveModel } from '../scoring/modelSource';
import { maxModelBytes, openScoringModel, type ScoringModel, type ScoringResult } from '../scoring/onnx/session';

/** Why a version could not be re-scored, in words for the gate's detail. */
export class RescoreError extends Error {}

export interface Rescored {
  value: number;
  /** The evaluation set's SHA-256: of the very bytes that were scored. */
  sha256: string;
  rows: number;
  classes: string[];
  /** 'binary': the positive class is the second; 'macro': the mean over classes (multiclass precision, recall, F1). */
  averaging: 'binary' | 'macro';
  /** The model file that was scored (the registered one, or the kept copy). */
  file: string;
}

/** The predictions of one model for every row, as the metrics need them. */
export interface RowPredictions {
  classLabels: string[];
  /** One column per class, in classLabels order. */
  probabilities: Float64Array[];
}

const batchRows = 4096;

/**
 * Scores the version on the set and computes the metric. Throws RescoreError
 * (file missing or changed, unscorable model, bad CSV, a label that is no
 * class of the model, an undefined metric); the caller's signal aborts
 * between batches with its reason.
 */
export async function rescoreVersion(db: Db, version: ModelVersionRecord, set: EvaluationSet, metric: RescoreMetric, signal?: AbortSignal): Promise<Rescored> {
  if (!path.isAbsolute(set.path)) throw new RescoreError(`The evaluation set must be an absolute path, not "${set.path}"`);
  const opened = await openVersionModel(db, version);
  try {
    const { model, features } = opened;
    const read = failing(() => readLabeledCsv(set.path, features, set.labelColumn));
    if (read.labels.length === 0) throw new RescoreError(`The evaluation set ${path.basename(set.path)} has no rows`);
    const predictions = await predictAll(model, read.columns, read.labels.length, signal);
    const computed = metricOf(metric, read.labels, predictions);
    return { ...computed, sha256: read.sha256, rows: read.labels.length, classes: predictions.classLabels, file: opened.file };
  } finally {
    await opened.model.close();
  }
}

/** The message of whatever the scoring engine threw, as a RescoreError. */
function failing<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw error instanceof RescoreError ? error : new RescoreError((error as Error).message);
  }
}

interface OpenedModel {
  model: ScoringModel;
  features: ReturnType<typeof featuresOf>['features'];
  file: string;
}

/**
 * The registered file when it is still the one registered, else the copy
 * Runlens kept; a changed file is never scored in the registered one's name.
 * An MLflow model folder is resolved to its ONNX file (its SHA-256 is then the
 * registry's business: only a file path is compared).
 */
async function openVersionModel(db: Db, version: ModelVersionRecord): Promise<OpenedModel> {
  const problems: string[] = [];
  for (const [where, candidate] of [['registered file', version.filePath], ['kept copy', version.copyPath]] as const) {
    if (candidate === null) continue;
    if (!fs.existsSync(candidate)) {
      problems.push(`the ${where} ${candidate} is missing`);
      continue;
    }
    const resolved = failing(() => resolveModel(db, { kind: 'file', path: candidate }));
    if (!resolved.file) throw new RescoreError(resolved.unscorable ?? `${candidate} holds no ONNX model`);
    const onnxFile = resolved.file;
    const bytes = failing(() => readFileCapped(onnxFile, maxModelBytes).data);
    const model = await openScoringModel(bytes, { threads: 2 }).catch((error: unknown) => Promise.reject(new RescoreError((error as Error).message)));
    if (onnxFile === path.resolve(candidate) && model.info.sha256 !== version.sha256) {
      await model.close();
      problems.push(`the ${where} ${candidate} changed since registration (SHA-256 ${model.info.sha256.slice(0, 12)}…, registered ${version.sha256.slice(0, 12)}…)`);
      continue;
    }
    try {
      return { model, features: featuresFor(db, model, resolved.source, onnxFile, resolved.signatureColumns), file: onnxFile };
    } catch (error) {
      await model.close();
      throw error;
    }
  }
  throw new RescoreError(`Version ${version.version} cannot be re-scored: ${problems.join('; ') || 'it has no file'}`);
}

/** The features in the model's order: its own, else the order the user confirmed for it (as the scoring panels do). */
function featuresFor(db: Db, model: ScoringModel, source: ModelInspection['source'], file: string, signatureColumns: string[] | null): OpenedModel['features'] {
  const { info } = model;
  if (info.unscorable) throw new RescoreError(info.unscorable);
  const inspection: ModelInspection = { source, file, size: null, info, unscorable: null, featureOrder: modelFeatureOrder(info, signatureColumns) };
  const order = withRememberedOrder(db, inspection).featureOrder;
  return failing(() => featuresOf(model, order).features);
}

/** Every row scored batchRows at a time, the probability columns joined. */
async function predictAll(model: ScoringModel, columns: (Float64Array | string[])[], rows: number, signal?: AbortSignal): Promise<RowPredictions> {
  const parts: ScoringResult[] = [];
  for (let start = 0; start < rows; start += batchRows) {
    signal?.throwIfAborted();
    const batch = columns.map((column) => column.slice(start, start + batchRows));
    parts.push(await model.score({ columns: batch }).catch((error: unknown) => Promise.reject(new RescoreError((error as Error).message))));
  }
  const { classLabels } = parts[0];
  if (parts[0].probabilities.length !== classLabels.length || classLabels.length < 2) {
    throw new RescoreError('The model gives no class probabilities, which the re-score needs');
  }
  const probabilities = classLabels.map((_, c) => {
    const joined = new Float64Array(rows);
    let at = 0;
    for (const part of parts) {
      joined.set(part.probabilities[c], at);
      at += part.probabilities[c].length;
    }
    return joined;
  });
  return { classLabels, probabilities };
}

/**
 * Each label's class index: the same text, else the same number ("1.0" is
 * class "1"), as permutation importance matches them. Throws for a label that
 * is no class of the model.
 */
export function classIndexes(labels: string[], classLabels: string[]): Int32Array {
  const exact = new Map(classLabels.map((label, i) => [label, i]));
  const numeric = new Map<number, number>();
  const numberOf = (text: string) => (text.trim() === '' ? NaN : Number(text));
  classLabels.forEach((label, i) => {
    const value = numberOf(label);
    if (Number.isFinite(value) && !numeric.has(value)) numeric.set(value, i);
  });
  return Int32Array.from(labels, (label) => {
    const value = numberOf(label);
    const index = exact.get(label) ?? (Number.isFinite(value) ? numeric.get(value) : undefined);
    if (index === undefined) throw new RescoreError(`The label "${label.slice(0, 40)}" is not one of the model's classes (${classLabels.join(', ')})`);
    return index;
  });
}

/**
 * One metric of the predictions, as scikit-learn 1.2.1 computes it. Two
 * classes: the positive class is the second (classLabels[1]); accuracy,
 * balanced accuracy, precision, recall and F1 are taken at P(positive) >= 0.5
 * (predict()'s > 0.5 differs only for a probability of exactly 0.5); ROC AUC
 * on P(positive); log loss on both columns. More classes: arg-max
 * predictions, macro-averaged precision, recall and F1, one-vs-rest macro ROC
 * AUC, log loss. Throws RescoreError when the metric is undefined (the reason given).
 */
export function metricOf(metric: RescoreMetric, labels: string[], predictions: RowPredictions): { value: number; averaging: Rescored['averaging'] } {
  const truth = classIndexes(labels, predictions.classLabels);
  let value: MetricValue;
  let averaging: Rescored['averaging'];
  if (predictions.classLabels.length === 2) {
    const isPositive = Uint8Array.from(truth, (index) => (index === 1 ? 1 : 0));
    value = evaluateBinaryScores(isPositive, predictions.probabilities[1], predictions.probabilities).metrics[metric];
    averaging = 'binary';
  } else {
    value = evaluateMulticlassScores(truth, predictions.probabilities, predictions.classLabels, { maxTableEntries: 64 }).metrics[metric];
    averaging = 'macro';
  }
  if (value.value === null) throw new RescoreError(`${metric} is undefined on this set: ${value.reason}`);
  return { value: value.value, averaging };
}

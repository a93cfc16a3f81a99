// Permutation importance: how much a model's score drops when one feature's
// column is shuffled and the others are left as they are. Pure and generic:
// the caller supplies the columns, the labels and an async predict (the ONNX
// scorer, or a plain function in tests), so the math is the same in the
// backend and anywhere else.
import { cumulativeTable } from '../evaluation/cumulative';
import { rocAuc } from '../evaluation/curves';
import { multiclassLogLoss } from '../evaluation/probabilityMetrics';

import { importanceScorers, type ImportanceScorer } from './jobs';
import { mulberry32 } from '../math/random';

export { importanceScorers, type ImportanceScorer };

export type FeatureColumn = Float64Array | string[];

/** What predict returns for every row: one probability array per class, in classLabels order, and the predicted labels if the model gives them. */
export interface ClassPredictions {
  classLabels: string[];
  probabilities: Float64Array[];
  /** The model's own predicted class per row; without it accuracy takes the arg-max of the probabilities. */
  labels?: string[];
}

export interface PermutationImportanceInput {
  /** One column per feature, every one as long as `labels`. */
  columns: FeatureColumn[];
  /** The true class of each row, as text; each must be one of the model's classes. */
  labels: string[];
  predict(columns: FeatureColumn[]): Promise<ClassPredictions>;
  /** Default 'accuracy', as sklearn's default scorer for a classifier. */
  scorer?: ImportanceScorer;
  /** Default 5. Ignored when permutations are given (their count is the repeats). */
  repeats?: number;
  /** Seeds Runlens's own generator (mulberry32 + Fisher–Yates); default 0. */
  seed?: number;
  /** permutations[feature][repeat]: row orders; row i of the permuted column holds the original row p[i]. */
  permutations?: Int32Array[][];
  onProgress?: (featuresDone: number, featureCount: number) => void;
  signal?: AbortSignal;
}

export interface PermutationImportanceResult {
  scorer: ImportanceScorer;
  baselineScore: number;
  /** importances[feature][repeat] = baseline score − score with that feature permuted. */
  importances: Float64Array[];
  means: Float64Array;
  /** Population standard deviation (ddof = 0), as numpy's std and sklearn. */
  stds: Float64Array;
}

/** Input that cannot be scored; `row` (0-based) names the offending row when there is one. */
export class PermutationImportanceError extends Error {
  constructor(
    message: string,
    readonly row: number | null = null,
  ) {
    super(message);
    this.name = 'PermutationImportanceError';
  }
}

export class PermutationImportanceCancelled extends Error {
  constructor() {
    super('The permutation importance job was cancelled');
    this.name = 'PermutationImportanceCancelled';
  }
}

// Pass explicit permutations to match scikit-learn: mulberry32 is not numpy's generator.
export { mulberry32 };

/**
 * Row orders for every feature and repeat from one seeded stream, feature by
 * feature, each a Fisher–Yates shuffle of 0..rows-1. Every feature gets its
 * own orders (sklearn instead reuses one RandomState seed for all features).
 * O(features · repeats · rows). Example: seededPermutations(2, 3, 7)[1][0] is a permutation of [0, 1, 2].
 */
export function seededPermutations(featureCount: number, repeats: number, rows: number, seed: number): Int32Array[][] {
  const random = mulberry32(seed);
  return Array.from({ length: featureCount }, () =>
    Array.from({ length: repeats }, () => {
      const order = Int32Array.from({ length: rows }, (_, i) => i);
      for (let i = rows - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        const t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      return order;
    }),
  );
}

/** A label matched to a class: the same text, else the same number ("1.0" is class "1"). */
function classIndexes(labels: string[], classLabels: string[]): Int32Array {
  const exact = new Map(classLabels.map((label, i) => [label, i]));
  const numeric = new Map<number, number>();
  classLabels.forEach((label, i) => {
    const value = label.trim() === '' ? NaN : Number(label);
    if (Number.isFinite(value) && !numeric.has(value)) numeric.set(value, i);
  });
  const indexes = new Int32Array(labels.length);
  for (let r = 0; r < labels.length; r++) {
    const value = labels[r].trim() === '' ? NaN : Number(labels[r]);
    const index = exact.get(labels[r]) ?? (Number.isFinite(value) ? numeric.get(value) : undefined);
    if (index === undefined) throw new PermutationImportanceError(`"${labels[r].slice(0, 40)}" is not one of the model's classes (${classLabels.join(', ')})`, r);
    indexes[r] = index;
  }
  return indexes;
}

function accuracy(truth: Int32Array, prediction: ClassPredictions): number {
  const { classLabels, probabilities, labels } = prediction;
  const byLabel = new Map(classLabels.map((label, i) => [label, i]));
  let correct = 0;
  for (let r = 0; r < truth.length; r++) {
    let predicted: number;
    if (labels) predicted = byLabel.get(labels[r]) ?? -1;
    else {
      predicted = 0; // the first of equal probabilities, as numpy's argmax
      for (let c = 1; c < probabilities.length; c++) if (probabilities[c][r] > probabilities[predicted][r]) predicted = c;
    }
    if (predicted === truth[r]) correct++;
  }
  return correct / truth.length;
}

/**
 * The score sklearn 1.2.1's scorer of that name gives: accuracy_score, roc_auc_score
 * of the second class's probability (binary only; sklearn reads the decision
 * function where there is one, which ranks rows the same), or −log_loss with
 * every model class as a label. Throws PermutationImportanceError where sklearn raises.
 */
export function scoreOf(scorer: ImportanceScorer, labels: string[], prediction: ClassPredictions): number {
  if (labels.length === 0) throw new PermutationImportanceError('There are no rows to score');
  const needsProbabilities = scorer !== 'accuracy' || !prediction.labels;
  if (needsProbabilities && prediction.probabilities.length !== prediction.classLabels.length) {
    throw new PermutationImportanceError(`The ${scorer} score needs the model's class probabilities, and it gives none`);
  }
  const truth = classIndexes(labels, prediction.classLabels);
  if (scorer === 'accuracy') return accuracy(truth, prediction);
  if (scorer === 'roc_auc') {
    if (prediction.classLabels.length !== 2) throw new PermutationImportanceError(`roc_auc is for two classes; this model has ${prediction.classLabels.length}`);
    const auc = rocAuc(cumulativeTable(truth, prediction.probabilities[1]));
    if (auc.value === null) throw new PermutationImportanceError(`roc_auc cannot be computed: ${auc.reason}`);
    return auc.value;
  }
  const loss = multiclassLogLoss(truth, prediction.probabilities);
  if (loss.value === null) throw new PermutationImportanceError(`neg_log_loss cannot be computed: ${loss.reason}`);
  return -loss.value;
}

function checkedPermutations(permutations: Int32Array[][], featureCount: number, rows: number): number {
  if (permutations.length !== featureCount) throw new PermutationImportanceError(`${permutations.length} features have permutations, but there are ${featureCount} features`);
  const repeats = permutations[0]?.length ?? 0;
  if (repeats < 1) throw new PermutationImportanceError('Each feature needs at least one permutation');
  const seen = new Uint8Array(rows);
  permutations.forEach((feature, f) => {
    if (feature.length !== repeats) throw new PermutationImportanceError(`Feature ${f} has ${feature.length} permutations where feature 0 has ${repeats}`);
    for (const order of feature) {
      seen.fill(0);
      if (order.length !== rows) throw new PermutationImportanceError(`A permutation of feature ${f} has ${order.length} rows, not ${rows}`);
      for (const i of order) {
        if (!(i >= 0 && i < rows) || seen[i]) throw new PermutationImportanceError(`A permutation of feature ${f} is not an order of rows 0..${rows - 1}`);
        seen[i] = 1;
      }
    }
  });
  return repeats;
}

function permuted(column: FeatureColumn, order: Int32Array): FeatureColumn {
  if (column instanceof Float64Array) {
    const out = new Float64Array(order.length);
    for (let i = 0; i < order.length; i++) out[i] = column[order[i]];
    return out;
  }
  return Array.from(order, (i) => column[i]);
}

/** Mean and population standard deviation (ddof = 0), two passes as numpy. */
function meanAndStd(values: Float64Array): [number, number] {
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let squares = 0;
  for (const v of values) squares += (v - mean) * (v - mean);
  return [mean, Math.sqrt(squares / values.length)];
}

/**
 * Equals sklearn.inspection.permutation_importance(model, X, y, scoring, n_repeats)
 * (1.2.1, max_samples=1.0, no sample weights) when given the row orders sklearn
 * applies (see test/fixtures/importance/make_reference.py): baseline score,
 * then for each feature and repeat the score with that column permuted,
 * importance = baseline − permuted, mean and std (ddof = 0) per feature.
 * O(features · repeats) predictions of every row. Throws
 * PermutationImportanceCancelled when the signal aborts (checked before each prediction).
 * Example: a model that reads only feature 0 gives feature 1 importance 0 in every repeat.
 */
export async function permutationImportance(input: PermutationImportanceInput): Promise<PermutationImportanceResult> {
  const { columns, labels, predict, signal } = input;
  const scorer = input.scorer ?? 'accuracy';
  const rows = labels.length;
  columns.forEach((column, f) => {
    if (column.length !== rows) throw new PermutationImportanceError(`Feature ${f} has ${column.length} rows but there are ${rows} labels`);
  });
  const permutations = input.permutations ?? seededPermutations(columns.length, checkedRepeats(input.repeats ?? 5), rows, input.seed ?? 0);
  const repeats = checkedPermutations(permutations, columns.length, rows);
  const scoreWith = async (features: FeatureColumn[]) => {
    if (signal?.aborted) throw new PermutationImportanceCancelled();
    return scoreOf(scorer, labels, await predict(features));
  };
  const baselineScore = await scoreWith(columns);
  const importances: Float64Array[] = [];
  const means = new Float64Array(columns.length);
  const stds = new Float64Array(columns.length);
  for (let f = 0; f < columns.length; f++) {
    const drops = new Float64Array(repeats);
    for (let r = 0; r < repeats; r++) {
      const features = columns.slice();
      features[f] = permuted(columns[f], permutations[f][r]);
      drops[r] = baselineScore - (await scoreWith(features));
    }
    importances.push(drops);
    [means[f], stds[f]] = meanAndStd(drops);
    input.onProgress?.(f + 1, columns.length);
  }
  return { scorer, baselineScore, importances, means, stds };
}

function checkedRepeats(repeats: number): number {
  if (!Number.isInteger(repeats) || repeats < 1) throw new PermutationImportanceError(`The repeats must be a whole number of at least 1, not ${repeats}`);
  return repeats;
}

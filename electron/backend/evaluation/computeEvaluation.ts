// From loaded predictions to what every evaluation view reads: one sorted,
// cumulative table for a binary problem (the renderer moves the threshold
// over it), or the arg-max matrix and one-vs-rest tables for a multiclass
// one, with the threshold-free metrics computed on every row.
import { evaluateBinaryScores, evaluateMulticlassScores, thinTable } from '../../../shared/evaluation';
import type { Evaluation, EvaluationNotice, MetricTable, MetricValue } from '../../../shared/evaluation/types';
import { scoresAreProbabilities, type LoadedPredictions } from './loadPredictions';

export interface EvaluationLimits {
  /** Entries of the binary table sent to the renderer (the slider's resolution); exact at each kept one. */
  maxTableEntries: number;
  /** Entries per one-vs-rest table of a multiclass problem (drawing only). */
  maxClassTableEntries: number;
}
export const defaultEvaluationLimits: EvaluationLimits = { maxTableEntries: 1_000_000, maxClassTableEntries: 20_000 };

const notProbabilities: MetricValue = { value: null, reason: 'the scores are not probabilities (some lie outside [0, 1])' };

function withoutProbabilityMetrics(metrics: MetricTable, probabilities: boolean): MetricTable {
  return probabilities ? metrics : { ...metrics, log_loss: notProbabilities, brier: notProbabilities };
}

function thinnedNotice(distinct: number, kept: number): EvaluationNotice[] {
  if (distinct <= kept) return [];
  return [{ level: 'warning', message: `The threshold steps through ${kept.toLocaleString('en-US')} of ${distinct.toLocaleString('en-US')} distinct scores (counts are exact at each step); the metrics are computed on every row.` }];
}

export function computeEvaluation(loaded: LoadedPredictions, limits: EvaluationLimits = defaultEvaluationLimits): Evaluation {
  const probabilities = scoresAreProbabilities(loaded);
  const common = {
    classes: loaded.classes,
    rows: loaded.rows,
    nanScoreRows: loaded.nanScoreRows,
    skippedLines: loaded.skippedLines,
    groupColumns: loaded.groupColumns.map((column) => ({ name: column.name, distinct: column.values.length })),
  };
  if (loaded.kind === 'binary') {
    const isPositive = new Uint8Array(loaded.rows);
    for (let i = 0; i < loaded.rows; i++) isPositive[i] = loaded.yTrue[i] === 1 ? 1 : 0;
    const positiveScore = loaded.positiveScore!;
    const { table, metrics } = evaluateBinaryScores(isPositive, positiveScore, loaded.scoreColumnPerClass ? loaded.scores : undefined);
    const thinned = thinTable(table, limits.maxTableEntries);
    return {
      kind: 'binary',
      ...common,
      positiveClass: loaded.classes[1],
      table: thinned,
      metrics: withoutProbabilityMetrics(metrics, probabilities),
      notices: [...loaded.notices, ...thinnedNotice(table.thresholds.length, thinned.thresholds.length)],
    };
  }
  const result = evaluateMulticlassScores(loaded.yTrue, loaded.scores, loaded.classes, { maxTableEntries: limits.maxClassTableEntries });
  const { notices: mathNotices, ...multiclass } = result;
  return {
    ...common,
    ...multiclass,
    metrics: withoutProbabilityMetrics(multiclass.metrics, probabilities),
    notices: [...loaded.notices, ...mathNotices.map((message): EvaluationNotice => ({ level: 'warning', message }))],
  };
}

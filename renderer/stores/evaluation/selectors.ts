// Named pure selectors over the evaluation store.
import type { PredictionSetKey } from '../../../shared/evaluation/predictionSets';
import type { BinaryEvaluation, MulticlassEvaluation } from '../../../shared/evaluation/types';
import type { EvaluationState } from './state';

export const selectStatus = (s: EvaluationState): EvaluationState['status'] => s.status;
export const selectEvaluation = (s: EvaluationState): EvaluationState['evaluation'] => s.evaluation;
export const selectBinary = (s: EvaluationState): BinaryEvaluation | null => (s.evaluation?.kind === 'binary' ? s.evaluation : null);
export const selectMulticlass = (s: EvaluationState): MulticlassEvaluation | null => (s.evaluation?.kind === 'multiclass' ? s.evaluation : null);
export const selectProgress = (s: EvaluationState): EvaluationState['progress'] => s.progress;
export const selectTarget = (s: EvaluationState): EvaluationState['target'] => s.target;
export const selectJob = (s: EvaluationState): EvaluationState['job'] => s.job;
export const selectChosenSet = (s: EvaluationState): EvaluationState['set'] => s.set;
export const selectPredictions = (s: EvaluationState): EvaluationState['predictions'] => s.predictions;
export const selectCost = (s: EvaluationState): EvaluationState['cost'] => s.cost;

/** How far a load got, 0..1, or null while the size is unknown. */
export function progressFraction(progress: EvaluationState['progress']): number | null {
  if (!progress || !(progress.totalBytes > 0)) return null;
  return Math.min(1, Math.max(0, progress.bytesRead / progress.totalBytes));
}

/** The table was thinned to a cap: "table thinned: 5,000 of 84,211 distinct scores", or null when it was not. */
export function thinnedNotice(evaluation: EvaluationState['evaluation']): string | null {
  if (!evaluation || evaluation.kind !== 'binary') return null;
  const { distinctScores, thresholds } = evaluation.table;
  if (distinctScores <= thresholds.length) return null;
  return `table thinned: ${thresholds.length.toLocaleString('en-US')} of ${distinctScores.toLocaleString('en-US')} distinct scores`;
}

/** Whether the set's mapping is the user's to change (an artifact), not a logged manifest's. */
export const selectMappingEditable = (s: EvaluationState): boolean => s.set?.origin === 'artifact';

/** The request key of the set in view (a new object only when the set changes). */
export const currentSetKey = (s: EvaluationState): PredictionSetKey | null => s.setKey;

/** What the table in view is called: the run's set's name, or the job's output file. */
export const selectSetName = (s: EvaluationState): string => s.set?.name ?? s.setKey?.path ?? '';

// Prediction tables and their evaluation: a run's sets, the column mapping,
// the (long) load with its progress, groups for fairness and the rows behind a
// confusion-matrix cell. A table is a run's artifact or a scoring job's output
// (PredictionSetKey); sets and the mapping exist for runs only.
import type { ArgsOf, Events } from '../../shared/api';
import type { Result } from '../../shared/errors';
import type { ColumnMapping, PredictionColumns, PredictionRows, PredictionSetKey, RunPredictions } from '../../shared/evaluation/predictionSets';
import type { Evaluation, GroupTable } from '../../shared/evaluation/types';
import { apiClient } from './client';

export type { PredictionSetKey } from '../../shared/evaluation/predictionSets';
export type EvaluationProgress = Events['evaluation/progress'];
export type PredictionRowsArgs = ArgsOf<'evaluation/rows'>;

export interface EvaluationClient {
  /** The prediction tables the run offers, and DVCLive's logged plots. */
  sets(runId: string): Promise<Result<RunPredictions>>;
  /** Header, sample rows and a guessed mapping, for the mapping dialog (runs' tables only). */
  columns(key: PredictionSetKey): Promise<Result<PredictionColumns>>;
  /** Remembers the mapping; null forgets it (runs' tables only: a job's mapping is its own). */
  setMapping(key: PredictionSetKey, mapping: ColumnMapping | null): Promise<Result<{ mapping: ColumnMapping | null }>>;
  /** Reads the whole table; `evaluation/progress` events come meanwhile. */
  load(key: PredictionSetKey): Promise<Result<Evaluation>>;
  cancel(key: PredictionSetKey): Promise<Result<{ cancelled: boolean }>>;
  /** One cumulative table per value of `column` (binary problems). */
  groups(key: PredictionSetKey, column: string): Promise<Result<GroupTable[]>>;
  rows(args: PredictionRowsArgs): Promise<Result<PredictionRows>>;
  /** Progress of the loads in flight (any run or job, any table: the listener filters). */
  onProgress(listener: (progress: EvaluationProgress) => void): () => void;
}

/**
 * Only the fields the contract names, and only the one of runId and jobId
 * that is set: a caller's wider object (or an undefined field, which HTTP
 * drops but IPC keeps) must not reach the strict schema.
 */
export function predictionSetArgs(key: PredictionSetKey): PredictionSetKey {
  return key.jobId !== undefined ? { jobId: key.jobId, path: key.path } : { runId: key.runId, path: key.path };
}

export const evaluationClient: EvaluationClient = {
  sets: (runId) => apiClient().send('evaluation/sets', { runId }),
  columns: (key) => apiClient().send('evaluation/columns', predictionSetArgs(key)),
  setMapping: (key, mapping) => apiClient().send('evaluation/setMapping', { ...predictionSetArgs(key), mapping }),
  load: (key) => apiClient().send('evaluation/load', predictionSetArgs(key)),
  cancel: (key) => apiClient().send('evaluation/cancel', predictionSetArgs(key)),
  groups: (key, column) => apiClient().send('evaluation/groups', { ...predictionSetArgs(key), column }),
  rows: (args) => apiClient().send('evaluation/rows', args),
  onProgress: (listener) => apiClient().subscribe('evaluation/progress', listener),
};

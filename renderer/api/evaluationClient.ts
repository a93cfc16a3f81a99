// A run's prediction sets and their evaluation: the tables, the column
// mapping, the (long) load with its progress, groups for fairness and the
// rows behind a confusion-matrix cell.
import type { ArgsOf, Events } from '../../shared/api';
import type { Result } from '../../shared/errors';
import type { ColumnMapping, PredictionColumns, PredictionRows, RunPredictions } from '../../shared/evaluation/predictionSets';
import type { Evaluation, GroupTable } from '../../shared/evaluation/types';
import { apiClient } from './client';

export type EvaluationProgress = Events['evaluation/progress'];
export type PredictionRowsArgs = ArgsOf<'evaluation/rows'>;

/** Which table of which run: the key of every evaluation request. */
export interface PredictionSetKey {
  runId: string;
  path: string;
}

export interface EvaluationClient {
  /** The prediction tables the run offers, and DVCLive's logged plots. */
  sets(runId: string): Promise<Result<RunPredictions>>;
  /** Header, sample rows and a guessed mapping, for the mapping dialog. */
  columns(key: PredictionSetKey): Promise<Result<PredictionColumns>>;
  /** Remembers the mapping; null forgets it. */
  setMapping(key: PredictionSetKey, mapping: ColumnMapping | null): Promise<Result<{ mapping: ColumnMapping | null }>>;
  /** Reads the whole table; `evaluation/progress` events come meanwhile. */
  load(key: PredictionSetKey): Promise<Result<Evaluation>>;
  cancel(key: PredictionSetKey): Promise<Result<{ cancelled: boolean }>>;
  /** One cumulative table per value of `column` (binary problems). */
  groups(key: PredictionSetKey, column: string): Promise<Result<GroupTable[]>>;
  rows(args: PredictionRowsArgs): Promise<Result<PredictionRows>>;
  /** Progress of the loads in flight (any run, any table: the listener filters). */
  onProgress(listener: (progress: EvaluationProgress) => void): () => void;
}

/** Only the fields the contract names: a caller's wider object must not reach the strict schema. */
const keyArgs = ({ runId, path }: PredictionSetKey): PredictionSetKey => ({ runId, path });

export const evaluationClient: EvaluationClient = {
  sets: (runId) => apiClient().send('evaluation/sets', { runId }),
  columns: (key) => apiClient().send('evaluation/columns', keyArgs(key)),
  setMapping: (key, mapping) => apiClient().send('evaluation/setMapping', { ...keyArgs(key), mapping }),
  load: (key) => apiClient().send('evaluation/load', keyArgs(key)),
  cancel: (key) => apiClient().send('evaluation/cancel', keyArgs(key)),
  groups: (key, column) => apiClient().send('evaluation/groups', { ...keyArgs(key), column }),
  rows: (args) => apiClient().send('evaluation/rows', args),
  onProgress: (listener) => apiClient().subscribe('evaluation/progress', listener),
};

// The open evaluation's state, slice by slice: what is evaluated and how far
// its load got, the column-mapping dialog, the fairness groups, and the view's
// own settings. The threshold lives apart (threshold.ts): it changes on every
// animation frame while dragging, and only what shows it may re-render.
import type { ApiError } from '../../../shared/errors';
import type { ColumnMapping, PredictionColumns, PredictionSet, RunPredictions } from '../../../shared/evaluation/predictionSets';
import type { CalibrationStrategy, ClassOrder, ConfusionNormalization, CostSettings, Evaluation, GroupTable } from '../../../shared/evaluation/types';
import type { ScoringJob } from '../../../shared/scoring/jobs';
import type { EvaluationClient, EvaluationProgress, PredictionSetKey } from '../../api/evaluationClient';
import type { Result } from '../../../shared/errors';
import type { LoadStatus } from '../latest';
import type { EvaluationTarget } from '../ui/store';

/**
 * Where the evaluation of the target is:
 * `idle` no set picked (the view offers the run's sets; a job's target: the
 * job is still being looked up, or cannot be evaluated), `needs-mapping` an
 * artifact whose columns the user has not mapped yet, `loading` the table is
 * being read, `cancelled` the user stopped that, `ready`, `error`.
 */
export type EvaluationStatus = 'idle' | 'needs-mapping' | 'loading' | 'cancelled' | 'ready' | 'error';

export interface LoadSlice {
  target: EvaluationTarget | null;
  /** The run's name, for the header (its id until known). */
  runName: string | null;
  /** The run's prediction sets and DVCLive's logged plots. */
  predictions: RunPredictions | null;
  setsStatus: LoadStatus;
  setsError: ApiError | null;
  /** The scoring job whose output is evaluated (job targets only). */
  job: ScoringJob | null;
  jobStatus: LoadStatus;
  /** The job could not be listed, or cannot be evaluated (unknown, not finished, no label column). */
  jobError: ApiError | null;
  /** The run's set being evaluated (from `predictions`, or an artifact the list did not name); null for a job. */
  set: PredictionSet | null;
  /** Its request key: a new object only when another set is chosen, so views can depend on it. */
  setKey: PredictionSetKey | null;
  status: EvaluationStatus;
  /** How far the read got (the newest event for this set). */
  progress: EvaluationProgress | null;
  evaluation: Evaluation | null;
  error: ApiError | null;
  /** Reads the set again (after an error or a Cancel), and its run's sets or its job. */
  reload(): void;
  /** Stops the load in progress. */
  cancel(): Promise<void>;
  /** Follows the ui store's target and the progress events; returns the function that stops. */
  startSync(): () => void;
}

export interface MappingSlice {
  mappingOpen: boolean;
  /** Header, sample and guess of the set's table. */
  columns: PredictionColumns | null;
  columnsStatus: LoadStatus;
  columnsError: ApiError | null;
  saving: boolean;
  saveError: ApiError | null;
  /** Opens the mapping dialog for the set in view (fetching its columns). */
  openMapping(): void;
  closeMapping(): void;
  /** Remembers the mapping, then loads the set with it. */
  saveMapping(mapping: ColumnMapping): Promise<void>;
  /** Forgets the remembered mapping: the dialog opens again. */
  forgetMapping(): Promise<void>;
}

export interface FairnessSlice {
  /** The column the fairness table groups by (binary only). */
  groupColumn: string | null;
  groupTables: GroupTable[] | null;
  groupsStatus: LoadStatus;
  groupsError: ApiError | null;
  setGroupColumn(column: string | null): void;
}

export interface ViewSettings {
  normalization: ConfusionNormalization;
  classOrder: ClassOrder;
  /** The side of a confusion-matrix cell in px (the zoom control); null fits the matrix to the width. */
  cellSize: number | null;
  cost: CostSettings;
  calibrationBins: number;
  calibrationStrategy: CalibrationStrategy;
  histogramBins: number;
}

export interface ViewSlice extends ViewSettings {
  setView(patch: Partial<ViewSettings>): void;
}

export type EvaluationState = LoadSlice & MappingSlice & FairnessSlice & ViewSlice;

/** What the store needs from outside: the evaluation requests, the run's name, and a scoring job by id. */
export interface EvaluationDeps {
  client: EvaluationClient;
  runName(runId: string): Promise<Result<string>>;
  /** The recorded job with this id, or null when none is. */
  scoringJob(jobId: number): Promise<Result<ScoringJob | null>>;
}

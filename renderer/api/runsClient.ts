// Runs and their details.
import type { ArgsOf, Events } from '../../shared/api';
import type { ArtifactPreview } from '../../shared/artifactPreview';
import type { MetricSeries, Run, RunDetail } from '../../shared/domain';
import type { RunAnnotation, RunColumnsAvailable, RunsPage } from '../../shared/runQuery';
import type { Result } from '../../shared/errors';
import { apiClient } from './client';

export type RunsChanged = Events['runs/changed'];
export type RunsListArgs = ArgsOf<'runs/list'>;
export type RunsQueryArgs = ArgsOf<'runs/query'>;
export type RunsColumnsArgs = ArgsOf<'runs/columns'>;
export type AnnotateArgs = ArgsOf<'runs/annotate'>;
export type MetricSeriesArgs = ArgsOf<'runs/metricSeries'>;

export interface RunsListOptions {
  /** Also list runs deleted in their source (MLflow's lifecycle_stage). */
  includeDeleted?: boolean;
}

/** The request's arguments, naming only what differs from the backend's defaults. */
export function runsListArgs(projectId: number | null, options: RunsListOptions = {}): RunsListArgs {
  return {
    ...(projectId === null ? {} : { projectId }),
    ...(options.includeDeleted ? { includeDeleted: true } : {}),
  };
}

export interface RunsClient {
  /** Runs of one project, or of every project when projectId is null; deleted ones only when asked. */
  list(projectId: number | null, options?: RunsListOptions): Promise<Result<Run[]>>;
  get(runId: string): Promise<Result<RunDetail>>;
  metricSeries(runId: string, key: string, maxPoints?: number): Promise<Result<MetricSeries>>;
  /** A series over a step range, downsampled (M4) to `maxPoints` in the backend. */
  series(args: MetricSeriesArgs): Promise<Result<MetricSeries>>;
  /** A filtered, sorted window of lean rows with the columns asked for. */
  query(args: RunsQueryArgs): Promise<Result<RunsPage>>;
  columns(args: RunsColumnsArgs): Promise<Result<RunColumnsAvailable>>;
  annotate(args: AnnotateArgs): Promise<Result<{ annotations: Record<string, RunAnnotation> }>>;
  artifact(runId: string, path: string): Promise<Result<ArtifactPreview>>;
  onChanged(listener: (change: RunsChanged) => void): () => void;
}

export const runsClient: RunsClient = {
  list: (projectId, options) => apiClient().send('runs/list', runsListArgs(projectId, options)),
  get: (runId) => apiClient().send('runs/get', { runId }),
  metricSeries: (runId, key, maxPoints) =>
    apiClient().send('runs/metricSeries', maxPoints === undefined ? { runId, key } : { runId, key, maxPoints }),
  series: (args) => apiClient().send('runs/metricSeries', args),
  query: (args) => apiClient().send('runs/query', args),
  columns: (args) => apiClient().send('runs/columns', args),
  annotate: (args) => apiClient().send('runs/annotate', args),
  artifact: (runId, path) => apiClient().send('runs/artifact', { runId, path }),
  onChanged: (listener) => apiClient().subscribe('runs/changed', listener),
};

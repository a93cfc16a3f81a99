// Runs and their details.
import type { ArgsOf, Events } from '../../shared/api';
import type { MetricSeries, Run, RunDetail } from '../../shared/domain';
import type { Result } from '../../shared/errors';
import { apiClient } from './client';

export type RunsChanged = Events['runs/changed'];
export type RunsListArgs = ArgsOf<'runs/list'>;

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
  onChanged(listener: (change: RunsChanged) => void): () => void;
}

export const runsClient: RunsClient = {
  list: (projectId, options) => apiClient().send('runs/list', runsListArgs(projectId, options)),
  get: (runId) => apiClient().send('runs/get', { runId }),
  metricSeries: (runId, key, maxPoints) =>
    apiClient().send('runs/metricSeries', maxPoints === undefined ? { runId, key } : { runId, key, maxPoints }),
  onChanged: (listener) => apiClient().subscribe('runs/changed', listener),
};

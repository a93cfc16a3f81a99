// Runs and their details.
import type { Events } from '../../shared/api';
import type { MetricSeries, Run, RunDetail } from '../../shared/domain';
import type { Result } from '../../shared/errors';
import { apiClient } from './client';

export type RunsChanged = Events['runs/changed'];

export interface RunsClient {
  /** Runs of one project, or of every project when projectId is null. */
  list(projectId: number | null): Promise<Result<Run[]>>;
  get(runId: string): Promise<Result<RunDetail>>;
  metricSeries(runId: string, key: string, maxPoints?: number): Promise<Result<MetricSeries>>;
  onChanged(listener: (change: RunsChanged) => void): () => void;
}

export const runsClient: RunsClient = {
  list: (projectId) => apiClient().send('runs/list', projectId === null ? {} : { projectId }),
  get: (runId) => apiClient().send('runs/get', { runId }),
  metricSeries: (runId, key, maxPoints) =>
    apiClient().send('runs/metricSeries', maxPoints === undefined ? { runId, key } : { runId, key, maxPoints }),
  onChanged: (listener) => apiClient().subscribe('runs/changed', listener),
};

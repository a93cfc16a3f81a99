// Permutation importance: start a job on a labeled CSV (progress as
// `importance/progress` events), stop it, the importance jobs recorded (their
// results ride on the job), and a CSV's header for picking the label column.
import type { ArgsOf, Events } from '../../shared/api';
import type { Result } from '../../shared/errors';
import type { ScoringJob } from '../../shared/scoring/jobs';
import { apiClient } from './client';
import { modelArgs } from './scoringClient';

export type ImportanceProgress = Events['importance/progress'];
export type ImportanceArgs = ArgsOf<'scoring/importance'>;

export interface ImportanceClient {
  /** Starts a job; answers its id at once. */
  start(args: ImportanceArgs): Promise<Result<{ jobId: number }>>;
  cancel(jobId: number): Promise<Result<{ cancelled: boolean }>>;
  /** The recorded jobs of kind 'importance', as the backend orders them. */
  jobs(limit?: number): Promise<Result<ScoringJob[]>>;
  columns(path: string): Promise<Result<{ path: string; columns: string[] }>>;
  /** Progress of every importance job in flight (the listener filters). */
  onProgress(listener: (progress: ImportanceProgress) => void): () => void;
}

export const importanceClient: ImportanceClient = {
  start: (args) => apiClient().send('scoring/importance', { ...args, model: modelArgs(args.model) }),
  cancel: (jobId) => apiClient().send('scoring/cancel', { jobId }),
  async jobs(limit) {
    // scoring/jobs lists both kinds; the score jobs are the jobs table's business.
    const result = await apiClient().send('scoring/jobs', limit === undefined ? {} : { limit });
    return result.ok ? { ok: true, value: result.value.filter((job) => job.kind === 'importance') } : result;
  },
  columns: (path) => apiClient().send('scoring/columns', { path }),
  onProgress: (listener) => apiClient().subscribe('importance/progress', listener),
};

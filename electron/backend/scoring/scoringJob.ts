// One recorded scoring job: a row in scoring_jobs when it starts, updated once
// when it ends (finished, failed with its reason, or cancelled), whatever happens
// in between. The CLI, and later the app's worker, run batch scoring through it.
import type { ScoringJob } from '../../../shared/scoring/jobs';
import type { Db } from '../store/database';
import { scoreCsv, ScoringCancelled, type BatchModel, type BatchOptions, type BatchSummary } from './batchScore';
import { endJob, startJob } from './queries';

export interface ScoringJobRequest {
  model: BatchModel;
  modelInfo: ScoringJob['model'];
  input: string;
  output: string;
  options: BatchOptions;
  /** Recorded with the job (batch size, threads, missing-value policy). */
  settings: Record<string, unknown>;
}

export async function runScoringJob(db: Db, request: ScoringJobRequest): Promise<BatchSummary & { jobId: number }> {
  const startedAt = Date.now();
  const jobId = startJob(db, { kind: 'score', model: request.modelInfo, inputPath: request.input, outputPath: request.output, settings: request.settings, startedAt });
  try {
    const summary = await scoreCsv(request.model, request.input, request.output, request.options);
    endJob(db, jobId, {
      status: 'finished',
      inputSha256: summary.inputSha256,
      inputRows: summary.rows,
      durationMs: Date.now() - startedAt,
      rowsPerSecond: summary.rowsPerSecond,
      error: null,
    });
    return { ...summary, jobId };
  } catch (error) {
    endJob(db, jobId, {
      status: error instanceof ScoringCancelled ? 'cancelled' : 'failed',
      inputSha256: null,
      inputRows: null,
      durationMs: Date.now() - startedAt,
      rowsPerSecond: null,
      error: error instanceof Error ? error.message : String(error),
    });
    throw error;
  }
}

// One recorded scoring job: a row in scoring_jobs when it starts, updated once
// when it ends (finished, failed with its reason, or cancelled), whatever happens
// in between. The CLI runs the work in its own thread; the app in a worker.
import type { ScoringJob } from '../../../shared/scoring/jobs';
import type { Db } from '../store/database';
import { scoreCsv, ScoringCancelled, type BatchModel, type BatchOptions, type BatchSummary } from './batchScore';
import { endJob, startJob } from './queries';

export interface RecordedJob {
  modelInfo: ScoringJob['model'];
  input: string;
  output: string;
  /** Recorded with the job (batch size, threads, missing-value policy, feature order). */
  settings: Record<string, unknown>;
}

/** Records the job around `work`; `onStart` learns its id before the work begins. */
export async function recordScoringJob(db: Db, job: RecordedJob, work: () => Promise<BatchSummary>, onStart?: (jobId: number) => void): Promise<BatchSummary & { jobId: number }> {
  const startedAt = Date.now();
  const jobId = startJob(db, { kind: 'score', model: job.modelInfo, inputPath: job.input, outputPath: job.output, settings: job.settings, startedAt });
  onStart?.(jobId);
  try {
    const summary = await work();
    endJob(db, jobId, { status: 'finished', inputSha256: summary.inputSha256, inputRows: summary.rows, durationMs: Date.now() - startedAt, rowsPerSecond: summary.rowsPerSecond, error: null });
    return { ...summary, jobId };
  } catch (error) {
    const cancelled = error instanceof ScoringCancelled || (error as { cancelled?: boolean }).cancelled === true;
    endJob(db, jobId, {
      status: cancelled ? 'cancelled' : 'failed',
      inputSha256: null,
      inputRows: null,
      durationMs: Date.now() - startedAt,
      rowsPerSecond: null,
      error: error instanceof Error ? error.message : String(error),
    });
    throw error;
  }
}

export interface ScoringJobRequest extends RecordedJob {
  model: BatchModel;
  options: BatchOptions;
}

/** A job scored in this thread (the CLI, tests). */
export function runScoringJob(db: Db, request: ScoringJobRequest): Promise<BatchSummary & { jobId: number }> {
  return recordScoringJob(db, request, () => scoreCsv(request.model, request.input, request.output, request.options));
}

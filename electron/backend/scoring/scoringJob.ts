// One recorded scoring job: a row in scoring_jobs when it starts, updated once
// when it ends (finished, failed with its reason, or cancelled), whatever happens
// in between. The CLI runs the work in its own thread; the app in a worker.
import type { ScoringJob } from '../../../shared/scoring/jobs';
import type { Db } from '../store/database';
import { labelColumnIndex } from '../../../shared/evaluation/labelColumn';
import { scoreCsv, ScoringCancelled, ScoringInputError, type BatchModel, type BatchOptions, type BatchSummary, type FeatureSpec } from './batchScore';
import { endJob, startJob } from './queries';

export interface RecordedJob {
  modelInfo: ScoringJob['model'];
  input: string;
  output: string;
  /** Recorded with the job (batch size, threads, missing-value policy, feature order). */
  settings: Record<string, unknown>;
  /** The input's column of true classes, kept in the output (which can then be evaluated). */
  labelColumn: string | null;
}

/**
 * The label column of a score job: the one asked for (null: none), else the
 * column that is not a feature and is named like one (label, target, y_true,
 * …), else the only such column whose first values are all the model's classes.
 */
export function labelColumnFor(records: string[][], features: FeatureSpec[], requested: string | null | undefined, classLabels: string[] | null): string | null {
  const header = (records[0] ?? []).map((name) => name.trim());
  if (requested === null) return null;
  if (requested !== undefined) {
    if (!header.includes(requested)) throw new ScoringInputError(`The input has no label column "${requested}" (its columns: ${header.join(', ')})`);
    return requested;
  }
  const featureColumns = new Set(features.map((feature) => feature.column));
  const candidates = header.filter((name) => !featureColumns.has(name));
  const named = labelColumnIndex(candidates);
  if (named >= 0) return candidates[named];
  if (!classLabels?.length || records.length < 2) return null;
  const classes = new Set(classLabels);
  const holdingClasses = candidates.filter((name) => {
    const index = header.indexOf(name);
    return records.slice(1).every((row) => classes.has((row[index] ?? '').trim()));
  });
  return holdingClasses.length === 1 ? holdingClasses[0] : null;
}

/** Records the job around `work`; `onStart` learns its id before the work begins. */
export async function recordScoringJob(db: Db, job: RecordedJob, work: () => Promise<BatchSummary>, onStart?: (jobId: number) => void): Promise<BatchSummary & { jobId: number }> {
  const startedAt = Date.now();
  const jobId = startJob(db, { kind: 'score', model: job.modelInfo, inputPath: job.input, outputPath: job.output, settings: job.settings, startedAt, labelColumn: job.labelColumn });
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
  return recordScoringJob(db, request, () => scoreCsv(request.model, request.input, request.output, { ...request.options, labelColumn: request.labelColumn ?? undefined }));
}

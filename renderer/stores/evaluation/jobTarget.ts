// A scoring job's output as a table to evaluate. The job's mapping is its own
// (its label column and proba_<class> columns, known to the backend), so it
// opens with no mapping dialog, once the job finished and kept a label column.
import type { ApiError } from '../../../shared/errors';
import type { PredictionSetKey } from '../../../shared/evaluation/predictionSets';
import type { ScoringJob } from '../../../shared/scoring/jobs';
import { baseName } from '../../format/date';

/** Why a job cannot be evaluated, in words the user can act on; null when it can. */
export function jobProblem(jobId: number, job: ScoringJob | null): ApiError | null {
  const no = (message: string): ApiError => ({ code: 'bad-request', message });
  if (!job) return { code: 'not-found', message: `No scoring job #${jobId} is recorded in this data folder.` };
  if (job.kind !== 'score') return no(`Job #${jobId} measured permutation importance: it wrote no predictions to evaluate.`);
  if (job.status === 'running') return no(`Job #${jobId} is still running: its evaluation can open once it finishes.`);
  if (job.status === 'failed') return no(`Job #${jobId} failed, so it wrote no predictions${job.error ? `: ${job.error}` : '.'}`);
  if (job.status === 'cancelled') return no(`Job #${jobId} was cancelled, so it wrote no predictions.`);
  if (!job.outputPath) return no(`Job #${jobId} recorded no output file.`);
  if (job.labelColumn === null) {
    return no(`Job #${jobId} kept no label column: its output holds predictions but no true classes to compare them with. Score the CSV again with its label column chosen.`);
  }
  return null;
}

/** The request key of a job's output: the job, and the output file's name. */
export function jobSetKey(job: ScoringJob): PredictionSetKey {
  return { jobId: job.id, path: baseName(job.outputPath ?? '') };
}

// A finished scoring job's output as a prediction table: the label column it
// kept and the proba_<class> columns it wrote are the mapping, so nothing is
// guessed. The file is found through the job's record, never a path the
// caller names, and read only if it is still the regular file the job wrote.
import fs from 'node:fs';
import path from 'node:path';
import type { ColumnMapping, PredictionSetKey } from '../../../shared/evaluation/predictionSets';
import { RequestFailed } from '../handlerTypes';
import { headerOf } from '../scoring/batchScore';
import { jobById } from '../scoring/queries';
import type { Db } from '../store/database';
import type { TableFormat } from './predictionTable';

export interface ResolvedTable {
  file: string;
  format: TableFormat;
  mapping: ColumnMapping;
  size: number;
}

const probabilityPrefix = 'proba_';

export function jobPredictionSet(db: Db, jobId: number, name: string): ResolvedTable {
  const job = jobById(db, jobId);
  if (!job || job.kind !== 'score') throw new RequestFailed('not-found', `No scoring job #${jobId}`);
  if (job.status !== 'finished' || !job.outputPath) throw new RequestFailed('bad-request', `Scoring job #${jobId} ${job.status === 'running' ? 'is still running' : `was ${job.status}`}: it has no output to evaluate`);
  if (name !== path.basename(job.outputPath ?? '')) throw new RequestFailed('bad-request', `Scoring job #${jobId} wrote ${path.basename(job.outputPath ?? '')}, not "${name}"`);
  if (!job.labelColumn) throw new RequestFailed('bad-request', `The input of scoring job #${jobId} had no label column, so its output cannot be evaluated`);
  let size: number;
  let header: string[];
  try {
    size = fs.statSync(job.outputPath).size;
    header = headerOf(job.outputPath);
  } catch {
    throw new RequestFailed('not-found', `${path.basename(job.outputPath)}, the output of scoring job #${jobId}, is no longer on disk`);
  }
  const scores = header.filter((column) => column.startsWith(probabilityPrefix));
  if (scores.length === 0) throw new RequestFailed('bad-request', `The model of scoring job #${jobId} gave no probabilities, only labels: there is nothing to draw curves from`);
  if (!header.includes(job.labelColumn)) throw new RequestFailed('bad-request', `${path.basename(job.outputPath)} has no column "${job.labelColumn}" any more`);
  const scoreClasses = scores.map((column) => column.slice(probabilityPrefix.length));
  // Binary models write both classes' columns; the second is the positive one, as scikit-learn's classes_[1].
  const mapping: ColumnMapping = { label: job.labelColumn, scores, scoreClasses, positive: scoreClasses.length === 2 ? scoreClasses[1] : null };
  return { file: job.outputPath, format: 'csv', mapping, size };
}

/** The key of a request: exactly one of runId and jobId. */
export function predictionSetKeyOf(args: { runId?: string; jobId?: number; path: string }): PredictionSetKey {
  if (args.runId !== undefined && args.jobId === undefined) return { runId: args.runId, path: args.path };
  if (args.jobId !== undefined && args.runId === undefined) return { jobId: args.jobId, path: args.path };
  throw new RequestFailed('bad-request', 'Name either a run (runId) or a scoring job (jobId), not both or neither');
}

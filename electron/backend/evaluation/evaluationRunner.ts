// Runs one evaluation job (read the table, compute the views' data) in a
// worker when the host has the bundled script, in this thread otherwise (the
// tests' in-process backend). Cancel ends the worker at once.
import { Worker } from 'node:worker_threads';
import type { ColumnMapping } from '../../../shared/evaluation/predictionSets';
import type { Evaluation } from '../../../shared/evaluation/types';
import { RequestFailed } from '../handlerTypes';
import { computeEvaluation, type EvaluationLimits } from './computeEvaluation';
import { loadPredictions, type LoadedPredictions } from './loadPredictions';
import { readFailure, ReadCancelled, type TableFormat } from './predictionTable';

export interface EvaluationJob {
  file: string;
  /** The artifact's path in its run, for messages (never the file's absolute path). */
  artifactPath: string;
  format: TableFormat;
  mapping: ColumnMapping;
  limits?: EvaluationLimits;
}

export type EvaluationWorkerMessage =
  | { kind: 'progress'; bytesRead: number; totalBytes: number; rowsRead: number }
  | { kind: 'done'; evaluation: Evaluation; loaded: LoadedPredictions }
  | { kind: 'error'; message: string; code?: string };

export interface EvaluationOutcome {
  evaluation: Evaluation;
  loaded: LoadedPredictions;
}

export interface RunningEvaluation {
  result: Promise<EvaluationOutcome>;
  cancel(): void;
}

export type ProgressListener = (bytesRead: number, totalBytes: number, rowsRead: number) => void;

/** The typed arrays' buffers, moved to the receiving thread instead of copied. */
export function transferablesOf(loaded: LoadedPredictions): ArrayBuffer[] {
  const arrays = [loaded.yTrue, loaded.lines, ...loaded.scores, ...loaded.groupColumns.map((column) => column.codes)];
  if (loaded.positiveScore && !loaded.scores.includes(loaded.positiveScore)) arrays.push(loaded.positiveScore);
  return [...new Set(arrays.map((array) => array.buffer as ArrayBuffer))];
}

const knownCodes = new Set(['not-found', 'unreadable', 'bad-request']);

function failureOf(message: string, code?: string): Error {
  if (code && knownCodes.has(code)) return new RequestFailed(code as 'bad-request', message);
  if (code === 'cancelled') return new ReadCancelled();
  return new RequestFailed('unreadable', message);
}

function inThread(job: EvaluationJob, onProgress: ProgressListener): RunningEvaluation {
  const controller = new AbortController();
  const result = loadPredictions(job.file, job.format, job.mapping, { signal: controller.signal, onProgress }).catch((error: unknown) => {
    throw readFailure(error, job.artifactPath);
  }).then((loaded) => ({
    loaded,
    evaluation: computeEvaluation(loaded, job.limits),
  }));
  return { result, cancel: () => controller.abort() };
}

function inWorker(script: string, job: EvaluationJob, onProgress: ProgressListener): RunningEvaluation {
  const worker = new Worker(script, { workerData: job });
  let cancelled = false;
  const result = new Promise<EvaluationOutcome>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.on('message', (message: EvaluationWorkerMessage) => {
      if (message.kind === 'progress') onProgress(message.bytesRead, message.totalBytes, message.rowsRead);
      else if (message.kind === 'done') settle(() => resolve({ evaluation: message.evaluation, loaded: message.loaded }));
      else settle(() => reject(failureOf(message.message, message.code)));
    });
    worker.on('error', (error) => settle(() => reject(new RequestFailed('unreadable', `The evaluation stopped: ${error.message}`))));
    worker.on('exit', (code) => settle(() => reject(cancelled ? new ReadCancelled() : new RequestFailed('unreadable', `The evaluation worker stopped (exit code ${code})`))));
  });
  return {
    result,
    cancel() {
      cancelled = true;
      void worker.terminate();
    },
  };
}

export function runEvaluation(workerScript: string | undefined, job: EvaluationJob, onProgress: ProgressListener): RunningEvaluation {
  return workerScript ? inWorker(workerScript, job, onProgress) : inThread(job, onProgress);
}

// Runs one batch-scoring job in the bundled worker when the host has it, in
// this thread otherwise (the tests' in-process backend), with the same messages.
import { Worker } from 'node:worker_threads';
import { RequestFailed } from '../handlerTypes';
import { batchModelOf } from './batchModel';
import { scoreCsv, ScoringCancelled, type BatchOptions, type BatchSummary, type FeatureSpec } from './batchScore';
import { openScoringModel } from './onnx/session';

export interface ScoringWorkerJob {
  modelFile: string;
  threads: number;
  features: FeatureSpec[];
  input: string;
  output: string;
  options: Omit<BatchOptions, 'signal' | 'onProgress'>;
}

export type ScoringProgress = { rows: number; bytesRead: number; totalBytes: number; rowsPerSecond: number };

export type ScoringWorkerMessage =
  | ({ kind: 'progress' } & ScoringProgress)
  | { kind: 'done'; summary: BatchSummary }
  | { kind: 'cancelled' }
  | { kind: 'error'; reason: 'model' | 'input' | 'other'; message: string };

export interface RunningScoring {
  result: Promise<BatchSummary>;
  cancel(): void;
}

function failureOf(message: Extract<ScoringWorkerMessage, { kind: 'error' }>): Error {
  return new RequestFailed(message.reason === 'other' ? 'unreadable' : 'bad-request', message.message);
}

function inThread(job: ScoringWorkerJob, onProgress: (p: ScoringProgress) => void): RunningScoring {
  const controller = new AbortController();
  const result = openScoringModel(job.modelFile, { threads: job.threads }).then(async (model) => {
    try {
      return await scoreCsv(batchModelOf(model, job.features), job.input, job.output, { ...job.options, signal: controller.signal, onProgress });
    } finally {
      await model.close();
    }
  });
  return { result, cancel: () => controller.abort() };
}

function inWorker(script: string, job: ScoringWorkerJob, onProgress: (p: ScoringProgress) => void): RunningScoring {
  const worker = new Worker(script, { workerData: job });
  const result = new Promise<BatchSummary>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (!settled) {
        settled = true;
        fn();
      }
    };
    worker.on('message', (message: ScoringWorkerMessage) => {
      if (message.kind === 'progress') onProgress(message);
      else if (message.kind === 'done') settle(() => resolve(message.summary));
      else if (message.kind === 'cancelled') settle(() => reject(new ScoringCancelled()));
      else settle(() => reject(failureOf(message)));
    });
    worker.on('error', (error) => settle(() => reject(new RequestFailed('unreadable', `The scoring worker stopped: ${error.message}`))));
    worker.on('exit', (code) => settle(() => reject(new RequestFailed('unreadable', `The scoring worker stopped (exit code ${code})`))));
  });
  return { result, cancel: () => worker.postMessage({ cancel: true }) };
}

export function runScoring(workerScript: string | undefined, job: ScoringWorkerJob, onProgress: (p: ScoringProgress) => void): RunningScoring {
  return workerScript ? inWorker(workerScript, job, onProgress) : inThread(job, onProgress);
}

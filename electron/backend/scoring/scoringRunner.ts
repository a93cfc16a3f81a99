// Runs one batch-scoring job in the bundled worker when the host has it, in
// this thread otherwise (the tests' in-process backend), with the same outcome.
import { batchModelOf } from './batchModel';
import { scoreCsv, ScoringCancelled, type BatchOptions, type BatchSummary, type FeatureSpec } from './batchScore';
import { openScoringModel } from './onnx/session';
import { startWorkerJob, type RunningJob } from './workerJob';

export interface ScoringWorkerJob {
  modelFile: string;
  threads: number;
  features: FeatureSpec[];
  input: string;
  output: string;
  options: Omit<BatchOptions, 'signal' | 'onProgress'>;
}

export type ScoringProgress = { rows: number; bytesRead: number; totalBytes: number; rowsPerSecond: number };

export type RunningScoring = RunningJob<BatchSummary>;

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

export function runScoring(workerScript: string | undefined, job: ScoringWorkerJob, onProgress: (p: ScoringProgress) => void): RunningScoring {
  return workerScript ? startWorkerJob(workerScript, job, 'scoring', onProgress, () => new ScoringCancelled()) : inThread(job, onProgress);
}

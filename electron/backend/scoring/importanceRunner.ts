// Runs one permutation-importance job in the bundled worker when the host has
// it, in this thread otherwise (the tests' in-process backend), with the same outcome.
import { PermutationImportanceCancelled, type ImportanceScorer } from '../../../shared/scoring/permutationImportance';
import type { FeatureSpec } from './batchScore';
import { computeImportance, type ComputedImportance } from './importance';
import { openScoringModel } from './onnx/session';
import { startWorkerJob, type RunningJob } from './workerJob';

export interface ImportanceWorkerJob {
  modelFile: string;
  threads: number;
  features: FeatureSpec[];
  input: string;
  label: string;
  scorer: ImportanceScorer;
  repeats: number;
  seed: number;
}

export type ImportanceProgress = { featuresDone: number; featureCount: number };

/** Opens the model, computes, closes it: what the worker and the in-thread fallback both do. */
export async function importanceOf(job: ImportanceWorkerJob, signal: AbortSignal, progress: (p: ImportanceProgress) => void): Promise<ComputedImportance> {
  const model = await openScoringModel(job.modelFile, { threads: job.threads });
  try {
    return await computeImportance({
      model,
      features: job.features,
      input: job.input,
      label: job.label,
      scorer: job.scorer,
      repeats: job.repeats,
      seed: job.seed,
      signal,
      onProgress: (featuresDone, featureCount) => progress({ featuresDone, featureCount }),
    });
  } finally {
    await model.close();
  }
}

export function runImportance(workerScript: string | undefined, job: ImportanceWorkerJob, onProgress: (p: ImportanceProgress) => void): RunningJob<ComputedImportance> {
  if (workerScript) return startWorkerJob(workerScript, job, 'importance', onProgress, () => new PermutationImportanceCancelled());
  const controller = new AbortController();
  return { result: importanceOf(job, controller.signal, onProgress), cancel: () => controller.abort() };
}

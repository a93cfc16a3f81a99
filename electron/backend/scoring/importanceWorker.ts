// The worker that computes one permutation importance: every feature is
// shuffled and scored `repeats` times, seconds to minutes of onnxruntime runs
// that must not block the thread answering requests.
import { PermutationImportanceCancelled, PermutationImportanceError } from '../../../shared/scoring/permutationImportance';
import { ScoringInputError } from './batchScore';
import { importanceOf } from './importanceRunner';
import { ModelLoadError, ScoringError } from './onnx/session';
import { serveWorkerJob } from './workerJob';

serveWorkerJob(importanceOf, (error) =>
  error instanceof PermutationImportanceCancelled
    ? null
    : error instanceof ModelLoadError
      ? 'model'
      : error instanceof ScoringInputError || error instanceof ScoringError || error instanceof PermutationImportanceError
        ? 'input'
        : 'other',
);

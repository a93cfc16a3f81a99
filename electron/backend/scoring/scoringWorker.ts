// The worker that scores one CSV with one model, so a large file never blocks
// the thread answering requests. A cancel stops the job between batches, and
// the job removes its temporary file before it says so.
import { batchModelOf } from './batchModel';
import { scoreCsv, ScoringCancelled, ScoringInputError } from './batchScore';
import { ModelLoadError, openScoringModel, ScoringError } from './onnx/session';
import type { ScoringWorkerJob } from './scoringRunner';
import { serveWorkerJob } from './workerJob';

serveWorkerJob(
  async (job: ScoringWorkerJob, signal, progress) => {
    const model = await openScoringModel(job.modelFile, { threads: job.threads });
    try {
      return await scoreCsv(batchModelOf(model, job.features), job.input, job.output, { ...job.options, signal, onProgress: progress });
    } finally {
      await model.close();
    }
  },
  (error) => (error instanceof ScoringCancelled ? null : error instanceof ModelLoadError ? 'model' : error instanceof ScoringInputError || error instanceof ScoringError ? 'input' : 'other'),
);

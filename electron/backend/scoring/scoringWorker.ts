// The worker that scores one CSV with one model, so a large file never blocks
// the thread answering requests (onnxruntime's run() blocks the thread it is
// called on). A cancel arrives as a message: the job stops between batches and
// removes its temporary file before it says so.
import { parentPort, workerData } from 'node:worker_threads';
import { batchModelOf } from './batchModel';
import { scoreCsv, ScoringCancelled, ScoringInputError } from './batchScore';
import { ModelLoadError, openScoringModel, ScoringError } from './onnx/session';
import type { ScoringWorkerJob, ScoringWorkerMessage } from './scoringRunner';

async function main(): Promise<void> {
  const job = workerData as ScoringWorkerJob;
  const post = (message: ScoringWorkerMessage) => parentPort!.postMessage(message);
  const controller = new AbortController();
  parentPort!.on('message', (message: { cancel?: boolean }) => {
    if (message.cancel) controller.abort();
  });
  let model;
  try {
    model = await openScoringModel(job.modelFile, { threads: job.threads });
  } catch (error) {
    post({ kind: 'error', reason: 'model', message: error instanceof ModelLoadError ? error.message : (error as Error).message });
    return;
  }
  try {
    const summary = await scoreCsv(batchModelOf(model, job.features), job.input, job.output, {
      ...job.options,
      signal: controller.signal,
      onProgress: (progress) => post({ kind: 'progress', ...progress }),
    });
    post({ kind: 'done', summary });
  } catch (error) {
    if (error instanceof ScoringCancelled) post({ kind: 'cancelled' });
    else post({ kind: 'error', reason: error instanceof ScoringInputError || error instanceof ScoringError ? 'input' : 'other', message: (error as Error).message });
  } finally {
    await model.close();
    parentPort!.close();
  }
}

void main();

// The worker that reads a predictions table and computes its evaluation, so a
// ten-million-row file never blocks the thread that answers requests. It
// reports progress, and hands the typed arrays back without copying them.
import { parentPort, workerData } from 'node:worker_threads';
import { computeEvaluation } from './computeEvaluation';
import { loadPredictions } from './loadPredictions';
import { readFailure } from './predictionTable';
import { transferablesOf, type EvaluationJob, type EvaluationWorkerMessage } from './evaluationRunner';

async function main(): Promise<void> {
  const job = workerData as EvaluationJob;
  const post = (message: EvaluationWorkerMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(message, transfer);
  try {
    const loaded = await loadPredictions(job.file, job.format, job.mapping, {
      onProgress: (bytesRead, totalBytes, rowsRead) => post({ kind: 'progress', bytesRead, totalBytes, rowsRead }),
    });
    const evaluation = computeEvaluation(loaded, job.limits);
    post({ kind: 'done', evaluation, loaded }, transferablesOf(loaded));
  } catch (caught) {
    const error = readFailure(caught, job.artifactPath);
    const code = (error as { code?: unknown }).code;
    post({ kind: 'error', message: error.message, code: typeof code === 'string' ? code : undefined });
  }
}

void main();

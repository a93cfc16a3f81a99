// One job in a worker thread, both sides of it: the backend starts the worker
// and turns its messages into progress calls and one settled promise; the
// worker runs the job with an AbortSignal that a { cancel: true } message
// fires. onnxruntime's run() blocks the thread it is called on, so scoring
// and importance jobs never run on the thread that answers requests.
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { RequestFailed } from '../handlerTypes';

/** Why a job failed: a model that cannot be loaded, bad input, or anything else. */
export type FailureReason = 'model' | 'input' | 'other';

export type WorkerJobMessage<Progress, Result> =
  | { kind: 'progress'; progress: Progress }
  | { kind: 'done'; result: Result }
  | { kind: 'cancelled' }
  | { kind: 'error'; reason: FailureReason; message: string };

export interface RunningJob<Result> {
  result: Promise<Result>;
  cancel(): void;
}

/** Starts `script` with `data`; a cancel rejects with `cancelled()`, a failure with a RequestFailed naming `what`. */
export function startWorkerJob<Progress, Result>(script: string, data: unknown, what: string, onProgress: (progress: Progress) => void, cancelled: () => Error): RunningJob<Result> {
  const worker = new Worker(script, { workerData: data });
  const result = new Promise<Result>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (!settled) {
        settled = true;
        fn();
      }
    };
    worker.on('message', (message: WorkerJobMessage<Progress, Result>) => {
      if (message.kind === 'progress') onProgress(message.progress);
      else if (message.kind === 'done') settle(() => resolve(message.result));
      else if (message.kind === 'cancelled') settle(() => reject(cancelled()));
      else settle(() => reject(new RequestFailed(message.reason === 'other' ? 'unreadable' : 'bad-request', message.message)));
    });
    worker.on('error', (error) => settle(() => reject(new RequestFailed('unreadable', `The ${what} worker stopped: ${error.message}`))));
    worker.on('exit', (code) => settle(() => reject(new RequestFailed('unreadable', `The ${what} worker stopped (exit code ${code})`))));
  });
  return { result, cancel: () => worker.postMessage({ cancel: true }) };
}

/** In the worker: runs the job on workerData and posts what happens; `classify` sorts errors (null: a cancel). */
export function serveWorkerJob<Data, Progress, Result>(
  run: (data: Data, signal: AbortSignal, progress: (progress: Progress) => void) => Promise<Result>,
  classify: (error: unknown) => FailureReason | null,
): void {
  const port = parentPort!;
  const post = (message: WorkerJobMessage<Progress, Result>) => port.postMessage(message);
  const controller = new AbortController();
  port.on('message', (message: { cancel?: boolean }) => {
    if (message.cancel) controller.abort();
  });
  run(workerData as Data, controller.signal, (progress) => post({ kind: 'progress', progress }))
    .then(
      (result) => post({ kind: 'done', result }),
      (error: unknown) => {
        const reason = classify(error);
        post(reason === null ? { kind: 'cancelled' } : { kind: 'error', reason, message: error instanceof Error ? error.message : String(error) });
      },
    )
    .finally(() => port.close());
}

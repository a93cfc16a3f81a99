// Runs a full project read in the ingest worker (ingestWorker.ts), or in this
// thread when no worker script is given (the benchmarks measure the read
// itself). Either way the caller gets progress, batches of changed runs, a
// cancel, and the summary.
import { Worker } from 'node:worker_threads';
import type { IngestProgress } from '../../../shared/domain';
import type { Db } from '../store/database';
import { ingestProject, type ProjectIngestResult, type ProjectRef } from './projectIngest';

export interface IngestWorkerData {
  dataDir: string;
  nativeBinding?: string;
  project: ProjectRef;
  /** One Int32: set to 1 to cancel. Shared, so the worker sees it without waiting for its event loop. */
  cancelFlag: SharedArrayBuffer;
}

export type IngestWorkerMessage =
  | { kind: 'progress'; progress: IngestProgress }
  | { kind: 'runsChanged'; runIds: string[] }
  | { kind: 'done'; result: ProjectIngestResult }
  | { kind: 'failed'; message: string; code?: string };

export interface IngestListeners {
  onProgress(progress: IngestProgress): void;
  onRunsChanged(runIds: string[]): void;
}

export interface RunningIngest {
  result: Promise<ProjectIngestResult>;
  cancel(): void;
}

export type IngestRunner = (project: ProjectRef, listeners: IngestListeners) => RunningIngest;

export interface WorkerIngestOptions {
  /** The bundled ingestWorker.cjs. */
  script: string;
  dataDir: string;
  nativeBinding?: string;
}

export function workerIngestRunner({ script, dataDir, nativeBinding }: WorkerIngestOptions): IngestRunner {
  return (project, listeners) => {
    const cancelFlag = new SharedArrayBuffer(4);
    const data: IngestWorkerData = { dataDir, nativeBinding, project, cancelFlag };
    const worker = new Worker(script, { workerData: data });
    const result = new Promise<ProjectIngestResult>((resolve, reject) => {
      let settled = false;
      worker.on('message', (message: IngestWorkerMessage) => {
        if (message.kind === 'progress') listeners.onProgress(message.progress);
        else if (message.kind === 'runsChanged') listeners.onRunsChanged(message.runIds);
        else if (message.kind === 'done') {
          settled = true;
          resolve(message.result);
        } else {
          settled = true;
          reject(Object.assign(new Error(message.message), { code: message.code }));
        }
      });
      worker.on('error', (error) => {
        settled = true;
        reject(error);
      });
      worker.on('exit', (code) => {
        if (!settled) reject(new Error(`The ingest worker stopped (exit code ${code}) before it finished reading ${project.path}`));
      });
    });
    return { result, cancel: () => Atomics.store(new Int32Array(cancelFlag), 0, 1) };
  };
}

export function inProcessIngestRunner(db: Db): IngestRunner {
  return (project, listeners) => {
    let cancelled = false;
    const result = ingestProject(db, project, { ...listeners, isCancelled: () => cancelled });
    return { result, cancel: () => (cancelled = true) };
  };
}

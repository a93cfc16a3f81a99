// Where reads run. With the bundled worker script, off the thread that
// answers requests: a full project read in a worker of its own (ingestWorker.ts,
// one per read, cancellable), and the watcher's changes in one long-lived
// live worker that reads them in turn. Without it (the benchmarks, which
// measure the read itself, and tests that need no thread), in this thread.
import { Worker } from 'node:worker_threads';
import type { IngestProgress } from '../../../shared/domain';
import type { Db } from '../store/database';
import type { FileChanges } from '../watch/projectWatcher';
import { ingestChanges, type ChangeIngestResult, type ChangeReadOptions } from './changeIngest';
import { ingestProject, type ProjectIngestResult, type ProjectRef } from './projectIngest';

export type IngestWorkerData =
  | {
      mode: 'project';
      dataDir: string;
      nativeBinding?: string;
      project: ProjectRef;
      /** One Int32: set to 1 to cancel. Shared, so the worker sees it without waiting for its event loop. */
      cancelFlag: SharedArrayBuffer;
      lockWaitMs?: number;
    }
  | { mode: 'live'; dataDir: string; nativeBinding?: string };

export type IngestWorkerMessage =
  | { kind: 'progress'; progress: IngestProgress }
  | { kind: 'runsChanged'; runIds: string[] }
  | { kind: 'done'; result: ProjectIngestResult }
  | { kind: 'failed'; message: string; code?: string };

/** A job for the live worker, and its answer. */
export interface LiveJob {
  jobId: number;
  project: ProjectRef;
  changes: FileChanges;
  options: ChangeReadOptions;
}

export type LiveAnswer =
  | { jobId: number; kind: 'done'; result: ChangeIngestResult }
  | { jobId: number; kind: 'failed'; message: string; code?: string };

export interface IngestListeners {
  onProgress(progress: IngestProgress): void;
  onRunsChanged(runIds: string[]): void;
}

export interface RunningIngest {
  result: Promise<ProjectIngestResult>;
  cancel(): void;
}

export interface IngestRunner {
  /** A project's full read, with progress and a cancel. */
  readProject(project: ProjectRef, listeners: IngestListeners): RunningIngest;
  /** What the watcher reported changed in a project. */
  readChanges(project: ProjectRef, changes: FileChanges, options?: ChangeReadOptions): Promise<ChangeIngestResult>;
  close(): Promise<void>;
}

export interface WorkerIngestOptions {
  /** The bundled ingestWorker.cjs. */
  script: string;
  dataDir: string;
  nativeBinding?: string;
  lockWaitMs?: number;
}

function failure(message: string, code?: string): Error {
  return Object.assign(new Error(message), { code });
}

function readProjectInWorker({ script, dataDir, nativeBinding, lockWaitMs }: WorkerIngestOptions, project: ProjectRef, listeners: IngestListeners): RunningIngest {
  const cancelFlag = new SharedArrayBuffer(4);
  const data: IngestWorkerData = { mode: 'project', dataDir, nativeBinding, project, cancelFlag, lockWaitMs };
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
        reject(failure(message.message, message.code));
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
}

/** Longer than any read of a change takes (a file of tens of millions of points): past it, the job is taken as hung. */
const liveJobLimitMs = 10 * 60_000;

/** The one live worker: started on the first change, restarted if it dies. */
class LiveWorker {
  private worker: Worker | null = null;
  private nextJobId = 1;
  /** Jobs sent and not answered, with the worker each went to. */
  private readonly pending = new Map<number, { worker: Worker; resolve(result: ChangeIngestResult): void; reject(error: Error): void }>();

  constructor(private readonly options: WorkerIngestOptions) {}

  read(project: ProjectRef, changes: FileChanges, options: ChangeReadOptions): Promise<ChangeIngestResult> {
    const worker = this.worker ?? this.start();
    const job: LiveJob = { jobId: this.nextJobId++, project, changes, options };
    return new Promise((resolve, reject) => {
      // A job that never ends (a bug; every read is bounded) must not hold every later change back:
      // the worker is stopped, its jobs fail (and are tried again by liveReads.ts), and a new one starts.
      const watchdog = setTimeout(() => {
        if (this.worker === worker) this.worker = null;
        void worker.terminate();
      }, liveJobLimitMs);
      watchdog.unref();
      const settle = () => clearTimeout(watchdog);
      this.pending.set(job.jobId, {
        worker,
        resolve: (result) => (settle(), resolve(result)),
        reject: (error) => (settle(), reject(error)),
      });
      worker.postMessage(job);
    });
  }

  private start(): Worker {
    const data: IngestWorkerData = { mode: 'live', dataDir: this.options.dataDir, nativeBinding: this.options.nativeBinding };
    const worker = new Worker(this.options.script, { workerData: data });
    worker.on('message', (answer: LiveAnswer) => {
      const job = this.pending.get(answer.jobId);
      this.pending.delete(answer.jobId);
      if (answer.kind === 'done') job?.resolve(answer.result);
      else job?.reject(failure(answer.message, answer.code));
    });
    const lost = (why: string) => {
      if (this.worker === worker) this.worker = null;
      for (const [id, job] of this.pending) {
        if (job.worker !== worker) continue;
        this.pending.delete(id);
        job.reject(new Error(why));
      }
    };
    worker.on('error', (error) => lost(`The live ingest worker failed: ${error.message}`));
    worker.on('exit', (code) => lost(`The live ingest worker stopped (exit code ${code})`));
    // An idle worker must not keep the process alive.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  /** Lets the job in hand finish (its transaction commits), then stops the worker. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ stop: true });
    const timer = setTimeout(() => void worker.terminate(), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

export function workerIngestRunner(options: WorkerIngestOptions): IngestRunner {
  const live = new LiveWorker(options);
  return {
    readProject: (project, listeners) => readProjectInWorker(options, project, listeners),
    readChanges: (project, changes, readOptions = {}) => live.read(project, changes, readOptions),
    close: () => live.close(),
  };
}

export function inProcessIngestRunner(db: Db, lockWaitMs?: number): IngestRunner {
  return {
    readProject(project, listeners) {
      let cancelled = false;
      const result = ingestProject(db, project, { ...listeners, isCancelled: () => cancelled, lockWaitMs });
      return { result, cancel: () => (cancelled = true) };
    },
    readChanges: async (project, changes, options = {}) => ingestChanges(db, project, changes, options),
    close: async () => {},
  };
}

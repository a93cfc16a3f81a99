// The worker threads that read project folders, so that no read (a first
// read of thousands of runs, a run of a million points, a pathological line)
// stalls the window or the server. Each has its own connection to the same
// SQLite file (WAL lets the main thread read meanwhile) and answers with
// messages; see ingestRunner.ts for the other side. Two modes:
// - 'project': one full read of a project, with progress and a cancel flag, then exit.
// - 'live': reads the watcher's changes, one job at a time, until told to stop.
import { parentPort, workerData } from 'node:worker_threads';
import { setSqliteBinding } from '../sources/sqliteBinding';
import { openDatabase, type Db } from '../store/database';
import { ingestChanges } from './changeIngest';
import { ingestProject } from './projectIngest';
import type { IngestWorkerData, IngestWorkerMessage, LiveAnswer, LiveJob } from './ingestRunner';

/** Ingest waits long for another process's write lock: it holds no one up while it waits. */
const workerBusyTimeoutMs = 5000;

function open(data: IngestWorkerData): Db {
  setSqliteBinding(data.nativeBinding);
  return openDatabase(data.dataDir, { nativeBinding: data.nativeBinding, busyTimeoutMs: workerBusyTimeoutMs });
}

async function readProject(port: NonNullable<typeof parentPort>, data: Extract<IngestWorkerData, { mode: 'project' }>): Promise<void> {
  const post = (message: IngestWorkerMessage) => port.postMessage(message);
  const cancelled = new Int32Array(data.cancelFlag);
  let db: Db | null = null;
  try {
    db = open(data);
    const result = await ingestProject(db, data.project, {
      onProgress: (progress) => post({ kind: 'progress', progress }),
      onRunsChanged: (runIds) => post({ kind: 'runsChanged', runIds }),
      isCancelled: () => Atomics.load(cancelled, 0) === 1,
      lockWaitMs: data.lockWaitMs,
    });
    post({ kind: 'done', result });
  } catch (error) {
    const { message, code } = error as Error & { code?: string };
    post({ kind: 'failed', message: message ?? String(error), code });
  } finally {
    db?.close();
  }
}

function readChanges(port: NonNullable<typeof parentPort>, data: IngestWorkerData): void {
  let db: Db | null = null;
  port.on('message', (job: LiveJob | { stop: true }) => {
    if ('stop' in job) {
      db?.close();
      port.close();
      return;
    }
    let answer: LiveAnswer;
    try {
      db ??= open(data);
      answer = { jobId: job.jobId, kind: 'done', result: ingestChanges(db, job.project, job.changes, job.options) };
    } catch (error) {
      const { message, code } = error as Error & { code?: string };
      answer = { jobId: job.jobId, kind: 'failed', message: message ?? String(error), code };
    }
    port.postMessage(answer);
  });
}

const port = parentPort;
if (!port) throw new Error('ingestWorker.ts runs as a worker thread only');
const data = workerData as IngestWorkerData;
if (data.mode === 'live') readChanges(port, data);
else void readProject(port, data);

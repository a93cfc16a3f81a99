// The worker thread that reads a whole project folder: a first read of
// thousands of runs, or one run of a million points, takes seconds of CPU
// that must not stall the window or the server. It has its own connection to
// the same SQLite file (WAL lets the main thread read meanwhile) and answers
// with messages; see ingestRunner.ts for the other side.
import { parentPort, workerData } from 'node:worker_threads';
import { setStoreNativeBinding } from '../sources/mlflow/sqliteSchema';
import { openDatabase } from '../store/database';
import { ingestProject } from './projectIngest';
import type { IngestWorkerData, IngestWorkerMessage } from './ingestRunner';

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('ingestWorker.ts runs as a worker thread only');
  const { dataDir, nativeBinding, project, cancelFlag } = workerData as IngestWorkerData;
  const post = (message: IngestWorkerMessage) => port.postMessage(message);
  const cancelled = new Int32Array(cancelFlag);
  setStoreNativeBinding(nativeBinding);
  let db: ReturnType<typeof openDatabase> | null = null;
  try {
    db = openDatabase(dataDir, { nativeBinding });
    const result = await ingestProject(db, project, {
      onProgress: (progress) => post({ kind: 'progress', progress }),
      onRunsChanged: (runIds) => post({ kind: 'runsChanged', runIds }),
      isCancelled: () => Atomics.load(cancelled, 0) === 1,
    });
    post({ kind: 'done', result });
  } catch (error) {
    const { message, code } = error as Error & { code?: string };
    post({ kind: 'failed', message: message ?? String(error), code });
  } finally {
    db?.close();
  }
}

void main();

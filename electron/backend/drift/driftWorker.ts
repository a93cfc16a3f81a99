// The worker that runs monitor batches and comparisons, so reading a large
// CSV and scoring it never blocks the thread answering requests. Each
// computed batch goes back as a progress message; the main thread stores it.
import { serveWorkerJob } from '../scoring/workerJob';
import { CompareCancelled, CompareInputError } from './compare';
import { driftJob, type DriftWorkerData } from './driftRunner';
import { FrameReadCancelled, FrameReadError } from './frameCsv';
import { MonitorCancelled, MonitorInputError } from './runMonitor';
import { CurrentDataError } from './batches';

serveWorkerJob(
  (data: DriftWorkerData, signal, progress) => driftJob(data, signal, progress),
  (error) =>
    error instanceof MonitorCancelled || error instanceof CompareCancelled || error instanceof FrameReadCancelled
      ? null
      : error instanceof MonitorInputError || error instanceof CompareInputError || error instanceof FrameReadError || error instanceof CurrentDataError
        ? 'input'
        : 'other',
);

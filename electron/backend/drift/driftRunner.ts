// Runs a drift job (a monitor run, a comparison) in the bundled worker when
// the host has one, in this thread otherwise (the tests' and a source
// checkout's in-process backend), with the same outcome.
import type { DriftReport } from '../../../shared/drift/monitor';
import type { CompareSettings } from '../../../shared/drift/monitor';
import { startWorkerJob, type RunningJob } from '../scoring/workerJob';
import { CompareCancelled, compareFiles } from './compare';
import { MonitorCancelled, runMonitor, type MonitorJob, type MonitorOutcome, type MonitorProgress } from './runMonitor';

export type DriftWorkerData = { kind: 'monitor'; job: MonitorJob } | { kind: 'compare'; reference: string; current: string; settings?: CompareSettings };

/** What the worker and the in-thread fallback both do. */
export function driftJob(data: DriftWorkerData, signal: AbortSignal, progress: (p: MonitorProgress) => void): Promise<MonitorOutcome | DriftReport> {
  return data.kind === 'monitor' ? runMonitor(data.job, signal, progress) : compareFiles(data.reference, data.current, data.settings, signal);
}

export function runMonitorJob(worker: string | undefined, job: MonitorJob, onProgress: (p: MonitorProgress) => void): RunningJob<MonitorOutcome> {
  const data: DriftWorkerData = { kind: 'monitor', job };
  if (worker) return startWorkerJob(worker, data, 'drift', onProgress, () => new MonitorCancelled());
  const controller = new AbortController();
  // A microtask first: the caller records the job before its first progress arrives.
  const result = Promise.resolve().then(() => runMonitor(job, controller.signal, onProgress));
  return { result, cancel: () => controller.abort() };
}

export function runCompareJob(worker: string | undefined, reference: string, current: string, settings?: CompareSettings): RunningJob<DriftReport> {
  if (worker) return startWorkerJob(worker, { kind: 'compare', reference, current, settings } satisfies DriftWorkerData, 'drift', () => {}, () => new CompareCancelled());
  const controller = new AbortController();
  return { result: compareFiles(reference, current, settings, controller.signal), cancel: () => controller.abort() };
}

// A drift client whose answers a test releases by hand, in any order, and
// monitors, batches and alerts shaped as the backend answers them.
import type { BatchDetail, ColumnDriftRecord, DriftAlert, DriftBatch, DriftMonitor, DriftProgress, MonitorDetail, MonitorSettings } from '../../../../shared/drift/monitor';
import { defaultMonitorSettings } from '../../../../shared/drift/monitor';
import type { Result } from '../../../../shared/errors';
import type { AddMonitorArgs, DriftAlertEvent, DriftClient } from '../../../api/driftClient';

export interface Pending<A, T> {
  args: A;
  resolve(result: Result<T>): void;
}

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const failed = (message: string, code: 'bad-request' | 'not-found' = 'bad-request'): Result<never> => ({ ok: false, error: { code, message } });
export const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export function scriptedDrift() {
  const monitorLists: Pending<null, DriftMonitor[]>[] = [];
  const monitors: Pending<number, MonitorDetail>[] = [];
  const adds: Pending<AddMonitorArgs, DriftMonitor>[] = [];
  const edits: Pending<{ id: number; changes: { name?: string; settings?: MonitorSettings } }, DriftMonitor>[] = [];
  const removes: Pending<number, { removed: boolean }>[] = [];
  const runs: Pending<number, { started: boolean }>[] = [];
  const cancels: Pending<number, { cancelled: boolean }>[] = [];
  const batches: Pending<{ id: number; batch: string }, BatchDetail>[] = [];
  const alertLists: Pending<{ id?: number; limit?: number }, DriftAlert[]>[] = [];
  const seen: Pending<number | undefined, { seen: number }>[] = [];
  const changed = new Set<(id: number | null) => void>();
  const progress = new Set<(p: DriftProgress) => void>();
  const alertListeners = new Set<(e: DriftAlertEvent) => void>();
  const pending = <A, T>(list: Pending<A, T>[], args: A) => new Promise<Result<T>>((resolve) => list.push({ args, resolve }));
  const on = <L>(set: Set<L>) => (listener: L) => {
    set.add(listener);
    return () => void set.delete(listener);
  };
  const client: DriftClient = {
    monitors: () => pending(monitorLists, null),
    monitor: (id) => pending(monitors, id),
    addMonitor: (args) => pending(adds, args),
    editMonitor: (id, changes) => pending(edits, { id, changes }),
    removeMonitor: (id) => pending(removes, id),
    run: (id) => pending(runs, id),
    cancel: (id) => pending(cancels, id),
    batch: (id, batch) => pending(batches, { id, batch }),
    alerts: (id, limit) => pending(alertLists, { id, limit }),
    markAlertsSeen: (id) => pending(seen, id),
    onChanged: on(changed),
    onProgress: on(progress),
    onAlert: on(alertListeners),
  };
  return {
    client,
    monitorLists,
    monitors,
    adds,
    edits,
    removes,
    runs,
    cancels,
    batches,
    alertLists,
    seen,
    emitChanged: (id: number | null) => changed.forEach((l) => l(id)),
    emitProgress: (p: DriftProgress) => progress.forEach((l) => l(p)),
    emitAlert: (e: DriftAlertEvent) => alertListeners.forEach((l) => l(e)),
    listeners: () => changed.size + progress.size + alertListeners.size,
  };
}

export function monitor(overrides: Partial<DriftMonitor> = {}): DriftMonitor {
  return {
    id: 1,
    name: 'breast cancer',
    reference: { kind: 'file', path: '/data/train.csv' },
    current: { kind: 'folder', path: '/data/monitoring' },
    model: { kind: 'file', path: '/models/logreg.onnx' },
    settings: defaultMonitorSettings,
    createdAt: 1000,
    updatedAt: 1000,
    batches: 0,
    lastBatchAt: null,
    unseenAlerts: 0,
    state: 'idle',
    error: null,
    ...overrides,
  };
}

export function record(column: string, overrides: Partial<ColumnDriftRecord> = {}): ColumnDriftRecord {
  return { column, type: 'num', method: 'ks', statistic: 0.5, threshold: 0.05, drift: false, referenceSize: 455, currentSize: 150, effectSize: 0.1, tooSmall: null, ...overrides };
}

export function batch(key: string, columns: ColumnDriftRecord[], overrides: Partial<DriftBatch> = {}): DriftBatch {
  const drifted = columns.filter((c) => c.drift).length;
  return {
    key,
    label: key,
    startAt: 0,
    rows: 150,
    skippedLines: 0,
    skippedExamples: [],
    problems: [],
    report: { dataset: { columns: columns.length, drifted, share: columns.length ? drifted / columns.length : NaN, drift: columns.length > 0 && drifted / columns.length >= 0.5 }, columns, notCompared: [] },
    prediction: null,
    performance: null,
    labeledRows: 0,
    estimate: null,
    computedAt: 5000,
    error: null,
    ...overrides,
  };
}

export function alert(id: number, overrides: Partial<DriftAlert> = {}): DriftAlert {
  return { id, monitorId: 1, monitorName: 'breast cancer', batchKey: '2026-02-09.csv', batchLabel: '2026-02-09.csv', kind: 'dataset', subject: null, message: 'Dataset drift: 17 of 31 columns', at: 9000, seenAt: null, ...overrides };
}

export function detail(overrides: Partial<MonitorDetail> = {}): MonitorDetail {
  return {
    monitor: monitor(),
    referenceRows: 455,
    referenceColumns: ['mean radius', 'clinic', 'target'],
    referencePerformance: { accuracy: 0.99, roc_auc: 0.998, f1: 0.99 },
    labelColumn: 'target',
    batches: [],
    alerts: [],
    estimateAssumptions: null,
    ...overrides,
  };
}

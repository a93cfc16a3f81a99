// Drift monitoring: the monitors and their batches (served from the store,
// no computing), adding and running one, one batch's distributions, the
// alerts and their seen marks, and the events a run pushes.
import type { ArgsOf, Events } from '../../shared/api';
import type { BatchDetail, DriftAlert, DriftMonitor, DriftProgress, MonitorDetail, MonitorSettings } from '../../shared/drift/monitor';
import type { Result } from '../../shared/errors';
import { apiClient } from './client';

export type AddMonitorArgs = ArgsOf<'drift/addMonitor'>;
export type DriftAlertEvent = Events['drift/alert'];

export interface DriftClient {
  monitors(): Promise<Result<DriftMonitor[]>>;
  monitor(id: number): Promise<Result<MonitorDetail>>;
  addMonitor(args: AddMonitorArgs): Promise<Result<DriftMonitor>>;
  editMonitor(id: number, changes: { name?: string; settings?: MonitorSettings }): Promise<Result<DriftMonitor>>;
  removeMonitor(id: number): Promise<Result<{ removed: boolean }>>;
  run(id: number): Promise<Result<{ started: boolean }>>;
  cancel(id: number): Promise<Result<{ cancelled: boolean }>>;
  batch(id: number, batch: string): Promise<Result<BatchDetail>>;
  /** One monitor's alerts, or every monitor's (id left out), newest first. */
  alerts(id?: number, limit?: number): Promise<Result<DriftAlert[]>>;
  markAlertsSeen(id?: number): Promise<Result<{ seen: number }>>;
  /** A monitor changed (its id), or anything may have (null: the connection came back). */
  onChanged(listener: (monitorId: number | null) => void): () => void;
  onProgress(listener: (progress: DriftProgress) => void): () => void;
  onAlert(listener: (event: DriftAlertEvent) => void): () => void;
}

export const driftClient: DriftClient = {
  monitors: () => apiClient().send('drift/monitors', {}),
  monitor: (id) => apiClient().send('drift/monitor', { id }),
  addMonitor: (args) => apiClient().send('drift/addMonitor', args),
  editMonitor: (id, changes) => apiClient().send('drift/editMonitor', { id, ...changes }),
  removeMonitor: (id) => apiClient().send('drift/removeMonitor', { id }),
  run: (id) => apiClient().send('drift/run', { id }),
  cancel: (id) => apiClient().send('drift/cancel', { id }),
  batch: (id, batch) => apiClient().send('drift/batch', { id, batch }),
  alerts: (id, limit) => apiClient().send('drift/alerts', { ...(id === undefined ? {} : { id }), ...(limit === undefined ? {} : { limit }) }),
  markAlertsSeen: (id) => apiClient().send('drift/markAlertsSeen', id === undefined ? {} : { id }),
  onChanged(listener) {
    const offDrift = apiClient().subscribe('drift/changed', ({ monitorId }) => listener(monitorId));
    // The hub's refresh after a lost connection sends projects/changed: events may have been missed.
    const offRefresh = apiClient().subscribe('projects/changed', () => listener(null));
    return () => {
      offDrift();
      offRefresh();
    };
  },
  onProgress: (listener) => apiClient().subscribe('drift/progress', listener),
  onAlert: (listener) => apiClient().subscribe('drift/alert', listener),
};

// The drift domain's boundary: monitors (add, edit, remove, run, cancel),
// their stored batches and alerts (read from the store only, so a monitor
// opens at once), and a one-off comparison of two files (in the worker).
import type { Handlers } from '../handlerTypes';
import { RequestFailed } from '../handlerTypes';
import type { Db } from '../store/database';
import type { DriftService } from './driftService';
import { alertsOf, batchDetail, listMonitors, markAlertsSeen, requireMonitor } from './queries';

export function driftHandlers(db: Db, service: DriftService) {
  return {
    'drift/compare': async (args) => service.compare(args),
    'drift/monitors': async () => listMonitors(db),
    'drift/monitor': async ({ id }) => service.detail(id),
    'drift/addMonitor': async (args) => service.add(args),
    'drift/editMonitor': async (args) => service.edit(args),
    'drift/removeMonitor': async ({ id }) => ({ removed: await service.remove(id) }),
    'drift/run': async ({ id }) => ({ started: service.run(id) }),
    'drift/cancel': async ({ id }) => {
      requireMonitor(db, id);
      return { cancelled: service.cancel(id) };
    },
    'drift/batch': async ({ id, batch }) => {
      const { monitor } = requireMonitor(db, id);
      const detail = batchDetail(db, id, batch);
      if (!detail) throw new RequestFailed('not-found', `Monitor "${monitor.name}" has no batch "${batch}"`);
      return detail;
    },
    'drift/alerts': async ({ id, limit }) => {
      if (id !== undefined) requireMonitor(db, id);
      return alertsOf(db, id ?? null, limit ?? 500);
    },
    'drift/markAlertsSeen': async ({ id }) => {
      if (id !== undefined) requireMonitor(db, id);
      return { seen: markAlertsSeen(db, id ?? null, Date.now()) };
    },
  } satisfies Partial<Handlers>;
}

// The scoring domain's boundary: inspect a model, remember its feature order,
// start and cancel scoring and importance jobs (run by the service in
// workers), the recorded jobs, what-if predictions and a CSV's header.
import path from 'node:path';
import type { Handlers } from '../handlerTypes';
import { RequestFailed } from '../handlerTypes';
import type { Db } from '../store/database';
import { headerOf } from './batchScore';
import { summarizeDataset } from './datasetSummary';
import { confirmFeatureOrder } from './featureOrder';
import { inspectModelSource } from './modelSource';
import { listJobs } from './queries';
import type { ScoringService } from './scoringService';

function columnsOf(requested: string): { path: string; columns: string[] } {
  const file = path.resolve(requested);
  try {
    return { path: file, columns: headerOf(file) };
  } catch (error) {
    throw new RequestFailed('unreadable', `${path.basename(file)} cannot be read: ${(error as Error).message}`);
  }
}

export function scoringHandlers(db: Db, service: ScoringService) {
  return {
    'scoring/inspect': async ({ model }) => inspectModelSource(db, model),
    'scoring/setFeatureOrder': async ({ model, features }) => ({ featureOrder: confirmFeatureOrder(db, inspectModelSource(db, model), features) }),
    'scoring/score': async (args) => service.start(args),
    'scoring/importance': async (args) => service.startImportance(args),
    'scoring/cancel': async ({ jobId }) => ({ cancelled: service.cancel(jobId) }),
    'scoring/jobs': async ({ limit }) => listJobs(db, limit ?? 500),
    'scoring/predict': async ({ model, rows, features }) => service.predict(model, rows, features),
    'scoring/dataset': async ({ path: file }) => summarizeDataset(file),
    'scoring/columns': async ({ path: file }) => columnsOf(file),
  } satisfies Partial<Handlers>;
}

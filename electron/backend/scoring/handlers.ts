// The scoring domain's boundary: inspect a model, start and cancel a scoring
// job (run by the service in a worker), and the recorded jobs.
import type { Handlers } from '../handlerTypes';
import type { Db } from '../store/database';
import { inspectResolved, resolveModel } from './modelSource';
import { summarizeDataset } from './datasetSummary';
import { listJobs } from './queries';
import type { ScoringService } from './scoringService';

export function scoringHandlers(db: Db, service: ScoringService) {
  return {
    'scoring/inspect': async ({ model }) => inspectResolved(resolveModel(db, model)),
    'scoring/score': async (args) => service.start(args),
    'scoring/cancel': async ({ jobId }) => ({ cancelled: service.cancel(jobId) }),
    'scoring/jobs': async ({ limit }) => listJobs(db, limit ?? 500),
    'scoring/predict': async ({ model, rows, features }) => service.predict(model, rows, features ?? null),
    'scoring/dataset': async ({ path }) => summarizeDataset(path),
  } satisfies Partial<Handlers>;
}

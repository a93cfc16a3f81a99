import type { Handlers } from '../handlerTypes';
import type { Db } from '../store/database';
import { listRegisteredModels } from './queries';

export function registryHandlers(db: Db) {
  return {
    'registry/models': async ({ projectId }) => listRegisteredModels(db, projectId),
  } satisfies Partial<Handlers>;
}

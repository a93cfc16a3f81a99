import type { Handlers } from '../handlerTypes';
import type { Db } from '../store/database';
import { listWarnings } from './queries';

export function warningHandlers(db: Db) {
  return {
    'warnings/list': async ({ projectId }) => listWarnings(db, { projectId }),
  } satisfies Partial<Handlers>;
}

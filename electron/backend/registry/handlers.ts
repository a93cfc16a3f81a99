import type { Handlers } from '../handlerTypes';
import type { Db } from '../store/database';
import { checkArgs } from '../validate';
import { listRegisteredModels } from './queries';

export function registryHandlers(db: Db): Partial<Handlers> {
  return {
    'registry/models': async (args) => {
      const { projectId } = checkArgs<{ projectId?: number }>(args, { projectId: 'integer?' });
      return listRegisteredModels(db, projectId);
    },
  };
}

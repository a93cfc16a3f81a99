import type { Handlers } from '../handlerTypes';
import { checkArgs } from '../validate';
import type { ProjectService } from './projectService';

export function projectHandlers(projects: ProjectService): Partial<Handlers> {
  return {
    'projects/list': async (args) => {
      checkArgs(args, {});
      return projects.list();
    },
    'projects/add': async (args) => {
      const { path } = checkArgs<{ path: string }>(args, { path: 'string' });
      return projects.add(path);
    },
    'projects/remove': async (args) => {
      const { projectId } = checkArgs<{ projectId: number }>(args, { projectId: 'integer' });
      return projects.remove(projectId);
    },
    'projects/cancelIngest': async (args) => {
      const { projectId } = checkArgs<{ projectId: number }>(args, { projectId: 'integer' });
      return projects.cancelIngest(projectId);
    },
    'warnings/list': async (args) => {
      const { projectId } = checkArgs<{ projectId?: number }>(args, { projectId: 'integer?' });
      return projects.warnings(projectId);
    },
  };
}

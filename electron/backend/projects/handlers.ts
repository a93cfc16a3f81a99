import type { Handlers } from '../handlerTypes';
import type { ProjectService } from './projectService';

export function projectHandlers(projects: ProjectService) {
  return {
    'projects/list': async () => projects.list(),
    'projects/add': async ({ path }) => projects.add(path),
    'projects/remove': async ({ projectId }) => projects.remove(projectId),
    'projects/cancelIngest': async ({ projectId }) => projects.cancelIngest(projectId),
  } satisfies Partial<Handlers>;
}

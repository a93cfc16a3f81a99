// Project folders Runlens watches.
import type { IngestProgress, IngestSummary, Project } from '../../shared/domain';
import type { Result } from '../../shared/errors';
import { apiClient } from './client';

export interface ProjectsClient {
  list(): Promise<Result<Project[]>>;
  add(path: string): Promise<Result<{ project: Project; ingest: IngestSummary }>>;
  remove(projectId: number): Promise<Result<{ removed: boolean }>>;
  /** Stops a project's full read, keeping what was read. */
  cancelIngest(projectId: number): Promise<Result<{ cancelled: boolean }>>;
  /** Project list or a project's run count may have changed. */
  onChanged(listener: () => void): () => void;
  /** Runs read so far while a project folder is being read. */
  onIngestProgress(listener: (progress: IngestProgress) => void): () => void;
}

export const projectsClient: ProjectsClient = {
  list: () => apiClient().send('projects/list', {}),
  add: (path) => apiClient().send('projects/add', { path }),
  remove: (projectId) => apiClient().send('projects/remove', { projectId }),
  cancelIngest: (projectId) => apiClient().send('projects/cancelIngest', { projectId }),
  onChanged(listener) {
    const offProjects = apiClient().subscribe('projects/changed', () => listener());
    // Run counts live on projects, so run changes touch them too.
    const offRuns = apiClient().subscribe('runs/changed', () => listener());
    return () => {
      offProjects();
      offRuns();
    };
  },
  onIngestProgress: (listener) => apiClient().subscribe('ingest/progress', listener),
};


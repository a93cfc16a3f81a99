// Problems the readers met (malformed lines, bad checksums, unreadable files), per project.
import type { IngestWarning } from '../../shared/domain';
import type { Result } from '../../shared/errors';
import { apiClient } from './client';

export interface WarningsClient {
  /** Warnings of one project, or of every project when projectId is null. */
  list(projectId: number | null): Promise<Result<IngestWarning[]>>;
  /**
   * Something was read again, or a project came or went: warnings may have changed.
   * `projectId` is the project that changed, null when it may be any.
   */
  onChanged(listener: (projectId: number | null) => void): () => void;
}

export const warningsClient: WarningsClient = {
  list: (projectId) => apiClient().send('warnings/list', projectId === null ? {} : { projectId }),
  onChanged(listener) {
    // Readers record warnings while ingesting, which is announced as changed runs.
    const offRuns = apiClient().subscribe('runs/changed', (change) => listener(change.projectId));
    const offProjects = apiClient().subscribe('projects/changed', () => listener(null));
    return () => {
      offRuns();
      offProjects();
    };
  },
};

import type { Project } from '../../../shared/domain';
import type { ProjectsState } from './store';

export const selectProjects = (s: ProjectsState): Project[] => s.projects;
export const selectProjectsStatus = (s: ProjectsState): ProjectsState['status'] => s.status;
export const selectProjectsError = (s: ProjectsState): ProjectsState['error'] => s.error;

export function selectProjectById(s: ProjectsState, projectId: number | null): Project | null {
  if (projectId === null) return null;
  return s.projects.find((project) => project.id === projectId) ?? null;
}

export const selectHasProjects = (s: ProjectsState): boolean => s.projects.length > 0;

/** Runs across every project, for the "All projects" entry. */
export const selectTotalRunCount = (s: ProjectsState): number =>
  s.projects.reduce((sum, project) => sum + project.runCount, 0);

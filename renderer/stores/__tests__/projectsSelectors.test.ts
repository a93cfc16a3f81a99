import { describe, expect, it } from 'vitest';
import { selectHasProjects, selectProjectById, selectTotalRunCount } from '../projects/selectors';
import type { ProjectsState } from '../projects/store';
import { makeProject } from './fixtures';

function state(projects: ProjectsState['projects']): ProjectsState {
  const noop = async () => ({ ok: true as const, value: { removed: true } });
  return {
    projects,
    status: 'ready',
    error: null,
    load: async () => {},
    add: async () => ({ ok: false, error: { code: 'internal', message: 'unused' } }),
    remove: noop,
    startSync: () => () => {},
  };
}

describe('projects selectors', () => {
  const s = state([makeProject({ id: 1, runCount: 3 }), makeProject({ id: 7, runCount: 4 })]);

  it('finds a project by id, null for all projects or a removed one', () => {
    expect(selectProjectById(s, 7)?.path).toBe('/projects/p7');
    expect(selectProjectById(s, null)).toBeNull();
    expect(selectProjectById(s, 99)).toBeNull();
  });

  it('adds up run counts for "All projects"', () => {
    expect(selectTotalRunCount(s)).toBe(7);
    expect(selectTotalRunCount(state([]))).toBe(0);
  });

  it('knows whether any project is registered', () => {
    expect(selectHasProjects(s)).toBe(true);
    expect(selectHasProjects(state([]))).toBe(false);
  });
});

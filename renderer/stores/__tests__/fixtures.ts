// Plain runs and projects for selector and store tests.
import type { Project, Run } from '../../../shared/domain';

export function makeRun(overrides: Partial<Run> & { id: string }): Run {
  return {
    projectId: 1,
    source: 'native',
    experiment: 'default',
    name: overrides.id,
    path: `/p/${overrides.id}`,
    status: 'FINISHED',
    statusReason: null,
    startTime: 1000,
    endTime: 2000,
    lastActivity: 2000,
    params: {},
    tags: {},
    metrics: {},
    warningCount: 0,
    deleted: false,
    ...overrides,
  };
}

export function makeProject(overrides: Partial<Project> & { id: number }): Project {
  return {
    path: `/projects/p${overrides.id}`,
    addedAt: 0,
    runCount: 0,
    available: true,
    problem: null,
    watchMode: 'events',
    ...overrides,
  };
}

export const summary = (last: number) => ({ last, min: last, max: last, lastStep: 1, count: 1 });

import { describe, expect, it } from 'vitest';
import { runsViewState, type RunsViewInputs } from '../viewState';

const base: RunsViewInputs = { projectsStatus: 'ready', projectCount: 1, runsStatus: 'ready', runCount: 3 };

describe('runsViewState', () => {
  it('shows the table when there are runs', () => {
    expect(runsViewState(base)).toBe('table');
  });

  it('asks for a project folder when none is registered', () => {
    expect(runsViewState({ ...base, projectCount: 0, runCount: 0 })).toBe('no-projects');
  });

  it('waits for the project list before deciding', () => {
    expect(runsViewState({ ...base, projectsStatus: 'loading', projectCount: 0 })).toBe('loading-projects');
    expect(runsViewState({ ...base, projectsStatus: 'idle', projectCount: 0 })).toBe('loading-projects');
  });

  it('shows errors of either list', () => {
    expect(runsViewState({ ...base, projectsStatus: 'error', projectCount: 0 })).toBe('projects-error');
    expect(runsViewState({ ...base, runsStatus: 'error' })).toBe('runs-error');
  });

  it('tells a project without runs from one still loading', () => {
    expect(runsViewState({ ...base, runCount: 0 })).toBe('no-runs');
    expect(runsViewState({ ...base, runsStatus: 'loading', runCount: 0 })).toBe('loading-runs');
  });

  it('keeps the table up while the runs are refetched', () => {
    expect(runsViewState({ ...base, runsStatus: 'loading' })).toBe('table');
  });
});

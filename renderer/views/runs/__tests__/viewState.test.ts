import { describe, expect, it } from 'vitest';
import { runsViewState, type RunsViewInputs } from '../viewState';

const base: RunsViewInputs = { projectsStatus: 'ready', projectCount: 1, runsStatus: 'ready', total: 3, scopeTotal: 3, filtered: false };

describe('runsViewState', () => {
  it('shows the table when there are runs', () => {
    expect(runsViewState(base)).toBe('table');
  });

  it('asks for a project folder when none is registered', () => {
    expect(runsViewState({ ...base, projectCount: 0, total: 0 })).toBe('no-projects');
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
    expect(runsViewState({ ...base, total: 0, scopeTotal: 0 })).toBe('no-runs');
    expect(runsViewState({ ...base, runsStatus: 'loading', total: null })).toBe('loading-runs');
  });

  it('says the filter matches nothing when runs exist but none match', () => {
    expect(runsViewState({ ...base, total: 0, scopeTotal: 12, filtered: true })).toBe('no-match');
    expect(runsViewState({ ...base, total: 0, scopeTotal: null, filtered: true })).toBe('no-match');
    expect(runsViewState({ ...base, total: 0, scopeTotal: 0, filtered: true })).toBe('no-runs');
  });

  it('keeps the table up while the runs are refetched', () => {
    expect(runsViewState({ ...base, runsStatus: 'loading' })).toBe('table');
  });
});

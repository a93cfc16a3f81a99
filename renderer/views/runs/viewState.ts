// Which of its states the runs area is in, decided from the two stores in one place.
import type { LoadStatus } from '../../stores/latest';

export type RunsViewState =
  | 'loading-projects'
  | 'projects-error'
  | 'no-projects'
  | 'loading-runs'
  | 'runs-error'
  | 'no-runs'
  | 'no-match'
  | 'table';

export interface RunsViewInputs {
  projectsStatus: LoadStatus;
  projectCount: number;
  runsStatus: LoadStatus;
  /** Runs matching the query; null before the first answer. */
  total: number | null;
  /** Runs in scope before any filter; null while unknown. */
  scopeTotal: number | null;
  /** Whether a filter (text or source) or a hiding narrows the scope. */
  filtered: boolean;
}

export function runsViewState(i: RunsViewInputs): RunsViewState {
  // A project list we already have stays on screen while it is refetched.
  if (i.projectCount === 0) {
    if (i.projectsStatus === 'error') return 'projects-error';
    if (i.projectsStatus !== 'ready') return 'loading-projects';
    return 'no-projects';
  }
  if (i.runsStatus === 'error') return 'runs-error';
  if (i.total === null) return 'loading-runs';
  if (i.total === 0) {
    if (i.filtered && i.scopeTotal !== 0) return 'no-match';
    return 'no-runs';
  }
  return 'table';
}

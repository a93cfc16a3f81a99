// Which of its states the runs area is in, decided from the two stores in one place.
import type { LoadStatus } from '../../stores/latest';

export type RunsViewState =
  | 'loading-projects'
  | 'projects-error'
  | 'no-projects'
  | 'loading-runs'
  | 'runs-error'
  | 'no-runs'
  | 'table';

export interface RunsViewInputs {
  projectsStatus: LoadStatus;
  projectCount: number;
  runsStatus: LoadStatus;
  runCount: number;
}

export function runsViewState(i: RunsViewInputs): RunsViewState {
  // A project list we already have stays on screen while it is refetched.
  if (i.projectCount === 0) {
    if (i.projectsStatus === 'error') return 'projects-error';
    if (i.projectsStatus !== 'ready') return 'loading-projects';
    return 'no-projects';
  }
  if (i.runsStatus === 'error') return 'runs-error';
  if (i.runCount === 0) return i.runsStatus === 'ready' ? 'no-runs' : 'loading-runs';
  return 'table';
}

// The runs area: toolbar, then the table or whichever state stands in for it.
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { AreaBoundary } from '../../components/AreaBoundary';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { selectProjectById, selectProjects, selectProjectsError, selectProjectsStatus } from '../../stores/projects/selectors';
import { projectsStore, useProjectsStore } from '../../stores/projects/store';
import { selectRuns, selectRunsError, selectRunsStatus } from '../../stores/runs/selectors';
import { runsStore, useRunsStore } from '../../stores/runs/store';
import { selectSelectedProjectId, selectShowDeleted } from '../../stores/ui/selectors';
import { uiStore, useUiStore } from '../../stores/ui/store';
import { warningsStore } from '../../stores/warnings/store';
import { RunDrawer } from '../runDetail/RunDrawer';
import { WarningsDrawer } from '../warnings/WarningsDrawer';
import { NoProjects, NoRuns } from './RunsEmpty';
import { RunsTable } from './RunsTable';
import { RunsToolbar } from './RunsToolbar';
import { runsViewState } from './viewState';

export function RunsView() {
  const selectedId = useUiStore(selectSelectedProjectId);
  const projects = useProjectsStore(useShallow(selectProjects));
  const projectsStatus = useProjectsStore(selectProjectsStatus);
  const projectsError = useProjectsStore(selectProjectsError);
  const project = useProjectsStore((s) => selectProjectById(s, selectedId));
  const runs = useRunsStore(selectRuns);
  const runsStatus = useRunsStore(selectRunsStatus);
  const runsError = useRunsStore(selectRunsError);
  const showDeleted = useUiStore(selectShowDeleted);

  // Before show(): the first list is then asked for with the right flag, once.
  useEffect(() => {
    runsStore.getState().setIncludeDeleted(showDeleted);
  }, [showDeleted]);

  useEffect(() => {
    runsStore.getState().show(selectedId);
    warningsStore.getState().show(selectedId);
  }, [selectedId]);

  // The selected project went away (removed elsewhere): fall back to all projects.
  useEffect(() => {
    if (selectedId !== null && projectsStatus === 'ready' && !project) uiStore.getState().selectProject(null);
  }, [selectedId, projectsStatus, project]);

  const state = runsViewState({ projectsStatus, projectCount: projects.length, runsStatus, runCount: runs.length });
  // With one project, "all projects" is that project: its path goes in the snippet.
  const snippetProject = project ?? (projects.length === 1 ? projects[0] : null);

  return (
    <>
      {state === 'table' || state === 'no-runs' || state === 'loading-runs' ? <RunsToolbar project={project} /> : null}
      <div style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column', overflow: 'auto' }}>
        {state === 'loading-projects' && <LoadingState label="Loading projects…" />}
        {state === 'projects-error' && projectsError && (
          <ErrorState title="Could not list projects" error={projectsError} onRetry={() => void projectsStore.getState().load()} />
        )}
        {state === 'no-projects' && <NoProjects />}
        {state === 'loading-runs' && <LoadingState label="Loading runs…" />}
        {state === 'runs-error' && runsError && (
          <ErrorState title="Could not list runs" error={runsError} onRetry={() => void runsStore.getState().refresh()} />
        )}
        {state === 'no-runs' && <NoRuns project={snippetProject} />}
        {state === 'table' && (
          <AreaBoundary area="The runs table">
            <RunsTable runs={runs} />
          </AreaBoundary>
        )}
      </div>
      <RunDrawer />
      <AreaBoundary area="The warnings">
        <WarningsDrawer project={project} />
      </AreaBoundary>
    </>
  );
}

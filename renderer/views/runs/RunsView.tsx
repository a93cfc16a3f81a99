// The runs area: toolbar, then the table or whichever state stands in for it.
// The runs store follows the UI state by itself; this only draws.
import { Alert, CloseButton, Group, Text } from '@mantine/core';
import { Info } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { AreaBoundary } from '../../components/AreaBoundary';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { sourceLabel } from '../../format/source';
import { selectProjectById, selectProjects, selectProjectsError, selectProjectsStatus } from '../../stores/projects/selectors';
import { projectsStore, useProjectsStore } from '../../stores/projects/store';
import {
  selectAppliedFilter,
  selectAppliedSource,
  selectError,
  selectMixedSortColumns,
  selectNotice,
  selectScopeTotal,
  selectStatus,
  selectTotal,
} from '../../stores/runs/selectors';
import { runsStore, useRunsStore } from '../../stores/runs/store';
import { selectSelectedProjectId } from '../../stores/ui/selectors';
import { uiStore, useUiStore } from '../../stores/ui/store';
import { warningsStore } from '../../stores/warnings/store';
import { RunDrawer } from '../runDetail/RunDrawer';
import { WarningsDrawer } from '../warnings/WarningsDrawer';
import { NoProjects, NoRuns } from './RunsEmpty';
import { RunsTable } from './RunsTable';
import classes from './RunsTable.module.css';
import { RunsToolbar } from './RunsToolbar';
import { runsViewState } from './viewState';

function NoMatch() {
  const filter = useRunsStore(selectAppliedFilter);
  const source = useRunsStore(selectAppliedSource);
  const what = source ? `${sourceLabel(source)} run` : 'run';
  return (
    <div className={classes.noMatch} data-testid="runs-no-match">
      <Text fw={600}>No {what} matches{filter.trim() ? '' : ' the source filter'}</Text>
      {filter.trim() && <code className={classes.noMatchFilter}>{filter}</code>}
      <Text size="sm" c="dimmed">
        Bare words look in run names; <code>metrics.</code>, <code>params.</code>, <code>tags.</code> and <code>attributes.</code> compare columns.
      </Text>
    </div>
  );
}

/** Notes over the table: a sort compared partly as text, a selection capped, an annotation that failed. */
function Notes({ local, onDismissLocal }: { local: string | null; onDismissLocal(): void }) {
  const mixed = useRunsStore(useShallow(selectMixedSortColumns));
  const notice = useRunsStore(selectNotice);
  const messages: { text: string; dismiss?: () => void; testId: string }[] = [];
  if (mixed.length)
    messages.push({ text: `${mixed.join(', ')}: compared as numbers where both are numbers, as text otherwise.`, testId: 'mixed-sort-note' });
  if (notice) messages.push({ text: notice, dismiss: () => runsStore.getState().dismissNotice(), testId: 'runs-notice' });
  if (local) messages.push({ text: local, dismiss: onDismissLocal, testId: 'runs-notice' });
  if (!messages.length) return null;
  return (
    <>
      {messages.map((m) => (
        <Alert key={m.text} variant="light" color="gray" py={4} px="md" radius={0} icon={<Info size={14} />} data-testid={m.testId}>
          <Group justify="space-between" wrap="nowrap">
            <Text size="xs">{m.text}</Text>
            {m.dismiss && <CloseButton size="xs" onClick={m.dismiss} aria-label="Dismiss" />}
          </Group>
        </Alert>
      ))}
    </>
  );
}

export function RunsView() {
  const selectedId = useUiStore(selectSelectedProjectId);
  const projects = useProjectsStore(useShallow(selectProjects));
  const projectsStatus = useProjectsStore(selectProjectsStatus);
  const projectsError = useProjectsStore(selectProjectsError);
  const project = useProjectsStore((s) => selectProjectById(s, selectedId));
  const runsStatus = useRunsStore(selectStatus);
  const runsError = useRunsStore(selectError);
  const total = useRunsStore(selectTotal);
  const scopeTotal = useRunsStore(selectScopeTotal);
  const filtered = useRunsStore((s) => s.query.filter !== '');
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    warningsStore.getState().show(selectedId);
  }, [selectedId]);

  // The selected project went away (removed elsewhere): fall back to all projects.
  useEffect(() => {
    if (selectedId !== null && projectsStatus === 'ready' && !project) uiStore.getState().selectProject(null);
  }, [selectedId, projectsStatus, project]);

  const state = runsViewState({ projectsStatus, projectCount: projects.length, runsStatus, total, scopeTotal, filtered });
  // With one project, "all projects" is that project: its path goes in the snippet.
  const snippetProject = project ?? (projects.length === 1 ? projects[0] : null);
  const withToolbar = state === 'table' || state === 'no-runs' || state === 'loading-runs' || state === 'no-match' || state === 'runs-error';

  return (
    <>
      {withToolbar ? <RunsToolbar project={project} /> : null}
      {state === 'table' && <Notes local={notice} onDismissLocal={() => setNotice(null)} />}
      <div style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column', overflow: 'hidden' }}>
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
        {state === 'no-match' && <NoMatch />}
        {state === 'table' && (
          <AreaBoundary area="The runs table">
            <RunsTable onNotice={setNotice} />
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

// The shell: header, sidebar (projects and areas) and the area the route names.
import { AppShell } from '@mantine/core';
import { AreaBoundary } from '../components/AreaBoundary';
import { useEffect } from 'react';
import { appStore } from '../stores/app/store';
import { projectsStore } from '../stores/projects/store';
import { runsStore } from '../stores/runs/store';
import { warningsStore } from '../stores/warnings/store';
import { selectArea } from '../stores/ui/selectors';
import { useUiStore } from '../stores/ui/store';
import { AppHeader } from './AppHeader';
import { CompareView } from './compare/CompareView';
import { RunsView } from './runs/RunsView';
import { Sidebar } from './sidebar/Sidebar';

export function App() {
  const area = useUiStore(selectArea);
  useEffect(() => {
    void appStore.getState().load();
    void projectsStore.getState().load();
    const stopProjects = projectsStore.getState().startSync();
    const stopRuns = runsStore.getState().startSync();
    const stopWarnings = warningsStore.getState().startSync();
    return () => {
      stopProjects();
      stopRuns();
      stopWarnings();
    };
  }, []);

  return (
    <AppShell header={{ height: 52 }} navbar={{ width: 290, breakpoint: 0 }} padding={0}>
      <AppShell.Header>
        <AreaBoundary area="The header">
          <AppHeader />
        </AreaBoundary>
      </AppShell.Header>
      <AppShell.Navbar>
        <AreaBoundary area="The sidebar">
          <Sidebar />
        </AreaBoundary>
      </AppShell.Navbar>
      <AppShell.Main h="100dvh" style={{ display: 'flex', flexDirection: 'column' }}>
        {area === 'compare' ? (
          <AreaBoundary key="compare" area="The compare view">
            <CompareView />
          </AreaBoundary>
        ) : (
          <AreaBoundary key="runs" area="The runs view">
            <RunsView />
          </AreaBoundary>
        )}
      </AppShell.Main>
    </AppShell>
  );
}

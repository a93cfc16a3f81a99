// The shell: header, sidebar (projects and areas) and the area the route names.
import { AppShell } from '@mantine/core';
import { AreaBoundary } from '../components/AreaBoundary';
import { lazy, Suspense, useEffect } from 'react';
import { LoadingState } from '../components/LoadingState';
import { appStore } from '../stores/app/store';
import { projectsStore } from '../stores/projects/store';
import { runsStore } from '../stores/runs/store';
import { warningsStore } from '../stores/warnings/store';
import { registryClient } from '../api/registryClient';
import { desktopNotify, startNotices } from '../stores/registry/notify';
import { startDriftSync } from '../stores/drift/appSync';
import { selectArea } from '../stores/ui/selectors';
import { useUiStore } from '../stores/ui/store';
import { AppHeader } from './AppHeader';
import { RunsView } from './runs/RunsView';
import { Sidebar } from './sidebar/Sidebar';

// Loaded when first opened: the charts (recharts) stay out of the bundle the runs table waits for.
const loadCompareView = () => import('./compare/CompareView');
const CompareView = lazy(() => loadCompareView().then((module) => ({ default: module.CompareView })));
const EvaluationView = lazy(() => import('./evaluation/EvaluationView').then((module) => ({ default: module.EvaluationView })));
const RegistryView = lazy(() => import('./registry/RegistryView').then((module) => ({ default: module.RegistryView })));
const ScoringView = lazy(() => import('./scoring/ScoringView').then((module) => ({ default: module.ScoringView })));
const DriftView = lazy(() => import('./drift/DriftView').then((module) => ({ default: module.DriftView })));
/** Once the table is up, fetch the Compare code in the background so opening it waits for data only. */
const PRELOAD_COMPARE_AFTER_MS = 1500;

export function App() {
  const area = useUiStore(selectArea);
  useEffect(() => {
    void appStore.getState().load();
    void projectsStore.getState().load();
    const stopProjects = projectsStore.getState().startSync();
    const stopRuns = runsStore.getState().startSync();
    const stopWarnings = warningsStore.getState().startSync();
    // A registry move whose hook asks to notify, wherever it was made (this window, another, the CLI).
    const stopNotices = startNotices(registryClient.onNotice, desktopNotify);
    // The monitors (the sidebar's badge of unseen alerts) and a notification per run that raised alerts.
    const stopDrift = startDriftSync();
    const preload = setTimeout(() => void loadCompareView().catch(() => {}), PRELOAD_COMPARE_AFTER_MS);
    return () => {
      clearTimeout(preload);
      stopProjects();
      stopRuns();
      stopWarnings();
      stopNotices();
      stopDrift();
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
            <Suspense fallback={<LoadingState label="Loading Compare…" />}>
              <CompareView />
            </Suspense>
          </AreaBoundary>
        ) : area === 'evaluation' ? (
          <AreaBoundary key="evaluation" area="The evaluation view">
            <Suspense fallback={<LoadingState label="Loading Evaluation…" />}>
              <EvaluationView />
            </Suspense>
          </AreaBoundary>
        ) : area === 'registry' ? (
          <AreaBoundary key="registry" area="The registry view">
            <Suspense fallback={<LoadingState label="Loading the Registry…" />}>
              <RegistryView />
            </Suspense>
          </AreaBoundary>
        ) : area === 'scoring' ? (
          <AreaBoundary key="scoring" area="The scoring view">
            <Suspense fallback={<LoadingState label="Loading Scoring…" />}>
              <ScoringView />
            </Suspense>
          </AreaBoundary>
        ) : area === 'drift' ? (
          <AreaBoundary key="drift" area="The drift view">
            <Suspense fallback={<LoadingState label="Loading Drift…" />}>
              <DriftView />
            </Suspense>
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

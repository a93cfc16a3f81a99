// Side panel with one run's details: params, tags, metrics, artifacts, warnings.
import { Badge, Drawer, Group, ScrollArea, Stack, Text } from '@mantine/core';
import { AreaBoundary } from '../../components/AreaBoundary';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { StatusBadge } from '../../components/StatusBadge';
import { selectOpenRunId } from '../../stores/ui/selectors';
import { uiStore, useUiStore } from '../../stores/ui/store';
import { lazy, Suspense } from 'react';

// Loaded when a run is first opened: its charts and previews are not needed for the table.
const RunDetailBody = lazy(() => import('./RunDetailBody').then((module) => ({ default: module.RunDetailBody })));
import { useRunDetail } from './useRunDetail';

export function RunDrawer() {
  const runId = useUiStore(selectOpenRunId);
  const { detail, error, loading } = useRunDetail(runId);
  const close = () => uiStore.getState().openRun(null);

  const title = detail ? (
    <Group gap="sm" wrap="nowrap" miw={0}>
      <Text fw={600} truncate="end" title={detail.name}>
        {detail.name || detail.id}
      </Text>
      {/* The name gives way, never the status. */}
      <div style={{ flexShrink: 0 }}>
        <StatusBadge status={detail.status} reason={detail.statusReason} />
      </div>
      {detail.deleted && (
        <Badge size="sm" variant="outline" color="gray" radius="sm" style={{ flexShrink: 0 }}>
          deleted in source
        </Badge>
      )}
    </Group>
  ) : (
    <Text fw={600}>Run</Text>
  );

  return (
    <Drawer
      opened={runId !== null}
      onClose={close}
      position="right"
      size="xl"
      title={title}
      scrollAreaComponent={ScrollArea.Autosize}
      // On the panel itself: the Drawer's root element has no box of its own.
      attributes={{ content: { 'data-testid': 'run-drawer', 'data-run-id': runId ?? undefined } }}
    >
      <Stack gap="lg">
        {!detail && loading && <LoadingState label="Loading the run…" />}
        {error && <ErrorState title="Could not load the run" error={error} />}
        {detail && (
          // Inside the panel, so a run that fails to show still leaves the panel and its Close.
          <AreaBoundary key={detail.id} area="The run panel">
            <Suspense fallback={<LoadingState label="Loading the run…" />}>
              <RunDetailBody run={detail} />
            </Suspense>
          </AreaBoundary>
        )}
      </Stack>
    </Drawer>
  );
}

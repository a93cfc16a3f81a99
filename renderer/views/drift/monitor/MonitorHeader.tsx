// A monitor's header: its name and sources, its state, the progress of a run
// (batches done of the run's, the batch being computed) with Cancel, Run now,
// and the Settings button (the dialog: settings, removing the monitor).
import { Alert, Button, Group, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Play, Settings, Square } from 'lucide-react';
import type { MonitorDetail } from '../../../../shared/drift/monitor';
import { batchByText, currentText, formatCount, modelText, referenceText } from '../../../stores/drift/describe';
import { isRunning, monitorStore, useMonitorStore } from '../../../stores/drift/monitorStore';
import { settingsStore } from '../../../stores/drift/settingsStore';
import { DriftLink, Fact, MonitorStateBadge, wrapAnywhere } from '../parts';

function RunProgress() {
  const progress = useMonitorStore((s) => s.progress);
  if (!progress) return null;
  if (progress.phase === 'failed') {
    return (
      <Alert color="red" variant="light" title="The run failed" data-testid="drift-run-failed">
        {progress.error ?? 'No reason given.'}
      </Alert>
    );
  }
  if (!isRunning(progress)) return null;
  const share = progress.total > 0 ? (100 * progress.done) / progress.total : 0;
  const what = progress.phase === 'reference' ? 'Reading the reference…' : `${progress.done} of ${progress.total} batches${progress.batch ? ` · ${progress.batch}` : ''}`;
  return (
    <Stack gap={4} data-testid="drift-progress" data-done={progress.done} data-total={progress.total}>
      <Progress value={share} animated size="sm" />
      <Text size="xs" c="dimmed" data-testid="drift-progress-text">
        {what}
      </Text>
    </Stack>
  );
}

export function MonitorHeader({ detail }: { detail: MonitorDetail }) {
  const { monitor } = detail;
  const progress = useMonitorStore((s) => s.progress);
  const actionError = useMonitorStore((s) => s.actionError);
  const running = isRunning(progress) || monitor.state === 'running';
  return (
    <Stack gap="sm" data-testid="monitor-header">
      <Group gap="xs">
        <DriftLink route={{ view: 'list' }}>Drift</DriftLink>
        <Text size="sm" c="dimmed">
          /
        </Text>
      </Group>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Group gap="sm" style={{ minWidth: 0 }}>
          <Title order={3} style={wrapAnywhere} data-testid="monitor-name">
            {monitor.name}
          </Title>
          <MonitorStateBadge state={monitor.state} error={monitor.error} />
        </Group>
        <Group gap="xs" wrap="nowrap">
          <Button size="xs" variant="default" leftSection={<Settings size={14} />} onClick={() => settingsStore.getState().open(monitor.id)} data-testid="drift-settings">
            Settings
          </Button>
          {running ? (
            <Button size="xs" variant="light" color="red" leftSection={<Square size={14} />} onClick={() => void monitorStore.getState().cancel()} data-testid="drift-cancel">
              Cancel
            </Button>
          ) : (
            <Button size="xs" variant="light" leftSection={<Play size={14} />} onClick={() => void monitorStore.getState().run()} data-testid="drift-run">
              Run now
            </Button>
          )}
        </Group>
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing={4} verticalSpacing={2}>
        <Fact label="Reference">
          {referenceText(monitor.reference)} · {formatCount(detail.referenceRows)} rows
        </Fact>
        <Fact label="Current">{currentText(monitor.current)}</Fact>
        <Fact label="Model">{modelText(monitor.model)}</Fact>
        <Fact label="Batches">
          {monitor.batches} · {batchByText(monitor.settings.batchBy)}
        </Fact>
        <Fact label="Label column">{detail.labelColumn ?? '—'}</Fact>
        <Fact label="Dataset drift at">{`${Math.round(monitor.settings.driftShare * 100)} % of columns`}</Fact>
      </SimpleGrid>
      {monitor.error && (
        <Alert color="red" variant="light" title="The last run failed" data-testid="monitor-error">
          {monitor.error}
        </Alert>
      )}
      {actionError && (
        <Alert color="red" variant="light" data-testid="drift-action-error">
          {actionError.message}
        </Alert>
      )}
      <RunProgress />
    </Stack>
  );
}

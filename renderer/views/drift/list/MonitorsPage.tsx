// The Drift area's front page: every monitor (its reference, current data,
// model, batches, last batch, state and a badge of unseen alerts), the
// New-monitor form, and every monitor's alerts.
import { Badge, Button, Code, Group, ScrollArea, Stack, Table, Text, Title } from '@mantine/core';
import { TrendingUp } from 'lucide-react';
import type { DriftMonitor } from '../../../../shared/drift/monitor';
import { EmptyState } from '../../../components/EmptyState';
import { ErrorState } from '../../../components/ErrorState';
import { LoadingState } from '../../../components/LoadingState';
import { formatDateTime } from '../../../format/date';
import { currentText, modelText, referenceText } from '../../../stores/drift/describe';
import { driftListStore, useDriftListStore } from '../../../stores/drift/listStore';
import { totalUnseen } from '../../../stores/drift/selectors';
import { AlertsList } from '../AlertsList';
import { DriftLink, MonitorStateBadge, Panel, wrapAnywhere } from '../parts';
import { NewMonitorForm } from './NewMonitorForm';

function MonitorRow({ monitor }: { monitor: DriftMonitor }) {
  return (
    <Table.Tr data-testid="drift-monitor-row" data-id={monitor.id} data-name={monitor.name} data-batches={monitor.batches}>
      <Table.Td style={wrapAnywhere}>
        <Group gap={6} wrap="nowrap">
          <DriftLink route={{ view: 'monitor', id: monitor.id, batch: null }} testId="drift-monitor-link">
            {monitor.name}
          </DriftLink>
          {monitor.unseenAlerts > 0 && (
            <Badge color="red" size="sm" style={{ flexShrink: 0 }} data-testid="monitor-unseen" title={`${monitor.unseenAlerts} alerts not seen`}>
              {monitor.unseenAlerts}
            </Badge>
          )}
        </Group>
      </Table.Td>
      <Table.Td style={wrapAnywhere}>{referenceText(monitor.reference)}</Table.Td>
      <Table.Td style={wrapAnywhere}>{currentText(monitor.current)}</Table.Td>
      <Table.Td style={wrapAnywhere}>{modelText(monitor.model)}</Table.Td>
      <Table.Td ta="right">{monitor.batches}</Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(monitor.lastBatchAt)}</Table.Td>
      <Table.Td>
        <MonitorStateBadge state={monitor.state} error={monitor.error} />
      </Table.Td>
    </Table.Tr>
  );
}

function NoMonitors() {
  return (
    <EmptyState
      icon={<TrendingUp size={28} strokeWidth={1.5} />}
      title="No drift monitor yet"
      description={
        <Stack gap={6} align="center">
          <Text span size="sm" c="dimmed">
            A monitor compares a reference dataset (the data a model learned from) with each new batch of data landing in a folder, column by column, and follows the model’s performance when a model is set.
          </Text>
          <Text span size="sm" c="dimmed">
            Add one below, or from a terminal:
          </Text>
          <Code block style={{ textAlign: 'left', whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
            runlens monitor add NAME --reference train.csv --folder monitoring/ --model model.onnx
          </Code>
        </Stack>
      }
    />
  );
}

function MonitorsTable() {
  const monitors = useDriftListStore((s) => s.monitors);
  const status = useDriftListStore((s) => s.status);
  const error = useDriftListStore((s) => s.error);
  if (status === 'error' && error) return <ErrorState title="Could not list the monitors" error={error} onRetry={() => void driftListStore.getState().load()} />;
  if (status !== 'ready' && monitors.length === 0) return <LoadingState label="Listing the monitors…" />;
  if (monitors.length === 0) return <NoMonitors />;
  return (
    <ScrollArea type="auto">
      <Table striped highlightOnHover fz="sm" layout="fixed" miw={900} data-testid="drift-monitors">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w="16%">Monitor</Table.Th>
            <Table.Th>Reference</Table.Th>
            <Table.Th>Current</Table.Th>
            <Table.Th>Model</Table.Th>
            <Table.Th w={70} ta="right">
              Batches
            </Table.Th>
            <Table.Th w={160}>Last batch</Table.Th>
            <Table.Th w={80}>State</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {monitors.map((monitor) => (
            <MonitorRow key={monitor.id} monitor={monitor} />
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea>
  );
}

export function MonitorsPage() {
  const monitors = useDriftListStore((s) => s.monitors);
  const status = useDriftListStore((s) => s.status);
  const alerts = useDriftListStore((s) => s.alerts);
  const unseen = totalUnseen(monitors);
  return (
    <Stack gap="md" data-testid="drift-list">
      <Title order={3}>Drift</Title>
      <Panel title="Monitors" testId="drift-monitors-panel">
        <MonitorsTable />
        <NewMonitorForm startOpen={status === 'ready' && monitors.length === 0} key={status === 'ready' && monitors.length === 0 ? 'empty' : 'some'} />
      </Panel>
      <Panel
        title="Alerts"
        testId="drift-all-alerts"
        actions={
          unseen > 0 ? (
            <Button size="xs" variant="subtle" onClick={() => void driftListStore.getState().markAllSeen()} data-testid="drift-mark-all-seen">
              Mark all seen
            </Button>
          ) : undefined
        }
      >
        <AlertsList alerts={alerts} showMonitor />
      </Panel>
    </Stack>
  );
}

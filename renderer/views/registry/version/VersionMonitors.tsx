// The drift monitors that use this version (as their model, or its training
// data as their reference), each linking to its page, from the monitors list
// the app keeps from its start (the Drift badge's), so no extra request.
import { Badge, Group, ScrollArea, Table, Text } from '@mantine/core';
import { Activity } from 'lucide-react';
import { useMemo } from 'react';
import type { ModelVersionRecord } from '../../../../shared/registry/types';
import { EmptyState } from '../../../components/EmptyState';
import { ErrorState } from '../../../components/ErrorState';
import { LoadingState } from '../../../components/LoadingState';
import { formatDateTime } from '../../../format/date';
import { driftListStore, useDriftListStore } from '../../../stores/drift/listStore';
import { monitorsOfVersion } from '../../../stores/drift/versionMonitors';
import { DriftLink, MonitorStateBadge } from '../../drift/parts';

export function VersionMonitors({ version }: { version: ModelVersionRecord }) {
  const monitors = useDriftListStore((s) => s.monitors);
  const status = useDriftListStore((s) => s.status);
  const error = useDriftListStore((s) => s.error);
  const used = useMemo(
    () => monitorsOfVersion(monitors, { model: version.model, version: version.version, filePath: version.filePath, copyPath: version.copyPath }),
    [monitors, version.model, version.version, version.filePath, version.copyPath],
  );
  if (status === 'error' && error) return <ErrorState title="Could not list the drift monitors" error={error} onRetry={() => void driftListStore.getState().load()} />;
  if (status !== 'ready' && !monitors.length) return <LoadingState label="Listing the drift monitors…" />;
  if (!used.length) {
    return (
      <EmptyState
        icon={<Activity size={24} />}
        title="No drift monitor uses this version"
        description="A drift monitor whose model is this version (or its file), or whose reference is this version’s training data, is listed here with a link to its page."
      />
    );
  }
  return (
    <ScrollArea type="auto">
      <Table verticalSpacing={4} data-testid="version-monitors-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Monitor</Table.Th>
            <Table.Th>Uses this version as</Table.Th>
            <Table.Th ta="right">Batches</Table.Th>
            <Table.Th>Last batch</Table.Th>
            <Table.Th>State</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {used.map(({ monitor, use }) => (
            <Table.Tr key={monitor.id} data-testid="version-monitor-row" data-id={monitor.id} data-use={use}>
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  <DriftLink route={{ view: 'monitor', id: monitor.id, batch: null }} testId="version-monitor-link">
                    {monitor.name}
                  </DriftLink>
                  {monitor.unseenAlerts > 0 && (
                    <Badge color="red" size="sm" title={`${monitor.unseenAlerts} alerts not seen`}>
                      {monitor.unseenAlerts}
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{use}</Text>
              </Table.Td>
              <Table.Td ta="right">{monitor.batches}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(monitor.lastBatchAt)}</Table.Td>
              <Table.Td>
                <MonitorStateBadge state={monitor.state} error={monitor.error} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea>
  );
}

// Alerts, newest first: when, the monitor (on the list page), the batch (a
// link to it), the kind, the message, and whether it is new.
import { Badge, ScrollArea, Table, Text } from '@mantine/core';
import type { DriftAlert } from '../../../shared/drift/monitor';
import { formatDateTime } from '../../format/date';
import { alertKindLabels } from '../../stores/drift/describe';
import { DriftLink, wrapAnywhere } from './parts';

interface Props {
  alerts: DriftAlert[];
  showMonitor: boolean;
  /** Shown as new though already marked seen: they were unseen when this page showed them. */
  newIds?: readonly number[];
}

const kindColors = { dataset: 'red', column: 'orange', performance: 'grape' } as const;

export function AlertsList({ alerts, showMonitor, newIds = [] }: Props) {
  if (!alerts.length) {
    return (
      <Text size="sm" c="dimmed" data-testid="no-alerts">
        No alerts yet.
      </Text>
    );
  }
  return (
    <ScrollArea.Autosize mah={420} type="auto">
      <Table fz="sm" striped miw={720} data-testid="drift-alerts">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={160}>When</Table.Th>
            {showMonitor && <Table.Th w={160}>Monitor</Table.Th>}
            <Table.Th w={170}>Batch</Table.Th>
            <Table.Th w={120}>Kind</Table.Th>
            <Table.Th>Message</Table.Th>
            <Table.Th w={70} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {alerts.map((alert) => {
            const fresh = alert.seenAt === null || newIds.includes(alert.id);
            return (
              <Table.Tr key={alert.id} data-testid="drift-alert" data-kind={alert.kind} data-subject={alert.subject ?? ''} data-new={String(fresh)}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(alert.at)}</Table.Td>
                {showMonitor && (
                  <Table.Td style={wrapAnywhere}>
                    <DriftLink route={{ view: 'monitor', id: alert.monitorId, batch: null }}>{alert.monitorName}</DriftLink>
                  </Table.Td>
                )}
                <Table.Td style={wrapAnywhere}>
                  <DriftLink route={{ view: 'monitor', id: alert.monitorId, batch: alert.batchKey }} testId="drift-alert-batch">
                    {alert.batchLabel}
                  </DriftLink>
                </Table.Td>
                <Table.Td>
                  <Badge color={kindColors[alert.kind]} variant="light" size="sm" radius="sm">
                    {alertKindLabels[alert.kind]}
                  </Badge>
                </Table.Td>
                <Table.Td style={wrapAnywhere}>{alert.message}</Table.Td>
                <Table.Td>
                  {fresh ? (
                    <Badge color="blue" size="xs" variant="filled">
                      new
                    </Badge>
                  ) : (
                    <Text size="xs" c="dimmed">
                      seen
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </ScrollArea.Autosize>
  );
}

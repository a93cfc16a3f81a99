import { Table } from '@mantine/core';
import type { MetricSummary } from '../../../shared/domain';
import { formatMetric } from '../../format/number';

const byKey = (a: [string, MetricSummary], b: [string, MetricSummary]): number =>
  a[0].localeCompare(b[0], undefined, { numeric: true });

export function MetricSummaryTable({ metrics }: { metrics: Record<string, MetricSummary> }) {
  const rows = Object.entries(metrics).sort(byKey);
  return (
    <Table withTableBorder fz="sm" verticalSpacing={4} tabularNums>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Metric</Table.Th>
          <Table.Th ta="right">Last</Table.Th>
          <Table.Th ta="right">Min</Table.Th>
          <Table.Th ta="right">Max</Table.Th>
          <Table.Th ta="right">Last step</Table.Th>
          <Table.Th ta="right">Points</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map(([key, m]) => (
          <Table.Tr key={key} data-testid={`drawer-metric-${key}`}>
            <Table.Td style={{ wordBreak: 'break-all' }}>{key}</Table.Td>
            <Table.Td ta="right">{formatMetric(m.last)}</Table.Td>
            <Table.Td ta="right">{formatMetric(m.min)}</Table.Td>
            <Table.Td ta="right">{formatMetric(m.max)}</Table.Td>
            <Table.Td ta="right">{m.lastStep.toLocaleString()}</Table.Td>
            <Table.Td ta="right">{m.count.toLocaleString()}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

// One column of one batch: the reference and current distributions overlaid,
// the quantiles and missing shares of both sides, the test's result, and the
// column's statistic over every batch. The distributions come from one
// `drift/batch` request; the rest from the monitor's detail.
import { Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect } from 'react';
import type { ColumnDistribution, ColumnDriftRecord, DriftBatch, MonitorDetail } from '../../../../shared/drift/monitor';
import { ErrorState } from '../../../components/ErrorState';
import { LoadingState } from '../../../components/LoadingState';
import { formatMetric } from '../../../format/number';
import { batchStore, useBatchStore } from '../../../stores/drift/batchStore';
import { formatCount, formatShare, methodLabels, statisticKind, thresholdText } from '../../../stores/drift/describe';
import { monitorStore, useMonitorStore } from '../../../stores/drift/monitorStore';
import { openDrift } from '../../../stores/drift/route';
import { columnSeries, selectedBatch } from '../../../stores/drift/selectors';
import { StatisticChart } from '../charts/StatisticChart';
import { DistributionChart } from '../charts/DistributionChart';
import { BatchPicker } from '../monitor/BatchPicker';
import { CategoryTable } from './CategoryTable';
import { useMonitorSync } from '../monitor/MonitorPage';
import { DriftLink, Fact, Panel, VerdictBadge, wrapAnywhere } from '../parts';

function TestResult({ record, notCompared }: { record: ColumnDriftRecord | undefined; notCompared: string | undefined }) {
  if (!record) return <Text size="sm" c="dimmed">{notCompared ? `Not compared: ${notCompared}` : 'This batch did not compare this column.'}</Text>;
  return (
    <Stack gap={4} data-testid="column-test-result">
      <Group gap="sm">
        <VerdictBadge drift={record.drift} tooSmall={record.tooSmall} />
        <Text size="sm">
          {methodLabels[record.method]} {statisticKind(record.method)} {formatMetric(record.statistic)} ({thresholdText(record.method, record.threshold)} drifts)
        </Text>
      </Group>
      <Fact label="Effect size">{formatMetric(record.effectSize)}</Fact>
      <Fact label="Sizes">
        {formatCount(record.referenceSize)} reference · {formatCount(record.currentSize)} current values
      </Fact>
      {record.tooSmall && <Fact label="Too small">{record.tooSmall}</Fact>}
    </Stack>
  );
}

function SidesTable({ distribution }: { distribution: ColumnDistribution }) {
  const { reference, current } = distribution;
  const quantiles = reference.quantiles ?? current.quantiles ?? [];
  return (
    <Table fz="sm" withTableBorder data-testid="column-quantiles">
      <Table.Thead>
        <Table.Tr>
          <Table.Th />
          <Table.Th ta="right">Reference</Table.Th>
          <Table.Th ta="right">Current</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        <Table.Tr>
          <Table.Td>rows</Table.Td>
          <Table.Td ta="right">{formatCount(reference.rows)}</Table.Td>
          <Table.Td ta="right">{formatCount(current.rows)}</Table.Td>
        </Table.Tr>
        <Table.Tr data-testid="column-missing">
          <Table.Td>missing</Table.Td>
          <Table.Td ta="right">
            {formatCount(reference.missing)} ({formatShare(reference.missingShare)})
          </Table.Td>
          <Table.Td ta="right">
            {formatCount(current.missing)} ({formatShare(current.missingShare)})
          </Table.Td>
        </Table.Tr>
        {quantiles.map(({ q }, i) => (
          <Table.Tr key={q} data-testid="quantile-row">
            <Table.Td>{q === 0 ? 'min' : q === 1 ? 'max' : `${formatMetric(q * 100)} %`}</Table.Td>
            <Table.Td ta="right">{formatMetric(reference.quantiles?.[i]?.value)}</Table.Td>
            <Table.Td ta="right">{formatMetric(current.quantiles?.[i]?.value)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function Distributions({ detail, batch, column }: { detail: MonitorDetail; batch: DriftBatch; column: string }) {
  const id = detail.monitor.id;
  const status = useBatchStore((s) => s.status);
  const error = useBatchStore((s) => s.error);
  const shown = useBatchStore((s) => s.detail);
  useEffect(() => batchStore.getState().want(id, batch.key, batch.computedAt), [id, batch.key, batch.computedAt]);
  if (status === 'error' && error) return <ErrorState title="Could not load this batch's distributions" error={error} onRetry={() => batchStore.getState().want(id, batch.key, batch.computedAt)} />;
  if (!shown || shown.batch.key !== batch.key) return <LoadingState label="Loading the distributions…" />;
  const distribution = shown.distributions.find((d) => d.column === column);
  if (!distribution) return <Text size="sm" c="dimmed">No distribution for this column in this batch.</Text>;
  return (
    <SimpleGrid cols={{ base: 1, lg: 3 }} spacing="md" style={{ alignItems: 'start' }}>
      <div style={{ gridColumn: 'span 2' }}>
        <DistributionChart distribution={distribution} />
      </div>
      <Stack gap="sm">
        <SidesTable distribution={distribution} />
        {distribution.categories && <CategoryTable categories={distribution.categories} />}
      </Stack>
    </SimpleGrid>
  );
}

export function ColumnView({ id, column, batchKey }: { id: number; column: string; batchKey: string | null }) {
  useMonitorSync();
  const detail = useMonitorStore((s) => (s.detail?.monitor.id === id ? s.detail : null));
  const status = useMonitorStore((s) => s.status);
  const error = useMonitorStore((s) => s.error);
  if (status === 'error' && error) return <ErrorState title="Could not open this monitor" error={error} onRetry={() => monitorStore.getState().reload()} />;
  if (!detail) return <LoadingState label="Opening the column…" />;
  const batch = selectedBatch(detail.batches, batchKey);
  if (!batch) return <Text size="sm">This monitor has no batch yet.</Text>;
  const record = batch.report?.columns.find((r) => r.column === column);
  const notCompared = batch.report?.notCompared.find((n) => n.column === column)?.reason;
  const series = columnSeries(detail.batches, column);
  
  return (
    <Stack gap="md" data-testid="column-view" data-column={column}>
      <Group gap="xs">
        <DriftLink route={{ view: 'list' }}>Drift</DriftLink>
        <Text size="sm" c="dimmed">/</Text>
        <DriftLink route={{ view: 'monitor', id, batch: batch.key }}>{detail.monitor.name}</DriftLink>
        <Text size="sm" c="dimmed">/</Text>
      </Group>
      <Title order={3} style={wrapAnywhere}>
        {column}
      </Title>
      <BatchPicker batches={detail.batches} selected={batch} routeFor={(key) => ({ view: 'column', id, column, batch: key })} />
      <Panel title={`${batch.label}: reference vs current`} testId="column-distributions">
        <TestResult record={record} notCompared={notCompared} />
        <Distributions detail={detail} batch={batch} column={column} />
      </Panel>
      <Panel title="Over time" testId="column-over-time">
        <StatisticChart series={series} selectedKey={batch.key} onSelect={(key) => openDrift({ view: 'column', id, column, batch: key })} testId="column-view-chart" />
      </Panel>
    </Stack>
  );
}

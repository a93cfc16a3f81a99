// Drift over the batches: the dataset's share of drifted columns against the
// drift share, and one column's statistic against its threshold (the most
// drifted column of the selected batch until another is picked). Clicking a
// point selects its batch.
import { Group, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { DriftBatch, MonitorDetail } from '../../../../shared/drift/monitor';
import { statisticKind } from '../../../stores/drift/describe';
import { openDrift } from '../../../stores/drift/route';
import { columnSeries, comparedColumns, datasetShareSeries, mostDriftedColumn } from '../../../stores/drift/selectors';
import { BatchLineChart } from '../charts/BatchLineChart';
import { Panel } from '../parts';
import { seriesMethod, StatisticChart } from '../charts/StatisticChart';

export function OverTime({ detail, batch }: { detail: MonitorDetail; batch: DriftBatch }) {
  const id = detail.monitor.id;
  const select = (key: string): void => openDrift({ view: 'monitor', id, batch: key });
  const columns = comparedColumns(detail.batches);
  const [choice, setChoice] = useState<string | null>(null);
  const column = choice !== null && columns.includes(choice) ? choice : (mostDriftedColumn(batch) ?? columns[0] ?? null);
  const shares = datasetShareSeries(detail.batches).map((p) => ({ key: p.key, label: p.label, value: p.share, drift: p.drift }));
  const series = column === null ? [] : columnSeries(detail.batches, column);
  const method = seriesMethod(series);
  return (
    <Panel title="Over time" testId="drift-over-time">
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            Share of drifted columns
          </Text>
          <BatchLineChart points={shares} kind="share" threshold={detail.monitor.settings.driftShare} yLabel="share drifted" selectedKey={batch.key} onSelect={select} testId="share-chart" />
        </Stack>
        <Stack gap={4}>
          <Group justify="space-between" gap="xs" wrap="nowrap">
            <Text size="sm" fw={600}>
              {method ? `Column ${statisticKind(method)}` : 'Column statistic'}
            </Text>
            <Select size="xs" w={240} data={columns} value={column} onChange={setChoice} searchable allowDeselect={false} aria-label="Column" data-testid="over-time-column" />
          </Group>
          {column !== null && (
            <StatisticChart series={series} selectedKey={batch.key} onSelect={select} testId="column-chart" />
          )}
        </Stack>
      </SimpleGrid>
    </Panel>
  );
}

// The selected batch's columns, in the report's order (drifted first, then
// the most drifted): type, method, statistic, effect size, threshold, the
// verdict with a "too small" flag, both sizes and a sparkline of the column's
// statistic over every batch. A row opens the column view.
import { ScrollArea, Table, Text, Tooltip } from '@mantine/core';
import { useMemo } from 'react';
import type { ColumnDriftRecord, DriftBatch } from '../../../../shared/drift/monitor';
import { formatMetric } from '../../../format/number';
import { formatCount, methodLabels, statisticKind, thresholdText } from '../../../stores/drift/describe';
import { openDrift } from '../../../stores/drift/route';
import { statisticsByColumn } from '../../../stores/drift/selectors';
import { axisKindOf } from '../charts/chartValues';
import { Sparkline } from '../charts/Sparkline';
import { VerdictBadge, wrapAnywhere } from '../parts';

interface Props {
  monitorId: number;
  batch: DriftBatch;
  batches: DriftBatch[];
}

function Row({ record, monitorId, batch, values, drifted, selected }: { record: ColumnDriftRecord; monitorId: number; batch: string; values: number[]; drifted: boolean[]; selected: number }) {
  const open = (): void => openDrift({ view: 'column', id: monitorId, column: record.column, batch });
  return (
    <Table.Tr
      data-testid="drift-column-row"
      data-column={record.column}
      data-drift={String(record.drift)}
      onClick={open}
      onKeyDown={(event) => (event.key === 'Enter' ? open() : undefined)}
      tabIndex={0}
      style={{ cursor: 'pointer' }}
    >
      <Table.Td style={wrapAnywhere}>
        <Text size="sm" fw={500}>
          {record.column}
        </Text>
      </Table.Td>
      <Table.Td>{record.type}</Table.Td>
      <Table.Td>
        <Tooltip label={methodLabels[record.method]} withArrow>
          <span>{record.method}</span>
        </Tooltip>
      </Table.Td>
      <Table.Td ta="right" title={statisticKind(record.method)} data-testid="drift-statistic">
        {formatMetric(record.statistic)}
      </Table.Td>
      <Table.Td ta="right">{formatMetric(record.effectSize)}</Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{thresholdText(record.method, record.threshold)}</Table.Td>
      <Table.Td>
        <VerdictBadge drift={record.drift} tooSmall={record.tooSmall} />
      </Table.Td>
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
        {formatCount(record.referenceSize)} / {formatCount(record.currentSize)}
      </Table.Td>
      <Table.Td>
        <Sparkline values={values} drifted={drifted} kind={axisKindOf(record.method)} threshold={record.threshold} selected={selected} />
      </Table.Td>
    </Table.Tr>
  );
}

export function ColumnsTable({ monitorId, batch, batches }: Props) {
  const statistics = useMemo(() => statisticsByColumn(batches), [batches]);
  const driftedByColumn = useMemo(() => {
    const out = new Map<string, boolean[]>();
    batches.forEach((b, i) => {
      for (const record of b.report?.columns ?? []) {
        const flags = out.get(record.column) ?? new Array<boolean>(batches.length).fill(false);
        flags[i] = record.drift;
        out.set(record.column, flags);
      }
    });
    return out;
  }, [batches]);
  const selected = batches.findIndex((b) => b.key === batch.key);
  const records = batch.report?.columns ?? [];
  return (
    <ScrollArea type="auto">
      <Table striped highlightOnHover fz="sm" miw={980} data-testid="drift-columns-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Column</Table.Th>
            <Table.Th w={50}>Type</Table.Th>
            <Table.Th w={100}>Method</Table.Th>
            <Table.Th w={90} ta="right">
              Statistic
            </Table.Th>
            <Table.Th w={80} ta="right">
              Effect
            </Table.Th>
            <Table.Th w={90}>Threshold</Table.Th>
            <Table.Th w={150}>Verdict</Table.Th>
            <Table.Th w={110} ta="right" title="Values compared: reference / current">
              Sizes
            </Table.Th>
            <Table.Th w={124}>Over time</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {records.map((record) => (
            <Row
              key={record.column}
              record={record}
              monitorId={monitorId}
              batch={batch.key}
              values={statistics.get(record.column) ?? []}
              drifted={driftedByColumn.get(record.column) ?? []}
              selected={selected}
            />
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea>
  );
}

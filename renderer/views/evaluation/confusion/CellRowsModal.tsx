// The rows behind a confusion-matrix cell: every column of the file, with the
// line each row came from, a page at a time.
import { Group, Modal, Pagination, ScrollArea, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { ErrorState } from '../../../components/ErrorState';
import { LoadingState } from '../../../components/LoadingState';
import { formatMetric } from '../../../format/number';
import { currentSetKey } from '../../../stores/evaluation/selectors';
import { useEvaluationStore } from '../../../stores/evaluation/store';
import { countText } from './confusionModel';
import { ROWS_PAGE, useCellRows, type CellQuery } from './useCellRows';

export interface OpenCell extends CellQuery {
  /** The cell's count as the matrix showed it. */
  count: number;
}

function RowsTable({ columns, rows }: { columns: string[]; rows: { line: number; values: string[] }[] }) {
  return (
    <ScrollArea.Autosize mah="60vh" type="auto">
      <Table withTableBorder withColumnBorders striped fz="xs" verticalSpacing={2} data-testid="cell-rows-table" style={{ whiteSpace: 'nowrap' }}>
        <Table.Thead style={{ position: 'sticky', top: 0, background: 'var(--mantine-color-body)', zIndex: 1 }}>
          <Table.Tr>
            <Table.Th>Line</Table.Th>
            {columns.map((name, i) => (
              <Table.Th key={i}>{name}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.line} data-testid="cell-row">
              <Table.Td c="dimmed">{row.line}</Table.Td>
              {columns.map((_, i) => (
                <Table.Td key={i}>{row.values[i] ?? ''}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea.Autosize>
  );
}

export function CellRowsModal({ cell, onClose }: { cell: OpenCell; onClose(): void }) {
  const key = useEvaluationStore(currentSetKey);
  const [page, setPage] = useState(0);
  const { rows, error, loading, retry } = useCellRows(key, cell, page);
  const total = rows?.total ?? cell.count;
  const pages = Math.max(1, Math.ceil(total / ROWS_PAGE));
  const at = cell.threshold === undefined ? '' : ` at threshold ${formatMetric(cell.threshold)}`;
  return (
    <Modal
      opened
      onClose={onClose}
      size="90%"
      title={
        <Text fw={600}>
          True “{cell.trueClass}”, predicted “{cell.predictedClass}”{at}: {countText(total)} rows
        </Text>
      }
      attributes={{ content: { 'data-testid': 'cell-rows' } }}
    >
      {error && <ErrorState title="Could not read these rows" error={error} onRetry={retry} />}
      {!rows && loading && <LoadingState label="Reading the rows…" />}
      {rows && rows.rows.length === 0 && (
        <Text size="sm" c="dimmed">
          No rows in this cell.
        </Text>
      )}
      {rows && rows.rows.length > 0 && <RowsTable columns={rows.columns} rows={rows.rows} />}
      {pages > 1 && (
        <Group justify="space-between" mt="sm">
          <Text size="xs" c="dimmed">
            Rows {countText(page * ROWS_PAGE + 1)}–{countText(Math.min(total, (page + 1) * ROWS_PAGE))} of {countText(total)}
          </Text>
          <Pagination size="sm" total={pages} value={page + 1} onChange={(p) => setPage(p - 1)} data-testid="cell-rows-pages" />
        </Group>
      )}
    </Modal>
  );
}

// The runs table: sortable, filterable, virtualized so 10,000 runs scroll smoothly.
import { Table } from '@mantine/core';
import {
  getCoreRowModel,
  getSortedRowModel,
  useReactTable,
  type SortingState,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import type { Run } from '../../../shared/domain';
import { sourceLabel } from '../../format/source';
import { effectiveSource, metricKeysOf, paramNamesOf, runsOfSource, shownRuns } from '../../stores/runs/selectors';
import { selectOpenRunId, selectRunFilter, selectSourceFilter } from '../../stores/ui/selectors';
import { uiStore, useUiStore } from '../../stores/ui/store';
import { RunRow } from './RunRow';
import { RunsTableHeader } from './RunsTableHeader';
import { buildRunColumns } from './runColumns';
import classes from './RunsTable.module.css';

const ROW_HEIGHT = 36;

export function RunsTable({ runs }: { runs: Run[] }) {
  const filter = useUiStore(selectRunFilter);
  const source = effectiveSource(runs, useUiStore(selectSourceFilter));
  const openRunId = useUiStore(selectOpenRunId);
  const rows = shownRuns(runs, source, filter);
  // Columns of the chosen source only: TensorBoard tags need not crowd an MLflow table.
  const ofSource = runsOfSource(runs, source);
  const paramNames = paramNamesOf(ofSource);
  const metricKeys = metricKeysOf(ofSource);
  const columns = useMemo(() => buildRunColumns(paramNames, metricKeys), [paramNames, metricKeys]);
  const [sorting, setSorting] = useState<SortingState>([{ id: 'started', desc: true }]);

  const table = useReactTable({
    data: rows,
    columns,
    state: { sorting },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getRowId: (run) => run.id,
    enableColumnResizing: true,
    columnResizeMode: 'onChange',
  });

  const scrollerRef = useRef<HTMLDivElement>(null);
  const tableRows = table.getRowModel().rows;
  const virtualizer = useVirtualizer({
    count: tableRows.length,
    getScrollElement: () => scrollerRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  // Spacer rows above and below keep native table layout (and the sticky header) intact.
  const paddingTop = items.length > 0 ? items[0].start : 0;
  const paddingBottom = items.length > 0 ? virtualizer.getTotalSize() - items[items.length - 1].end : 0;
  const openRun = uiStore.getState().openRun;

  return (
    <div ref={scrollerRef} className={classes.scroller} data-testid="runs-table" data-row-count={tableRows.length}>
      <Table
        className={classes.table}
        style={{ width: table.getTotalSize(), minWidth: '100%' }}
        verticalSpacing={0}
        horizontalSpacing="sm"
        fz="sm"
      >
        <RunsTableHeader table={table} />
        <tbody>
          {paddingTop > 0 && <tr style={{ height: paddingTop }} aria-hidden />}
          {items.map((item) => {
            const row = tableRows[item.index];
            return <RunRow key={row.id} row={row} selected={row.id === openRunId} onOpen={openRun} />;
          })}
          {paddingBottom > 0 && <tr style={{ height: paddingBottom }} aria-hidden />}
        </tbody>
      </Table>
      {tableRows.length === 0 && (
        <div className={classes.noMatch} data-testid="runs-no-match">
          No {source ? `${sourceLabel(source)} ` : ''}run matches “{filter}”. The filter looks in run names, experiments and
          params (lr=0.01).
        </div>
      )}
    </div>
  );
}

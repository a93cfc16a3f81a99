// One body row of the runs table. Memoized: while scrolling, rows already in
// view keep their props and skip rendering; only the rows coming in render.
import { flexRender, type Row } from '@tanstack/react-table';
import { memo } from 'react';
import type { Run } from '../../../shared/domain';
import classes from './RunsTable.module.css';

interface Props {
  row: Row<Run>;
  selected: boolean;
  onOpen(runId: string): void;
}

export const RunRow = memo(function RunRow({ row, selected, onOpen }: Props) {
  const run = row.original;
  return (
    <tr
      className={classes.row}
      data-testid="run-row"
      data-run-id={run.id}
      data-run-name={run.name}
      data-selected={selected || undefined}
      data-deleted={run.deleted || undefined}
      tabIndex={0}
      onClick={() => onOpen(run.id)}
      onKeyDown={(event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          onOpen(run.id);
        }
      }}
    >
      {row.getVisibleCells().map((cell) => {
        const meta = cell.column.columnDef.meta;
        const className = [
          classes.td,
          meta?.numeric ? classes.numeric : '',
          meta?.pinned ? classes.pinned : '',
          meta?.groupStart ? classes.groupStart : '',
        ].join(' ');
        // Plain <td>: a Mantine Table.Td per cell costs too much at scrolling speed.
        return (
          <td key={cell.id} className={className} data-testid={meta?.cellTestId}>
            {flexRender(cell.column.columnDef.cell, cell.getContext())}
          </td>
        );
      })}
    </tr>
  );
});

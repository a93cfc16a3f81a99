// Sticky header: click to sort (again to reverse, a third time to clear), drag the edge to resize.
import { Table } from '@mantine/core';
import { flexRender, type Table as TanTable } from '@tanstack/react-table';
import { ArrowDown, ArrowUp } from 'lucide-react';
import type { Run } from '../../../shared/domain';
import classes from './RunsTable.module.css';

export function RunsTableHeader({ table }: { table: TanTable<Run> }) {
  return (
    <Table.Thead className={classes.thead}>
      {table.getHeaderGroups().map((group) => (
        <Table.Tr key={group.id}>
          {group.headers.map((header) => {
            const meta = header.column.columnDef.meta;
            const sorted = header.column.getIsSorted();
            const className = [
              classes.th,
              meta?.numeric ? classes.numeric : '',
              meta?.pinned ? classes.pinned : '',
              meta?.groupStart ? classes.groupStart : '',
            ].join(' ');
            return (
              <Table.Th
                key={header.id}
                className={className}
                style={{ width: header.getSize() }}
                data-sortable={header.column.getCanSort() || undefined}
                data-column-id={header.column.id}
                aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}
                onClick={header.column.getToggleSortingHandler()}
              >
                {flexRender(header.column.columnDef.header, header.getContext())}
                {sorted === 'asc' && <ArrowUp size={12} className={classes.sortIcon} />}
                {sorted === 'desc' && <ArrowDown size={12} className={classes.sortIcon} />}
                {header.column.getCanResize() && (
                  <div
                    className={classes.resizer}
                    data-resizing={header.column.getIsResizing() || undefined}
                    onMouseDown={header.getResizeHandler()}
                    onTouchStart={header.getResizeHandler()}
                    onClick={(event) => event.stopPropagation()}
                    onDoubleClick={() => header.column.resetSize()}
                    role="separator"
                    aria-label="Resize column"
                  />
                )}
              </Table.Th>
            );
          })}
        </Table.Tr>
      ))}
    </Table.Thead>
  );
}

// Sticky header: click to sort (again to reverse, a third time to clear;
// shift-click adds a key), drag a header onto another to move it, drag the
// edge to resize. The checkbox selects every matching run.
import { ArrowDown, ArrowUp, Pin } from 'lucide-react';
import { memo, useRef, type CSSProperties, type DragEvent, type MouseEvent } from 'react';
import { columnKey, type RunOrder } from '../../../shared/runQuery';
import { columnLayoutStore } from '../../stores/runs/columnLayout';
import { runsStore } from '../../stores/runs/store';
import type { RowGeometry } from './RunRow';
import type { TableColumn } from './runColumns';
import classes from './RunsTable.module.css';

export type HeaderCheck = 'none' | 'some' | 'all';

interface Props {
  geometry: RowGeometry;
  order: RunOrder[];
  check: HeaderCheck;
  onCheck(): void;
  height: number;
}

const DRAG_TYPE = 'application/x-runlens-column';

function startResize(event: MouseEvent, column: TableColumn): void {
  event.preventDefault();
  event.stopPropagation();
  const startX = event.clientX;
  const startWidth = column.width;
  let frame = 0;
  const move = (e: globalThis.MouseEvent) => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => columnLayoutStore.getState().resize(column.key, startWidth + e.clientX - startX));
  };
  const up = () => {
    window.removeEventListener('mousemove', move);
    window.removeEventListener('mouseup', up);
    document.body.style.cursor = '';
  };
  document.body.style.cursor = 'col-resize';
  window.addEventListener('mousemove', move);
  window.addEventListener('mouseup', up);
}

export const RunsTableHeader = memo(function RunsTableHeader({ geometry, order, check, onCheck, height }: Props) {
  const dragOver = useRef<string | null>(null);
  const sortIndex = new Map(order.map((o, i) => [columnKey(o.column), i]));

  const header = (column: TableColumn) => {
    const style: CSSProperties = { width: column.width };
    const className = `${classes.th}${column.numeric ? ` ${classes.numeric}` : ''}`;
    if (column.key === 'select') {
      return (
        <div key="select" className={className} style={style} role="columnheader">
          <input
            type="checkbox"
            className={classes.checkbox}
            checked={check === 'all'}
            ref={(el) => {
              if (el) el.indeterminate = check === 'some';
            }}
            onChange={onCheck}
            data-testid="select-all-checkbox"
            aria-label={check === 'none' ? 'Select every matching run' : 'Clear the selection'}
            title={check === 'none' ? 'Select every matching run' : 'Clear the selection'}
          />
        </div>
      );
    }
    if (column.key === 'menu') return <div key="menu" className={className} style={style} role="columnheader" />;
    const at = column.column ? sortIndex.get(column.key) : undefined;
    const sort = at === undefined ? null : order[at];
    const drag = column.key !== 'star';
    return (
      <div
        key={column.key}
        className={className}
        style={style}
        role="columnheader"
        data-testid="column-header"
        data-column-key={column.key}
        data-sortable={column.sortable || undefined}
        aria-sort={sort ? (sort.descending ? 'descending' : 'ascending') : 'none'}
        title={column.key === 'star' ? 'Starred (click to sort)' : `${column.prefix ? `${column.prefix} ` : ''}${column.label}\nClick to sort, shift-click to add a sort key, drag to move`}
        draggable={drag}
        onDragStart={(event: DragEvent) => {
          event.dataTransfer.setData(DRAG_TYPE, column.key);
          event.dataTransfer.effectAllowed = 'move';
        }}
        onDragOver={(event: DragEvent) => {
          if (!drag || !event.dataTransfer.types.includes(DRAG_TYPE)) return;
          event.preventDefault();
          dragOver.current = column.key;
          event.currentTarget.setAttribute('data-drop', 'true');
        }}
        onDragLeave={(event: DragEvent) => event.currentTarget.removeAttribute('data-drop')}
        onDrop={(event: DragEvent) => {
          event.currentTarget.removeAttribute('data-drop');
          const moved = event.dataTransfer.getData(DRAG_TYPE);
          if (moved && moved !== column.key) columnLayoutStore.getState().move(moved, column.key);
        }}
        onClick={(event) => {
          if (column.column) runsStore.getState().toggleSort(column.column, event.shiftKey);
        }}
      >
        {column.pinned && column.key !== 'star' && <Pin size={10} className={classes.pinIcon} />}
        {column.prefix && <span className={classes.headerPrefix}>{column.prefix} </span>}
        <span className={classes.headerLabel}>{column.key === 'star' ? '★' : column.label}</span>
        {sort && (sort.descending ? <ArrowDown size={12} className={classes.sortIcon} /> : <ArrowUp size={12} className={classes.sortIcon} />)}
        {sort && order.length > 1 && <sup className={classes.sortRank}>{(at ?? 0) + 1}</sup>}
        {drag && (
          <div
            className={classes.resizer}
            onMouseDown={(event) => startResize(event, column)}
            onClick={(event) => event.stopPropagation()}
            draggable={false}
            onDragStart={(event) => event.preventDefault()}
            role="separator"
            aria-label="Resize column"
          />
        )}
      </div>
    );
  };

  return (
    <div className={classes.thead} style={{ width: geometry.width, height }} role="row">
      <div className={classes.pinned} style={{ width: geometry.pinnedWidth }}>
        {geometry.pinned.map(header)}
      </div>
      {geometry.spacer > 0 && <div className={classes.spacer} style={{ width: geometry.spacer }} />}
      {geometry.visible.map(header)}
    </div>
  );
});

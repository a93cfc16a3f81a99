// One body row of the runs table, and a group's header row. Memoized: while
// scrolling, rows already in view keep their props and skip rendering; only
// the rows coming in render. Clicks are handled once, on the table body.
import { ChevronDown, ChevronRight } from 'lucide-react';
import { memo, type CSSProperties } from 'react';
import type { MetricAggregate, RunGroup, RunRow as Row } from '../../../shared/runQuery';
import type { RunSource } from '../../../shared/domain';
import { formatMetric } from '../../format/number';
import { sourceLabel } from '../../format/source';
import { cellContent } from './RunCells';
import type { TableColumn } from './runColumns';
import classes from './RunsTable.module.css';

export interface RowGeometry {
  pinned: TableColumn[];
  /** Width of the pinned columns, drawn as one sticky group per row (one sticky box, not one per cell). */
  pinnedWidth: number;
  /** The scrolling columns in view, and the space before the first of them. */
  visible: TableColumn[];
  spacer: number;
  width: number;
}

function cellClass(column: TableColumn): string {
  return column.numeric ? `${classes.td} ${classes.numeric}` : classes.td;
}

interface RowProps {
  run: Row | undefined;
  index: number;
  top: number;
  height: number;
  geometry: RowGeometry;
  selected: boolean;
  focused: boolean;
  open: boolean;
}

export const RunRow = memo(function RunRow({ run, index, top, height, geometry, selected, focused, open }: RowProps) {
  const style: CSSProperties = { transform: `translateY(${top}px)`, height, width: geometry.width };
  if (!run) {
    return (
      <div className={classes.row} style={style} data-testid="run-row-loading" data-index={index} aria-busy>
        <div className={classes.placeholder} style={{ width: Math.min(geometry.width, 600) }} />
      </div>
    );
  }
  const cell = (column: TableColumn) => (
    <div key={column.key} className={cellClass(column)} style={{ width: column.width }} data-testid={column.cellTestId}>
      {cellContent(column, run, selected)}
    </div>
  );
  return (
    <div
      className={classes.row}
      style={style}
      role="row"
      data-testid="run-row"
      data-index={index}
      data-run-id={run.id}
      data-run-name={run.name}
      data-selected={selected || undefined}
      data-focused={focused || undefined}
      data-open={open || undefined}
      data-deleted={run.deleted || undefined}
      data-hidden={run.annotation?.hidden || undefined}
      aria-selected={selected}
    >
      <div className={classes.pinned} style={{ width: geometry.pinnedWidth }}>
        {geometry.pinned.map(cell)}
      </div>
      {geometry.spacer > 0 && <div className={classes.spacer} style={{ width: geometry.spacer }} />}
      {geometry.visible.map(cell)}
    </div>
  );
});

function aggregateText(aggregate: MetricAggregate | undefined): { text: string; title: string } | null {
  if (!aggregate || aggregate.mean === null) return null;
  return {
    text: `x̄ ${formatMetric(aggregate.mean)}`,
    title: `mean ${formatMetric(aggregate.mean)}\nmin ${formatMetric(aggregate.min)}\nmax ${formatMetric(aggregate.max)}`,
  };
}

interface GroupProps {
  group: RunGroup;
  groupIndex: number;
  index: number;
  top: number;
  height: number;
  geometry: RowGeometry;
  collapsed: boolean;
  focused: boolean;
  label: string;
}

/** A group's header: its value and count, and the mean (min–max on hover) of each shown metric's last values. */
export const GroupRow = memo(function GroupRow({ group, groupIndex, index, top, height, geometry, collapsed, focused, label }: GroupProps) {
  const value = group.value === null ? '(none)' : label === 'Source' && typeof group.value === 'string' ? sourceLabel(group.value as RunSource) : String(group.value);
  const metricCell = (column: TableColumn) => {
    const isLast = column.column?.kind === 'metric' && (column.column.summary ?? 'last') === 'last';
    const aggregate = isLast && column.column ? aggregateText(group.aggregates[column.column.name]) : null;
    return (
      <div key={column.key} className={`${classes.td} ${classes.numeric} ${classes.aggregate}`} style={{ width: column.width }} title={aggregate?.title} data-testid={aggregate ? 'group-aggregate' : undefined}>
        {aggregate?.text}
      </div>
    );
  };
  return (
    <div
      className={`${classes.row} ${classes.groupRow}`}
      style={{ transform: `translateY(${top}px)`, height, width: geometry.width }}
      data-testid="group-row"
      data-index={index}
      data-group-index={groupIndex}
      data-collapsed={collapsed || undefined}
      data-focused={focused || undefined}
      data-action="group"
      aria-expanded={!collapsed}
    >
      <div className={`${classes.td} ${classes.pinned} ${classes.groupHead}`} style={{ width: geometry.pinnedWidth }} title={`${label} = ${value}`}>
        {collapsed ? <ChevronRight size={14} /> : <ChevronDown size={14} />}
        <span className={classes.groupLabel}>{label}</span>
        <span className={classes.groupValue}>{value}</span>
        <span className={classes.groupCount} data-testid="group-count">
          {group.count.toLocaleString()}
        </span>
      </div>
      {geometry.spacer > 0 && <div className={classes.spacer} style={{ width: geometry.spacer }} />}
      {geometry.visible.map(metricCell)}
    </div>
  );
});

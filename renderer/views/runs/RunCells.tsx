// Cells of the runs table. Kept light: plain elements and native titles, since
// only the rows in view are drawn but they are drawn at scrolling speed.
import { Badge } from '@mantine/core';
import { Ellipsis, StickyNote, Star, TriangleAlert } from 'lucide-react';
import type { CellValue, RunRow } from '../../../shared/runQuery';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDateTime } from '../../format/date';
import { formatDuration, runDurationMs } from '../../format/duration';
import { formatMetric } from '../../format/number';
import { sourceLabel } from '../../format/source';
import { useNow } from '../../hooks/useNow';
import type { TableColumn } from './runColumns';
import classes from './RunsTable.module.css';

const missing = <span className={classes.dimmed}>—</span>;

function RunNameCell({ run }: { run: RunRow }) {
  const name = run.name || run.id;
  const color = run.annotation?.color ?? null;
  const note = run.annotation?.note ?? '';
  return (
    <div className={classes.nameCell}>
      {color && <span className={classes.colorDot} style={{ backgroundColor: color }} data-testid="run-color" />}
      <span className={classes.nameText} title={name}>
        {name}
      </span>
      {note && (
        <span className={classes.noteIcon} title={note} data-testid="run-note">
          <StickyNote size={12} />
        </span>
      )}
      {run.annotation?.hidden && (
        <Badge size="xs" variant="outline" color="gray" radius="sm" className={classes.badge} data-testid="run-hidden-badge" title="Hidden: listed because Show hidden is on">
          hidden
        </Badge>
      )}
      {run.deleted && (
        <Badge size="xs" variant="outline" color="gray" radius="sm" className={classes.badge} data-testid="run-deleted-badge" title="Deleted in its source (MLflow): listed because Show deleted is on">
          deleted
        </Badge>
      )}
      {run.warningCount > 0 && <WarningsIndicator count={run.warningCount} />}
    </div>
  );
}

function WarningsIndicator({ count }: { count: number }) {
  const label = `${count} warning${count === 1 ? '' : 's'} while reading this run`;
  return (
    <span className={classes.warnings} data-testid="run-warnings" aria-label={label} title={label}>
      <TriangleAlert size={13} />
      {count}
    </span>
  );
}

function TickingDuration({ run }: { run: RunRow }) {
  const now = useNow();
  return <>{formatDuration(runDurationMs(run, now))}</>;
}

function DurationCell({ run }: { run: RunRow }) {
  if (run.status === 'RUNNING' && run.endTime === null && run.startTime !== null) return <TickingDuration run={run} />;
  return <>{formatDuration(runDurationMs(run, Date.now()))}</>;
}

function textValue(value: CellValue | undefined) {
  if (value === null || value === undefined) return missing;
  const text = String(value);
  return <span title={text}>{text}</span>;
}

export function metricValue(value: CellValue | undefined) {
  if (value === undefined || value === null) return missing;
  if (typeof value === 'string') return <span title={value}>{value}</span>;
  return <>{formatMetric(value)}</>;
}

export function StarButton({ starred }: { starred: boolean }) {
  return (
    <button
      type="button"
      className={classes.iconButton}
      data-action="star"
      data-testid="run-star"
      data-starred={starred ? 'true' : 'false'}
      aria-label={starred ? 'Unstar' : 'Star'}
      aria-pressed={starred}
    >
      <Star size={14} fill={starred ? 'var(--mantine-color-yellow-5)' : 'none'} color={starred ? 'var(--mantine-color-yellow-6)' : 'currentColor'} />
    </button>
  );
}

/** The content of one cell. */
export function cellContent(column: TableColumn, run: RunRow, selected: boolean) {
  switch (column.key) {
    case 'select':
      return <input type="checkbox" className={classes.checkbox} checked={selected} readOnly data-action="select" data-testid="run-checkbox" aria-label={`Select ${run.name || run.id}`} tabIndex={-1} />;
    case 'star':
      return <StarButton starred={run.annotation?.starred ?? false} />;
    case 'menu':
      return (
        <button type="button" className={classes.iconButton} data-action="menu" data-testid="run-menu" aria-label="Note, color, tags, hide" title="Note, color, tags, hide">
          <Ellipsis size={14} />
        </button>
      );
  }
  const c = column.column;
  if (c === null) return null;
  if (c.kind === 'metric') return metricValue(run.values[column.key]);
  if (c.kind !== 'attribute') return textValue(run.values[column.key]);
  switch (c.name) {
    case 'name':
      return <RunNameCell run={run} />;
    case 'status':
      return <StatusBadge status={run.status} reason={run.statusReason} plainTooltip />;
    case 'source':
      return (
        <span data-source={run.source} title={run.path}>
          {sourceLabel(run.source)}
        </span>
      );
    case 'experiment':
      return textValue(run.experiment);
    case 'start_time':
      return <>{formatDateTime(run.startTime)}</>;
    case 'end_time':
      return <>{formatDateTime(run.endTime)}</>;
    case 'last_activity':
      return <>{formatDateTime(run.lastActivity)}</>;
    case 'duration':
      return <DurationCell run={run} />;
    case 'run_id':
      return textValue(run.id);
    case 'starred':
      return run.annotation?.starred ? '★' : missing;
  }
}

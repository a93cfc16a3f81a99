// Cells of the runs table. Kept light: only the rows in view are rendered.
import { Badge, Group } from '@mantine/core';
import { TriangleAlert } from 'lucide-react';
import type { MetricSummary, Run } from '../../../shared/domain';
import { formatDuration, runDurationMs } from '../../format/duration';
import { formatMetric } from '../../format/number';
import { useNow } from '../../hooks/useNow';
import classes from './RunsTable.module.css';

export function RunNameCell({ run }: { run: Run }) {
  const name = run.name || run.id;
  return (
    <div className={classes.nameCell}>
      <span className={classes.nameText} title={name}>
        {name}
      </span>
      {run.deleted && <DeletedBadge />}
      {run.warningCount > 0 && <WarningsIndicator count={run.warningCount} />}
    </div>
  );
}

function DeletedBadge() {
  return (
    <Badge
      size="xs"
      variant="outline"
      color="gray"
      radius="sm"
      className={classes.deletedBadge}
      data-testid="run-deleted-badge"
      title="Deleted in its source (MLflow): listed because Show deleted is on"
    >
      deleted
    </Badge>
  );
}

function WarningsIndicator({ count }: { count: number }) {
  const label = `${count} warning${count === 1 ? '' : 's'} while reading this run`;
  return (
    <Group gap={2} wrap="nowrap" c="orange" fz="xs" data-testid="run-warnings" aria-label={label} title={label}>
      <TriangleAlert size={13} />
      {count}
    </Group>
  );
}

function TickingDuration({ run }: { run: Run }) {
  const now = useNow();
  return <>{formatDuration(runDurationMs(run, now))}</>;
}

export function DurationCell({ run }: { run: Run }) {
  if (run.status === 'RUNNING' && run.endTime === null && run.startTime !== null) {
    return <TickingDuration run={run} />;
  }
  return <>{formatDuration(runDurationMs(run, Date.now()))}</>;
}

/** The hover text of a metric cell; a native title, since a Mantine Tooltip per cell costs too much while scrolling. */
export function metricTitle(key: string, summary: MetricSummary): string {
  return [
    `${key}`,
    `last ${formatMetric(summary.last)} (step ${summary.lastStep})`,
    `min ${formatMetric(summary.min)}`,
    `max ${formatMetric(summary.max)}`,
    `${summary.count.toLocaleString()} point${summary.count === 1 ? '' : 's'}`,
  ].join('\n');
}

export function MetricValue({ metricKey, summary }: { metricKey: string; summary: MetricSummary | undefined }) {
  if (!summary) return <span className={classes.dimmed}>—</span>;
  return <span title={metricTitle(metricKey, summary)}>{formatMetric(summary.last)}</span>;
}

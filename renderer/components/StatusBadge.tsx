// A run's status in MLflow's words, colored; an inferred status explains itself on hover.
import { Badge, Tooltip } from '@mantine/core';
import type { RunStatus } from '../../shared/domain';
import classes from './StatusBadge.module.css';

export const statusColors: Record<RunStatus, string> = {
  RUNNING: 'blue',
  FINISHED: 'green',
  FAILED: 'red',
  KILLED: 'orange',
  SCHEDULED: 'gray',
};

interface Props {
  status: RunStatus;
  reason: string | null;
  /** In table rows a native title: a Mantine Tooltip per row is too heavy at scrolling speed. */
  plainTooltip?: boolean;
}

export function StatusBadge({ status, reason, plainTooltip }: Props) {
  const badge = (
    <Badge
      data-testid="run-status"
      color={statusColors[status]}
      variant="light"
      size="sm"
      radius="sm"
      leftSection={status === 'RUNNING' ? <span className={classes.pulse} /> : undefined}
      style={reason ? { textDecoration: 'underline dotted', textUnderlineOffset: 3 } : undefined}
      title={plainTooltip && reason ? reason : undefined}
    >
      {status}
    </Badge>
  );
  if (!reason || plainTooltip) return badge;
  return (
    <Tooltip label={reason} multiline maw={320} withArrow openDelay={200}>
      {badge}
    </Tooltip>
  );
}

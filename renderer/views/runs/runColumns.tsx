// The runs table's columns: the run's own fields, then one per metric (what
// people compare first, as in MLflow's table), then one per param.
import type { ColumnDef, RowData, SortingFn } from '@tanstack/react-table';
import type { Run } from '../../../shared/domain';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDateTime } from '../../format/date';
import { sourceLabel } from '../../format/source';
import { runDurationMs } from '../../format/duration';
import { compareMetricValues, compareParamValues } from '../../stores/runs/selectors';
import { DurationCell, MetricValue, RunNameCell } from './RunCells';
import classes from './RunsTable.module.css';

declare module '@tanstack/react-table' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData extends RowData, TValue> {
    kind: 'run' | 'param' | 'metric';
    /** data-testid of the column's body cells. */
    cellTestId?: string;
    numeric?: boolean;
    /** First column of a group: drawn with a separator. */
    groupStart?: boolean;
    pinned?: boolean;
  }
}

const byParam: SortingFn<Run> = (a, b, id) =>
  compareParamValues(a.getValue<string | undefined>(id), b.getValue<string | undefined>(id));
const byMetric: SortingFn<Run> = (a, b, id) =>
  compareMetricValues(a.getValue<number>(id), b.getValue<number>(id));

/** Wide enough for the header text, within bounds; the edge can be dragged for more. */
function widthFor(label: string): number {
  return Math.min(220, Math.max(96, Math.round(7.2 * label.length) + 40));
}

function prefixed(prefix: string, label: string) {
  return () => (
    <span title={`${prefix} ${label}`}>
      <span className={classes.headerPrefix}>{prefix}</span> {label}
    </span>
  );
}

const runColumns: ColumnDef<Run>[] = [
  {
    id: 'name',
    header: 'Name',
    accessorFn: (run) => run.name || run.id,
    cell: ({ row }) => <RunNameCell run={row.original} />,
    size: 240,
    minSize: 120,
    meta: { kind: 'run', pinned: true },
  },
  {
    id: 'status',
    header: 'Status',
    accessorFn: (run) => run.status,
    cell: ({ row }) => <StatusBadge status={row.original.status} reason={row.original.statusReason} plainTooltip />,
    size: 118,
    meta: { kind: 'run' },
  },
  {
    id: 'experiment',
    header: 'Experiment',
    accessorFn: (run) => run.experiment,
    cell: ({ row }) => <span title={row.original.experiment}>{row.original.experiment}</span>,
    size: 150,
    meta: { kind: 'run' },
  },
  {
    id: 'source',
    header: 'Source',
    accessorFn: (run) => sourceLabel(run.source),
    cell: ({ row }) => (
      <span title={row.original.path} data-source={row.original.source}>
        {sourceLabel(row.original.source)}
      </span>
    ),
    size: 128,
    meta: { kind: 'run' },
  },
  {
    id: 'started',
    header: 'Started',
    accessorFn: (run) => run.startTime ?? undefined,
    cell: ({ row }) => formatDateTime(row.original.startTime),
    sortUndefined: 'last',
    size: 160,
    meta: { kind: 'run', numeric: true },
  },
  {
    id: 'duration',
    header: 'Duration',
    accessorFn: (run) => runDurationMs(run, Date.now()) ?? undefined,
    cell: ({ row }) => <DurationCell run={row.original} />,
    sortUndefined: 'last',
    size: 96,
    meta: { kind: 'run', numeric: true },
  },
];

export function buildRunColumns(paramNames: string[], metricKeys: string[]): ColumnDef<Run>[] {
  const params: ColumnDef<Run>[] = paramNames.map((name, index) => ({
    id: `param:${name}`,
    header: prefixed('param:', name),
    accessorFn: (run) => run.params[name],
    cell: ({ row }) => {
      const value = row.original.params[name];
      return value === undefined ? <span className={classes.dimmed}>—</span> : <span title={value}>{value}</span>;
    },
    sortingFn: byParam,
    sortUndefined: 'last',
    size: widthFor(`param: ${name}`),
    minSize: 60,
    meta: { kind: 'param', cellTestId: `param-cell-${name}`, groupStart: index === 0 },
  }));
  const metrics: ColumnDef<Run>[] = metricKeys.map((key, index) => ({
    id: `metric:${key}`,
    header: prefixed('metric:', key),
    accessorFn: (run) => run.metrics[key]?.last,
    cell: ({ row }) => <MetricValue metricKey={key} summary={row.original.metrics[key]} />,
    sortingFn: byMetric,
    sortUndefined: 'last',
    sortDescFirst: false,
    size: widthFor(`metric: ${key}`),
    minSize: 60,
    meta: { kind: 'metric', cellTestId: `metric-cell-${key}`, numeric: true, groupStart: index === 0 },
  }));
  return [...runColumns, ...metrics, ...params];
}

// What the runs table asks the backend for, and what it gets: a filtered,
// sorted window of lean rows with only the columns shown (issue 15). Declared
// once here; the request schemas in api.ts, the backend's SQL and the table's
// columns all derive from these.
import type { Run } from './domain';

/** The run attributes a filter, a sort or a column can name (MLflow's `attributes.` words). */
export const runAttributes = ['name', 'status', 'source', 'experiment', 'start_time', 'end_time', 'duration', 'run_id', 'last_activity', 'starred'] as const;
export type RunAttribute = (typeof runAttributes)[number];

export const metricSummaries = ['last', 'min', 'max'] as const;
export type MetricSummaryName = (typeof metricSummaries)[number];

export const columnKinds = ['attribute', 'param', 'tag', 'metric'] as const;

/** One column of the runs table: an attribute, a param, a tag, or a metric's last, min or max. */
export type RunColumn =
  | { kind: 'attribute'; name: RunAttribute }
  | { kind: 'param'; name: string }
  | { kind: 'tag'; name: string }
  | { kind: 'metric'; name: string; summary?: MetricSummaryName };

/**
 * The key a column's values are sent under: MLflow's own spelling, with the
 * name backquoted when it holds anything but letters, digits and `_`
 * (`metrics.\`val loss\``, `params.lr`, `metrics.loss.min`).
 */
export function columnKey(column: RunColumn): string {
  const quoted = /^[A-Za-z_][A-Za-z0-9_]*$/.test(column.name) ? column.name : `\`${column.name.replace(/`/g, '``')}\``;
  switch (column.kind) {
    case 'attribute':
      return `attributes.${quoted}`;
    case 'param':
      return `params.${quoted}`;
    case 'tag':
      return `tags.${quoted}`;
    case 'metric':
      return `metrics.${quoted}${column.summary && column.summary !== 'last' ? `.${column.summary}` : ''}`;
  }
}

export interface RunOrder {
  column: RunColumn;
  descending: boolean;
}

/** What the user added to a run in Runlens: kept in Runlens's own tables, never in the project folder. */
export interface RunAnnotation {
  starred: boolean;
  note: string;
  /** Display color (a CSS hex color) or null for the default palette. */
  color: string | null;
  hidden: boolean;
  /** Tags added in Runlens, beside the source's own. */
  tags: Record<string, string>;
}

/** A value in a cell: params and tags are text (numbers when every value parses as one), metrics numbers. */
export type CellValue = string | number | null;

/** A lean row: a run without its params, tags and metrics, plus the values of the columns asked for, by columnKey. */
export interface RunRow extends Omit<Run, 'params' | 'tags' | 'metrics'> {
  /** The run's id in its source (MLflow's run id, the native run's id), or its folder where the source has none. */
  sourceRunId: string;
  annotation: RunAnnotation | null;
  values: Record<string, CellValue>;
}

export interface MetricAggregate {
  mean: number | null;
  min: number | null;
  max: number | null;
}

/** The runs sharing one value of the group-by column, in the order the rows come in. */
export interface RunGroup {
  /** The value shared (null: the runs without it). */
  value: CellValue;
  count: number;
  /** By metric key, over each run's last value. */
  aggregates: Record<string, MetricAggregate>;
}

export interface RunsPage {
  /** How many runs match the filter (all of them, not only this window). */
  total: number;
  offset: number;
  rows: RunRow[];
  /** When grouped: every group, in row order; rows are sorted by group first. */
  groups: RunGroup[] | null;
  /** Sort columns whose values are numbers in some runs and text in others, compared as text where not both numbers. */
  mixedColumns: string[];
}

/** The columns a project's runs can show (for the column chooser). */
export interface RunColumnsAvailable {
  params: string[];
  tags: string[];
  metrics: string[];
}

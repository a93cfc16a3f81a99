// What the compare view asks runs/query for: every param, and last/min/max
// for the metrics shown, within the request's column limit.
import type { RunColumn, RunColumnsAvailable, RunRow } from '../../../shared/runQuery';

/** runs/query takes at most this many columns. */
export const MAX_QUERY_COLUMNS = 500;
/** Metrics whose summaries come with the first answer; others on demand (search, pick). */
export const DEFAULT_SUMMARY_METRICS = 60;
/** Params past this many are left out (the rest of the columns go to metrics). */
export const MAX_PARAMS = 200;

export interface ColumnPlan {
  columns: RunColumn[];
  /** The params asked for (sorted). */
  params: string[];
  /** The metrics whose last, min and max are asked for. */
  metrics: string[];
  /** Params not asked for, past MAX_PARAMS. */
  paramsLeftOut: number;
}

const byName = (a: string, b: string): number => a.localeCompare(b);

/**
 * The columns of the query: params first (sorted, up to MAX_PARAMS), then
 * last/min/max of the wanted metrics that exist (in the order wanted), then
 * of the first DEFAULT_SUMMARY_METRICS metrics by name, up to
 * MAX_QUERY_COLUMNS columns in all.
 * Example: 3 params and 1,000 metrics → 3 + 3 × DEFAULT_SUMMARY_METRICS columns.
 */
export function planColumns(available: RunColumnsAvailable, wanted: readonly string[] = []): ColumnPlan {
  const allParams = [...new Set(available.params)].sort(byName);
  const params = allParams.slice(0, MAX_PARAMS);
  const known = new Set(available.metrics);
  const metricBudget = Math.floor((MAX_QUERY_COLUMNS - params.length) / 3);
  const metrics: string[] = [];
  const add = (key: string): void => {
    if (metrics.length < metricBudget && known.has(key) && !metrics.includes(key)) metrics.push(key);
  };
  for (const key of wanted) add(key);
  const limit = Math.min(metricBudget, DEFAULT_SUMMARY_METRICS + metrics.length);
  for (const key of [...known].sort(byName)) {
    if (metrics.length >= limit) break;
    add(key);
  }
  const columns: RunColumn[] = [
    ...params.map((name): RunColumn => ({ kind: 'param', name })),
    ...metrics.flatMap((name): RunColumn[] => [
      { kind: 'metric', name, summary: 'last' },
      { kind: 'metric', name, summary: 'min' },
      { kind: 'metric', name, summary: 'max' },
    ]),
  ];
  return { columns, params, metrics, paramsLeftOut: allParams.length - params.length };
}

/** The compared runs the answer lacks: gone from the store. */
export function missingRuns(runIds: readonly string[], rows: readonly RunRow[]): string[] {
  const present = new Set(rows.map((row) => row.id));
  return runIds.filter((id) => !present.has(id));
}

/** The rows in the order the runs were compared (the query sorts its own way). */
export function inComparedOrder(runIds: readonly string[], rows: readonly RunRow[]): RunRow[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return runIds.flatMap((id) => byId.get(id) ?? []);
}

/** "1 run is no longer in the store: a" / "2 runs are no longer in the store: a, b". */
export function goneNotice(ids: readonly string[]): string {
  return `${ids.length} ${ids.length === 1 ? 'run is' : 'runs are'} no longer in the store: ${ids.join(', ')}`;
}

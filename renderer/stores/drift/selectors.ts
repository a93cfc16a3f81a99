// Named pure functions over what `drift/monitors` and `drift/monitor` answer:
// the badge count, the batch in view, and the series every over-time chart and
// sparkline draws, all from the one monitor detail (no request per chart).
import type { ColumnDriftRecord, DriftBatch, DriftMonitor, MonitorDetail, PerformanceMetric } from '../../../shared/drift/monitor';

/** The sidebar's badge: alerts not seen over every monitor. */
export function totalUnseen(monitors: readonly DriftMonitor[]): number {
  return monitors.reduce((sum, monitor) => sum + (Number.isFinite(monitor.unseenAlerts) ? monitor.unseenAlerts : 0), 0);
}

/** The batch the route names, else the newest (batches come oldest first); null with none. */
export function selectedBatch(batches: readonly DriftBatch[], key: string | null): DriftBatch | null {
  if (key !== null) {
    const named = batches.find((batch) => batch.key === key);
    if (named) return named;
  }
  return batches.length ? batches[batches.length - 1] : null;
}

export interface SharePoint {
  key: string;
  label: string;
  /** NaN when the batch could not be read or compared no column. */
  share: number;
  drift: boolean;
  drifted: number;
  columns: number;
}

export function datasetShareSeries(batches: readonly DriftBatch[]): SharePoint[] {
  return batches.map((batch) => {
    const dataset = batch.report?.dataset;
    return {
      key: batch.key,
      label: batch.label,
      share: dataset ? dataset.share : NaN,
      drift: dataset?.drift ?? false,
      drifted: dataset?.drifted ?? 0,
      columns: dataset?.columns ?? 0,
    };
  });
}

export interface StatisticPoint {
  key: string;
  label: string;
  /** NaN when this batch did not compare the column. */
  statistic: number;
  threshold: number;
  drift: boolean;
  method: ColumnDriftRecord['method'] | null;
}

const recordOf = (batch: DriftBatch, column: string): ColumnDriftRecord | undefined => batch.report?.columns.find((record) => record.column === column);

/** One column's statistic per batch (the sparkline, the over-time chart). */
export function columnSeries(batches: readonly DriftBatch[], column: string): StatisticPoint[] {
  return batches.map((batch) => {
    const record = recordOf(batch, column);
    return {
      key: batch.key,
      label: batch.label,
      statistic: record ? record.statistic : NaN,
      threshold: record ? record.threshold : NaN,
      drift: record?.drift ?? false,
      method: record?.method ?? null,
    };
  });
}

/** Every column's statistics per batch at once: O(batches × columns), for the summary's sparklines. */
export function statisticsByColumn(batches: readonly DriftBatch[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  batches.forEach((batch, index) => {
    for (const record of batch.report?.columns ?? []) {
      let values = out.get(record.column);
      if (!values) {
        values = new Array<number>(batches.length).fill(NaN);
        out.set(record.column, values);
      }
      values[index] = record.statistic;
    }
  });
  return out;
}

/** Columns compared in any batch, in the order first met (the newest batch's order first). */
export function comparedColumns(batches: readonly DriftBatch[]): string[] {
  const seen = new Set<string>();
  for (let i = batches.length - 1; i >= 0; i--) for (const record of batches[i].report?.columns ?? []) seen.add(record.column);
  return [...seen];
}

/** The column the over-time chart opens on: the batch's first (the report sorts the most drifted first). */
export function mostDriftedColumn(batch: DriftBatch | null): string | null {
  return batch?.report?.columns[0]?.column ?? null;
}

export interface PerformancePoint {
  key: string;
  label: string;
  /** Measured on the batch's labels; NaN without. */
  measured: number;
  /** CBPE's estimate and its band; NaN without. */
  estimate: number;
  band: [number, number] | null;
  labeled: boolean;
}

export function performanceSeries(batches: readonly DriftBatch[], metric: PerformanceMetric): PerformancePoint[] {
  return batches.map((batch) => {
    const estimate = batch.estimate;
    const lower = estimate?.lower[metric] ?? NaN;
    const upper = estimate?.upper[metric] ?? NaN;
    return {
      key: batch.key,
      label: batch.label,
      measured: batch.performance ? batch.performance[metric] : NaN,
      estimate: estimate ? estimate.values[metric] : NaN,
      band: Number.isFinite(lower) && Number.isFinite(upper) ? [lower, upper] : null,
      labeled: batch.performance !== null,
    };
  });
}

/** Whether the monitor has anything for the performance chart. */
export function hasPerformance(detail: MonitorDetail): boolean {
  return detail.monitor.model !== null && detail.batches.some((batch) => batch.performance !== null || batch.estimate !== null);
}

export function predictionSeries(batches: readonly DriftBatch[]): StatisticPoint[] {
  return batches.map((batch) => ({
    key: batch.key,
    label: batch.label,
    statistic: batch.prediction ? batch.prediction.statistic : NaN,
    threshold: batch.prediction ? batch.prediction.threshold : NaN,
    drift: batch.prediction?.drift ?? false,
    method: batch.prediction?.method ?? null,
  }));
}

/** The one threshold of a series when all its batches share it (the threshold line), else null. */
export function commonThreshold(points: readonly { threshold: number }[]): number | null {
  const finite = points.map((p) => p.threshold).filter(Number.isFinite);
  if (!finite.length) return null;
  return finite.every((t) => t === finite[0]) ? finite[0] : null;
}

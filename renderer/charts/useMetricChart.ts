// The data hook of a metric chart: which series to ask for (full range, plus the zoomed window),
// what to draw from them, and the state the frame shows.
import { useMemo } from 'react';
import type { MetricSeries } from '../../shared/domain';
import type { ApiError } from '../../shared/errors';
import { buildChartModel, type ChartModel } from './chartModel';
import { retrySeries, useSeries, type SeriesRequest } from './seriesStore';
import { firstTimestamp } from './timeAxis';
import type { BandKind, ChartGroup, ChartLine, ChartSettings, XAxisMode } from './types';

/** A zoom: the x range selected, in the axis mode it was selected in, and the steps it covers. */
export interface ChartZoom {
  mode: XAxisMode;
  xDomain: [number, number];
  fromStep: number;
  toStep: number;
}

export interface MetricChartInput {
  metricKey: string;
  lines: readonly ChartLine[];
  groups?: readonly ChartGroup[];
  band?: BandKind;
  settings: ChartSettings;
  /** The plot's width in px (0 until measured: nothing is asked for yet). */
  width: number;
  zoom: ChartZoom | null;
  hidden: ReadonlySet<string>;
}

export interface MetricChartData {
  status: 'loading' | 'error' | 'ready';
  /** The first failure: the chart's error when nothing loaded, a note when some runs did. */
  error: ApiError | null;
  failedRuns: number;
  model: ChartModel | null;
  retry(): void;
}

/** A value that changes identity only when its JSON does: props rebuilt on every parent render stay cheap. */
function useStableByContent<T>(value: T): T {
  const text = JSON.stringify(value);
  return useMemo(() => value, [text]);
}

export function useMetricChart(input: MetricChartInput): MetricChartData {
  const { metricKey, width, zoom, band } = input;
  const lines = useStableByContent(input.lines);
  const groups = useStableByContent(input.groups);
  const { smoothing, xAxis, logY, ignoreOutliers } = input.settings;
  const runIds = useMemo(
    () => [...new Set(groups ? groups.flatMap((g) => g.runIds) : lines.map((l) => l.runId))],
    [lines, groups],
  );
  const requests = useMemo((): SeriesRequest[] => {
    if (width <= 0) return [];
    const full = runIds.map((runId) => ({ runId, metricKey, width }));
    // The full range stays wanted while zoomed: it gives the relative-time origin and an instant reset.
    const zoomed = zoom ? runIds.map((runId) => ({ runId, metricKey, width, fromStep: zoom.fromStep, toStep: zoom.toStep })) : [];
    return [...full, ...zoomed];
  }, [runIds, metricKey, width, zoom]);
  const results = useSeries(requests);

  const loaded = useMemo(() => {
    const seriesByRun = new Map<string, MetricSeries>();
    const originByRun = new Map<string, number>();
    let error: ApiError | null = null;
    let failedRuns = 0;
    // Nothing is asked for until the plot is measured: that is still loading, not empty.
    let loading = width <= 0 && runIds.length > 0;
    runIds.forEach((runId, i) => {
      const full = results[i];
      const zoomed = zoom ? results[runIds.length + i] : undefined;
      if (full?.series) originByRun.set(runId, firstTimestamp(full.series.timestamps));
      // Until the zoomed window arrives the full series is drawn, clipped to the zoom.
      const series = zoomed?.series ?? full?.series;
      if (series) seriesByRun.set(runId, series);
      const failure = zoomed?.status === 'error' ? zoomed.error : full?.status === 'error' ? full.error : undefined;
      if (failure && !series) {
        failedRuns++;
        error ??= failure;
      }
      if (!series && !failure) loading = true;
    });
    return { seriesByRun, originByRun, error, failedRuns, loading };
  }, [results, runIds, width, zoom]);

  const model = useMemo(
    () =>
      loaded.seriesByRun.size === 0
        ? null
        : buildChartModel({
            lines,
            groups,
            band,
            settings: { smoothing, xAxis, logY, ignoreOutliers },
            seriesByRun: loaded.seriesByRun,
            originByRun: loaded.originByRun,
            hidden: input.hidden,
          }),
    [loaded, lines, groups, band, smoothing, xAxis, logY, ignoreOutliers, input.hidden],
  );

  const status: MetricChartData['status'] = model ? 'ready' : loaded.loading ? 'loading' : loaded.error ? 'error' : 'ready';
  return {
    status,
    error: loaded.error,
    failedRuns: loaded.failedRuns,
    model,
    retry: () => retrySeries(requests),
  };
}

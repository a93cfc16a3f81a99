// From loaded series to what a metric chart draws: x per mode, smoothing, groups, log and outlier handling.
// Pure and DOM-free so it is tested in node and memoized once per data change, not per render.
import type { MetricSeries } from '../../shared/domain';
import { smoothSeries } from '../../shared/math/smoothing';
import { aggregateByStep, type GroupStats } from './aggregate';
import { isAscending } from './nearest';
import { outlierDomain } from './outliers';
import { firstTimestamp, xValues } from './timeAxis';
import type { BandKind, ChartGroup, ChartLine, ChartSettings } from './types';

export interface DrawnLine {
  id: string;
  label: string;
  color: string;
  kind: 'run' | 'group';
  xs: Float64Array;
  ascending: boolean;
  steps: ArrayLike<number>;
  timestamps: ArrayLike<number> | null;
  /** The values as logged (a group: the mean), NaN and ±∞ kept for the tooltip. */
  values: ArrayLike<number>;
  /** The bold line: smoothed values (equal to values when smoothing is off), or a group's mean. */
  main: ArrayLike<number>;
  /** The faint line behind it: the raw values, only when smoothing is on. */
  showRaw: boolean;
  stats: GroupStats | null;
  /** The band around a group's mean (min–max or ±1 std), when asked for. */
  band: { lo: ArrayLike<number>; hi: ArrayLike<number> } | null;
  /** Points of the bold line that are drawn (finite and, on a log axis, positive). */
  drawnCount: number;
}

export interface ChartModel {
  lines: DrawnLine[];
  /** Points drawn in total, over every line's bold curve. */
  pointCount: number;
  /** Finite values ≤ 0 left out because the y axis is logarithmic. */
  droppedForLog: number;
  /** The y range to clip to (ignore outliers), or null to let the axis fit the data. */
  yDomain: [number, number] | null;
  /** The drawn data's x and y extents (shown lines only); null when nothing can be drawn. */
  xExtent: [number, number] | null;
  yExtent: [number, number] | null;
  /** Wall-clock span of the data, to decide whether clock ticks need the date. */
  spanMs: number;
}

export interface ModelInput {
  lines: readonly ChartLine[];
  groups?: readonly ChartGroup[];
  band?: BandKind;
  settings: ChartSettings;
  /** The series to draw per run (a zoomed window once it is loaded). */
  seriesByRun: ReadonlyMap<string, MetricSeries>;
  /** Relative time origin per run: the first timestamp of its full series. */
  originByRun: ReadonlyMap<string, number>;
  hidden?: ReadonlySet<string>;
}

const drawable = (v: number, log: boolean): boolean => Number.isFinite(v) && (!log || v > 0);

function runLine(line: ChartLine, series: MetricSeries, input: ModelInput, dropped: { n: number }): DrawnLine {
  const { smoothing, xAxis, logY } = input.settings;
  const origin = input.originByRun.get(line.runId) ?? firstTimestamp(series.timestamps);
  const xs = xValues(series, xAxis, origin);
  const smoothed = smoothing > 0 ? smoothSeries(series.values, smoothing) : null;
  const main = smoothed ?? series.values;
  let drawnCount = 0;
  for (let i = 0; i < xs.length; i++) {
    const v = series.values[i];
    if (logY && Number.isFinite(v) && v <= 0) dropped.n++;
    if (drawable(main[i], logY)) drawnCount++;
  }
  return {
    id: line.runId,
    label: line.label,
    color: line.color,
    kind: 'run',
    xs,
    ascending: isAscending(xs),
    steps: series.steps,
    timestamps: series.timestamps,
    values: series.values,
    main,
    showRaw: smoothed !== null,
    stats: null,
    band: null,
    drawnCount,
  };
}

function groupLine(group: ChartGroup, input: ModelInput, dropped: { n: number }): DrawnLine | null {
  const { smoothing, xAxis, logY } = input.settings;
  // Each run is smoothed before aggregating, so the band shows the spread of the curves people see.
  const members = group.runIds.flatMap((runId) => {
    const series = input.seriesByRun.get(runId);
    if (!series) return [];
    const origin = input.originByRun.get(runId) ?? firstTimestamp(series.timestamps);
    const values = smoothing > 0 ? smoothSeries(series.values, smoothing) : series.values;
    return [{ steps: series.steps, xs: xValues(series, xAxis, origin), values }];
  });
  if (members.length === 0) return null;
  const stats = aggregateByStep(members);
  let drawnCount = 0;
  for (let i = 0; i < stats.mean.length; i++) {
    const mean = stats.mean[i];
    if (logY && Number.isFinite(mean) && mean <= 0) dropped.n++;
    if (drawable(mean, logY)) drawnCount++;
  }
  const band = input.band ? bandArrays(stats, input.band) : null;
  return {
    id: `group:${group.label}`,
    label: group.label,
    color: group.color,
    kind: 'group',
    xs: stats.xs,
    ascending: isAscending(stats.xs),
    steps: stats.steps,
    timestamps: null,
    values: stats.mean,
    main: stats.mean,
    showRaw: false,
    stats,
    band: band ? { lo: band[0], hi: band[1] } : null,
    drawnCount,
  };
}

/** Builds every drawn line; hidden ones are left out of the drawing, the point count and the y range. */
export function buildChartModel(input: ModelInput): ChartModel {
  const dropped = { n: 0 };
  const all: DrawnLine[] = [];
  if (input.groups) {
    for (const group of input.groups) {
      const line = groupLine(group, input, dropped);
      if (line) all.push(line);
    }
  } else {
    for (const line of input.lines) {
      const series = input.seriesByRun.get(line.runId);
      if (series) all.push(runLine(line, series, input, dropped));
    }
  }
  const shown = input.hidden ? all.filter((l) => !input.hidden?.has(l.id)) : all;
  let pointCount = 0;
  let tMin = Infinity;
  let tMax = -Infinity;
  for (const line of shown) {
    pointCount += line.drawnCount;
    if (line.timestamps && line.timestamps.length > 0) {
      tMin = Math.min(tMin, line.timestamps[0]);
      tMax = Math.max(tMax, line.timestamps[line.timestamps.length - 1]);
    }
  }
  const drawnArrays = shown.flatMap((l) => (l.band ? [l.main, l.band.lo, l.band.hi] : l.showRaw ? [l.values, l.main] : [l.main]));
  const yDomain = input.settings.ignoreOutliers ? outlierDomain(drawnArrays, input.settings.logY) : null;
  return {
    lines: all,
    pointCount,
    droppedForLog: dropped.n,
    yDomain,
    xExtent: extent(shown.map((l) => l.xs), false),
    yExtent: extent(drawnArrays, input.settings.logY),
    spanMs: Number.isFinite(tMin) ? tMax - tMin : 0,
  };
}

/** The smallest and largest drawable value of some arrays, or null when there is none. */
export function extent(arrays: readonly ArrayLike<number>[], log: boolean): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const values of arrays) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!drawable(v, log)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : null;
}

function bandArrays(stats: GroupStats, band: BandKind): Float64Array[] {
  if (band === 'minmax') return [stats.min, stats.max];
  const lo = stats.mean.map((m, i) => m - stats.std[i]);
  const hi = stats.mean.map((m, i) => m + stats.std[i]);
  return [lo, hi];
}

/** The chart's data as a table for CSV: one row per point, long format. */
export function chartRows(model: ChartModel, smoothing: number): { columns: string[]; rows: (string | number | null)[][] } {
  const groups = model.lines.some((l) => l.kind === 'group');
  if (groups) {
    const columns = ['group', 'step', 'mean', 'min', 'max', 'std', 'runs'];
    const rows: (string | number | null)[][] = [];
    for (const line of model.lines) {
      const s = line.stats;
      if (!s) continue;
      for (let i = 0; i < s.steps.length; i++) rows.push([line.label, s.steps[i], s.mean[i], s.min[i], s.max[i], s.std[i], s.count[i]]);
    }
    return { columns, rows };
  }
  const columns = ['run', 'run_id', 'step', 'timestamp', 'value', ...(smoothing > 0 ? ['smoothed'] : [])];
  const rows: (string | number | null)[][] = [];
  for (const line of model.lines) {
    for (let i = 0; i < line.steps.length; i++) {
      const row: (string | number | null)[] = [line.label, line.id, line.steps[i], line.timestamps ? line.timestamps[i] : null, line.values[i]];
      if (smoothing > 0) row.push(line.main[i]);
      rows.push(row);
    }
  }
  return { columns, rows };
}

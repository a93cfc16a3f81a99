// The words every chart shares: what the x axis counts, how lines are drawn, who is in a group.

/** What the x axis counts: the logged step, seconds since the run began, or the clock. */
export type XAxisMode = 'step' | 'relative' | 'wall';

/** How every metric chart is drawn; one object, persisted (see chartSettingsStore). */
export interface ChartSettings {
  /** TensorBoard's smoothing weight, 0 (off) to 0.99. */
  smoothing: number;
  xAxis: XAxisMode;
  logY: boolean;
  /** Clip the y axis to the 5th–95th percentile (padded) so one spike does not flatten the rest. */
  ignoreOutliers: boolean;
}

/** One run drawn as one line. */
export interface ChartLine {
  runId: string;
  label: string;
  color: string;
}

/** Runs drawn together as a mean line and a band. */
export interface ChartGroup {
  label: string;
  color: string;
  runIds: string[];
}

/** The band around a group's mean: its runs' min to max, or ±1 standard deviation. */
export type BandKind = 'minmax' | 'std';

export const defaultChartSettings = (): ChartSettings => ({
  smoothing: 0.6,
  xAxis: 'step',
  logY: false,
  ignoreOutliers: false,
});

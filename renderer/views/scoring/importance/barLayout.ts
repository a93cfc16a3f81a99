// Where the importance chart's parts go: one row per feature (name, bar from
// zero to the mean, whisker over mean ± std, the numbers), an x axis whose
// domain always holds zero so a negative importance sits left of it. Pure.
import { linearScale, niceDomain, niceTicks, type LinearScale } from '../../../charts/xy/scale';

export interface FeatureBar {
  name: string;
  mean: number;
  std: number;
}

export interface BarRow extends FeatureBar {
  /** The name cut to fit the label column ("…" at the end); the full one goes in the row's title. */
  label: string;
  /** The row's vertical middle, in px. */
  y: number;
}

export interface BarLayout {
  width: number;
  height: number;
  /** The bars' area: x from plotLeft to plotRight, the rows from top to bottom. */
  plotLeft: number;
  plotRight: number;
  top: number;
  bottom: number;
  x: LinearScale;
  ticks: number[];
  rows: BarRow[];
  /** Tall charts repeat the axis under the rows, so it is in view at either end. */
  bottomAxis: boolean;
}

export const ROW_HEIGHT = 22;
export const BAR_THICKNESS = 12;
const AXIS_HEIGHT = 22;
const TITLE_HEIGHT = 22;
const VALUE_WIDTH = 118;
/** About the width of one character of the 11 px labels, to size and cut them without measuring text. */
const CHAR_PX = 6.4;
const PX_PER_TICK = 80;
/** More rows than this and the axis is drawn under them too. */
const ROWS_FOR_BOTTOM_AXIS = 25;

/**
 * The x domain: every finite mean and mean ± std, and zero, widened to nice
 * ticks; [0, 1] when no value is finite. Example: [{mean: 0.2, std: 0.05},
 * {mean: -0.01, std: 0}] -> [-0.05, 0.25].
 */
export function barDomain(bars: readonly FeatureBar[]): [number, number] {
  let lo = 0;
  let hi = 0;
  for (const { mean, std } of bars) {
    if (!Number.isFinite(mean)) continue;
    const spread = Number.isFinite(std) ? Math.abs(std) : 0;
    lo = Math.min(lo, mean - spread);
    hi = Math.max(hi, mean + spread);
  }
  if (lo === hi) return [0, 1];
  return niceDomain(lo, hi, 5);
}

/** A name cut to `maxChars` with an ellipsis. Example: truncateLabel('petal_length', 6) -> 'petal…'. */
export function truncateLabel(name: string, maxChars: number): string {
  const chars = Array.from(name);
  if (chars.length <= maxChars) return name;
  return `${chars.slice(0, Math.max(1, maxChars - 1)).join('')}…`;
}

/** The layout of `bars` (drawn in the order given) at `width` px. O(n). */
export function barLayout(width: number, bars: readonly FeatureBar[]): BarLayout {
  const longest = bars.reduce((most, bar) => Math.max(most, Array.from(bar.name).length), 4);
  // The names get what they need up to a third of the width; the bars keep the rest.
  const labelWidth = Math.round(Math.min(Math.max(60, longest * CHAR_PX + 14), Math.max(60, width * 0.34)));
  const maxChars = Math.max(3, Math.floor((labelWidth - 14) / CHAR_PX));
  const plotLeft = labelWidth;
  const plotRight = Math.max(plotLeft + 40, width - VALUE_WIDTH);
  const bottomAxis = bars.length > ROWS_FOR_BOTTOM_AXIS;
  const top = AXIS_HEIGHT;
  const bottom = top + bars.length * ROW_HEIGHT;
  const height = bottom + (bottomAxis ? AXIS_HEIGHT : 6) + TITLE_HEIGHT;
  const domain = barDomain(bars);
  const x = linearScale(domain, [plotLeft, plotRight]);
  const ticks = niceTicks(domain[0], domain[1], Math.max(2, Math.round((plotRight - plotLeft) / PX_PER_TICK)));
  const rows = bars.map((bar, i): BarRow => ({ ...bar, label: truncateLabel(bar.name, maxChars), y: top + (i + 0.5) * ROW_HEIGHT }));
  return { width, height, plotLeft, plotRight, top, bottom, x, ticks, rows, bottomAxis };
}

/**
 * Where a bar runs, in px: from zero to the mean; ±∞ runs to the plot's edge,
 * NaN draws none (null). The order of the two ends is left to right.
 */
export function barExtent(layout: BarLayout, mean: number): [number, number] | null {
  if (Number.isNaN(mean)) return null;
  const zero = layout.x(0);
  const end = mean === Infinity ? layout.plotRight : mean === -Infinity ? layout.plotLeft : layout.x(mean);
  return zero <= end ? [zero, end] : [end, zero];
}

/** The whisker's ends in px (mean ± std, clamped to the plot), or null when either is not finite. */
export function whiskerExtent(layout: BarLayout, mean: number, std: number): [number, number] | null {
  if (!Number.isFinite(mean) || !Number.isFinite(std) || std <= 0) return null;
  const clamp = (px: number) => Math.min(layout.plotRight, Math.max(layout.plotLeft, px));
  return [clamp(layout.x(mean - std)), clamp(layout.x(mean + std))];
}

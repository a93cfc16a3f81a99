// The three x axes: step, seconds since the run began, clock time; and the way back to steps for zoom.
import { formatDuration } from '../format/duration';
import type { XAxisMode } from './types';

/**
 * Each point's x in the given mode. Relative time is in seconds since
 * `originMs` (the run's first timestamp, taken from its full series so a
 * zoomed window keeps the same origin); wall time is ms since the epoch.
 */
export function xValues(
  series: { steps: ArrayLike<number>; timestamps: ArrayLike<number> },
  mode: XAxisMode,
  originMs: number,
): Float64Array {
  if (mode === 'step') return Float64Array.from(series.steps);
  if (mode === 'wall') return Float64Array.from(series.timestamps);
  const out = new Float64Array(series.timestamps.length);
  for (let i = 0; i < out.length; i++) out[i] = (series.timestamps[i] - originMs) / 1000;
  return out;
}

/** The first timestamp of a series: the origin of its relative time (0 for an empty one). */
export function firstTimestamp(timestamps: ArrayLike<number>): number {
  let first = Infinity;
  for (let i = 0; i < timestamps.length; i++) if (timestamps[i] < first) first = timestamps[i];
  return Number.isFinite(first) ? first : 0;
}

export interface StepRange {
  fromStep: number;
  toStep: number;
}

/**
 * The steps a selected x range covers, from the loaded points: in step mode
 * the range itself (rounded outwards); in time modes the smallest and largest
 * step of any line whose point falls within [x0, x1]. Null when no loaded point
 * does (a selection in an empty stretch of time).
 * O(N). Example: xs [0, 5, 9] (seconds), steps [0, 100, 200], x 4..10 -> 100..200.
 */
export function stepRangeForX(
  lines: readonly { xs: ArrayLike<number>; steps: ArrayLike<number> }[],
  mode: XAxisMode,
  x0: number,
  x1: number,
): StepRange | null {
  const lo = Math.min(x0, x1);
  const hi = Math.max(x0, x1);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return null;
  if (mode === 'step') return { fromStep: Math.floor(lo), toStep: Math.ceil(hi) };
  let fromStep = Infinity;
  let toStep = -Infinity;
  for (const line of lines) {
    for (let i = 0; i < line.xs.length; i++) {
      const x = line.xs[i];
      if (x < lo || x > hi) continue;
      const step = line.steps[i];
      if (step < fromStep) fromStep = step;
      if (step > toStep) toStep = step;
    }
  }
  return Number.isFinite(fromStep) ? { fromStep, toStep } : null;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Clock time for the wall axis: "14:03:22", with the date when the span crosses days. */
export function formatClock(ms: number, withDate: boolean): string {
  if (!Number.isFinite(ms)) return '—';
  const d = new Date(ms);
  const time = `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
  return withDate ? `${d.getMonth() + 1}/${d.getDate()} ${time}` : time;
}

/** A tick or tooltip label for an x value in the given mode. */
export function formatX(x: number, mode: XAxisMode, spanMs = 0): string {
  if (!Number.isFinite(x)) return '—';
  if (mode === 'step') return Number.isInteger(x) ? x.toLocaleString('en-US') : x.toFixed(1);
  if (mode === 'wall') return formatClock(x, spanMs > 86_400_000);
  return x < 0 ? `−${formatDuration(-x * 1000)}` : formatDuration(x * 1000);
}

/** The axis title under the chart. */
export const xAxisTitle: Record<XAxisMode, string> = {
  step: 'Step',
  relative: 'Time since start',
  wall: 'Time',
};

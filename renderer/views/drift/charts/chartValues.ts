// How a drift statistic is drawn: p-values on a log axis (they span 1 to
// 1e-30, and the threshold 0.05 sits near the top of a linear one), floored so
// that a p-value of 0 still has a place; distances on a linear axis. What
// cannot be drawn (NaN, ±∞, a batch that did not compare the column) is null:
// a gap in the line, while tooltips keep the value as it is.
import type { DriftMethod } from '../../../../shared/drift/stattests';
import { P_VALUE_METHODS } from '../../../../shared/drift/stattests';

/** The lowest p-value drawn; smaller ones are drawn here and their tooltip says so. */
export const P_FLOOR = 1e-12;

export type AxisKind = 'p-value' | 'distance' | 'share' | 'metric';

export function axisKindOf(method: DriftMethod | null): AxisKind {
  return method !== null && P_VALUE_METHODS.has(method) ? 'p-value' : 'distance';
}

/** The y drawn for a value, or null for a gap. */
export function drawnValue(value: number, kind: AxisKind): number | null {
  if (!Number.isFinite(value)) return null;
  if (kind === 'p-value') return Math.min(1, Math.max(P_FLOOR, value));
  return value;
}

/** The y domain: p-values from the smallest drawn (a power of ten) to 1; others from 0 to above the threshold and the values. */
export function yDomain(values: readonly (number | null)[], kind: AxisKind, threshold: number | null): [number, number] {
  const drawn = values.filter((v): v is number => v !== null);
  if (kind === 'p-value') {
    const low = Math.min(threshold ?? 0.05, ...drawn);
    return [Math.pow(10, Math.floor(Math.log10(Math.max(P_FLOOR, low)))), 1];
  }
  if (kind === 'share' || kind === 'metric') return [0, 1];
  const high = Math.max(threshold ?? 0, ...drawn, 0);
  return [0, high > 0 ? high * 1.1 : 1];
}

/** The points of a sparkline in a width × height box (y up), or null for gaps; log10 for p-values. */
export function sparklinePoints(values: readonly number[], kind: AxisKind, width: number, height: number, threshold: number | null): { points: ({ x: number; y: number } | null)[]; thresholdY: number | null } {
  const ys = values.map((v) => drawnValue(v, kind));
  const transform = (v: number): number => (kind === 'p-value' ? Math.log10(v) : v);
  const [low, high] = yDomain(ys, kind, threshold).map(transform);
  const span = high - low || 1;
  const yOf = (v: number): number => height - 1 - ((transform(v) - low) / span) * (height - 2);
  const step = values.length > 1 ? (width - 4) / (values.length - 1) : 0;
  return {
    points: ys.map((v, i) => (v === null ? null : { x: 2 + (values.length > 1 ? i * step : (width - 4) / 2), y: yOf(v) })),
    thresholdY: threshold !== null && Number.isFinite(threshold) && drawnValue(threshold, kind) !== null ? yOf(drawnValue(threshold, kind) as number) : null,
  };
}

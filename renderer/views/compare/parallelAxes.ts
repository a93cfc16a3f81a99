// Axes of the parallel coordinates: a linear scale for numeric columns, a
// categorical one for text (or a mix of numbers and text), and where each
// run's value sits on it.
import type { CellValue } from '../../../shared/runQuery';
import { compareCellValues, isNumericColumn, numericValue } from './cellValues';

export type ParallelAxis =
  | { kind: 'linear'; min: number; max: number; ticks: number[] }
  | { kind: 'categorical'; categories: string[] };

/**
 * "Nice" tick values covering [min, max]: about `count` steps of 1, 2 or 5
 * × 10^k (Heckbert's labelling). A single value gives one tick. O(count).
 * Example: niceTicks(0, 1, 5) → [0, 0.2, 0.4, 0.6, 0.8, 1].
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [min];
  const raw = (max - min) / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const ticks: number[] = [];
  const first = Math.ceil(min / step - 1e-9);
  const last = Math.floor(max / step + 1e-9);
  for (let i = first; i <= last; i++) ticks.push(Number((i * step).toPrecision(12)));
  return ticks;
}

/**
 * The axis for a column's values. Linear when every present value is a
 * number or text spelling one (MLflow params are text), over the finite ones
 * (NaN, ±∞ and missing go to the "missing" slot); categorical otherwise,
 * numbers before text (compareCellValues).
 * Example: [1, "3", null] → linear 1..3; [1, "adam"] → categories ["1", "adam"].
 */
export function buildAxis(values: readonly CellValue[]): ParallelAxis {
  const present = values.filter((v): v is string | number => v !== null);
  if (present.length === 0 || isNumericColumn(present)) {
    const finite = present.map((v) => numericValue(v) as number).filter(Number.isFinite);
    if (finite.length === 0) return { kind: 'linear', min: 0, max: 0, ticks: [] };
    const min = Math.min(...finite);
    const max = Math.max(...finite);
    return { kind: 'linear', min, max, ticks: niceTicks(min, max) };
  }
  const distinct = new Map<string, CellValue>();
  for (const v of present) if (!distinct.has(String(v))) distinct.set(String(v), v);
  const categories = [...distinct.values()].sort(compareCellValues).map(String);
  return { kind: 'categorical', categories };
}

/**
 * Where a value sits on an axis, from 0 (bottom) to 1 (top); null for the
 * "missing" slot below the axis (no value, or a non-finite number on a
 * linear axis). A linear axis over one value puts it in the middle;
 * categories are spread evenly, the first at the bottom.
 */
export function axisPosition(axis: ParallelAxis, value: CellValue): number | null {
  if (value === null) return null;
  if (axis.kind === 'linear') {
    const number = numericValue(value);
    if (number === null || !Number.isFinite(number)) return null;
    if (axis.max === axis.min) return 0.5;
    return (number - axis.min) / (axis.max - axis.min);
  }
  const index = axis.categories.indexOf(String(value));
  if (index < 0) return null;
  return axis.categories.length === 1 ? 0.5 : index / (axis.categories.length - 1);
}

/** The labelled marks of an axis with their positions (0 bottom, 1 top). */
export function axisMarks(axis: ParallelAxis): { label: string; position: number }[] {
  if (axis.kind === 'categorical') return axis.categories.map((label) => ({ label, position: axisPosition(axis, label) ?? 0.5 }));
  return axis.ticks.map((tick) => ({ label: String(tick), position: axisPosition(axis, tick) ?? 0.5 }));
}

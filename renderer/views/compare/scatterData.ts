// The points of the compare scatter: one per run with a usable x and y.
import type { CellValue, RunRow } from '../../../shared/runQuery';
import { isNumericColumn, numericValue } from './cellValues';
import { metricLast } from './leaderboard';
import { paramValue } from './paramsDiff';

/** The x of the scatter: a param or a metric's last value. */
export type ScatterAxis = { kind: 'param'; name: string } | { kind: 'metric'; name: string };

export interface ScatterPoint {
  runId: string;
  name: string;
  color: string;
  x: number | string;
  y: number;
}

export function axisValue(row: RunRow, axis: ScatterAxis): CellValue {
  return axis.kind === 'param' ? paramValue(row, axis.name) : metricLast(row, axis.name);
}

/**
 * The points, and how many runs were left out (no value, or NaN/±∞, on either
 * axis). x is numeric when every present x is a number or text spelling one
 * (a linear axis), else every x is its text (a categorical axis). O(runs).
 */
export function scatterPoints(
  rows: readonly RunRow[],
  x: ScatterAxis,
  yMetric: string,
  colors: Record<string, string>,
): { points: ScatterPoint[]; numericX: boolean; leftOut: number } {
  const xs = rows.map((row) => axisValue(row, x));
  const numericX = xs.every((v) => v === null) || isNumericColumn(xs);
  const points: ScatterPoint[] = [];
  rows.forEach((row, i) => {
    const xv = xs[i];
    const y = metricLast(row, yMetric);
    if (y === null || !Number.isFinite(y) || xv === null) return;
    const xNumber = numericValue(xv);
    if (numericX && (xNumber === null || !Number.isFinite(xNumber))) return;
    points.push({ runId: row.id, name: row.name, color: colors[row.id], x: numericX ? (xNumber as number) : String(xv), y });
  });
  return { points, numericX, leftOut: rows.length - points.length };
}

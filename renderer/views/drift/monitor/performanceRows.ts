// The performance chart's rows: measured values, the estimate over every
// batch (drawn faint) and where labels are missing (drawn strong, joined to the
// last labeled batch), and the band; non-finite values become gaps (null).
import type { PerformancePoint } from '../../../stores/drift/selectors';

export interface PerformanceRow extends PerformancePoint {
  measuredY: number | null;
  estimateAll: number | null;
  /** The estimate where labels are missing, and the labeled batch before them, so the dashed line joins. */
  estimateUnlabeled: number | null;
  bandY: [number, number] | null;
}

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

export function performanceRows(points: readonly PerformancePoint[]): PerformanceRow[] {
  return points.map((p, i) => {
    const next = points[i + 1];
    const joins = !p.labeled || (next !== undefined && !next.labeled);
    return { ...p, measuredY: finite(p.measured), estimateAll: finite(p.estimate), estimateUnlabeled: joins ? finite(p.estimate) : null, bandY: p.band };
  });
}

/**
 * The y range: from a step of 0.05 below the lowest value drawn (measured,
 * estimate, band, reference) to 1, so a fall from 0.99 to 0.93 is seen
 * instead of pressed against the top of [0, 1].
 */
export function performanceDomain(rows: readonly PerformanceRow[], reference: number | null): [number, number] {
  const values = rows.flatMap((r) => [r.measuredY, r.estimateAll, r.bandY?.[0] ?? null]).concat(reference);
  const finiteValues = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (!finiteValues.length) return [0, 1];
  const low = Math.floor((Math.min(...finiteValues) - 0.05) * 20) / 20;
  return [Math.max(0, Math.min(low, 0.9)), 1];
}

/** Ticks at round steps over the range: 0.05 apart over a short range, 0.1 over a long one. */
export function performanceTicks([low, high]: [number, number]): number[] {
  const step = high - low <= 0.4 ? 0.05 : 0.1;
  const ticks: number[] = [];
  for (let i = Math.ceil(low / step - 1e-9); i * step <= high + 1e-9; i++) ticks.push(Math.round(i * step * 100) / 100 + 0); // + 0: no -0 tick
  return ticks;
}

// Both sides of one column for the per-column view: shared bins or category
// shares, quantiles and missing counts. Built from the sorted arrays and the
// counts the drift test already made, so it adds O(n) and no copies.
import { histogram } from './binning';
import type { CategoryCounts } from './counts';
import type { CategoryShare, ColumnDistribution, DriftColumnType, SideSummary } from './monitor';

/** Equal-width bins over both sides' combined finite range: fixed so every batch's chart reads the same. */
export const DISTRIBUTION_BINS = 20;
/** Categories shown one by one; the rest are summed as one "(other)" entry. */
export const TOP_CATEGORIES = 50;
export const OTHER_CATEGORY = '(other)';
export const DISTRIBUTION_QUANTILES = [0, 0.05, 0.25, 0.5, 0.75, 0.95, 1] as const;

/**
 * The q-quantile of ascending values with linear interpolation; equals
 * `np.quantile(values, q)` (method 'linear', numpy's two-sided lerp). NaN when empty. O(1).
 * Example: quantileSorted(Float64Array.of(1, 2, 3, 4), 0.5) -> 2.5
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0 || !(q >= 0 && q <= 1)) return NaN;
  const index = q * (n - 1);
  const below = Math.floor(index);
  const above = Math.min(below + 1, n - 1);
  const t = index - below;
  const a = sorted[below];
  const b = sorted[above];
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

function side(rows: number, present: number, quantiles: SideSummary['quantiles']): SideSummary {
  const missing = rows - present;
  return { rows, missing, missingShare: rows === 0 ? NaN : missing / rows, quantiles };
}

function quantilesOf(sorted: Float64Array): SideSummary['quantiles'] {
  return sorted.length === 0 ? null : DISTRIBUTION_QUANTILES.map((q) => ({ q, value: quantileSorted(sorted, q) }));
}

/** Edges of `np.histogram(both, bins, range=(lo, hi))`; a constant gets ±0.5 around it, as numpy does. */
export function equalWidthEdges(lo: number, hi: number, bins = DISTRIBUTION_BINS): number[] {
  if (!(hi > lo)) [lo, hi] = [lo - 0.5, hi + 0.5];
  const step = (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => lo + i * step);
  edges[bins] = hi;
  return edges;
}

/**
 * A numerical column's distribution from both sides' sorted finite values; `rows` counts
 * missing cells too. Bins: 20 equal-width over the combined range (none when both are empty).
 */
export function numericDistribution(
  column: string,
  reference: { rows: number; sorted: Float64Array },
  current: { rows: number; sorted: Float64Array },
  type: DriftColumnType = 'num',
): ColumnDistribution {
  const a = reference.sorted;
  const b = current.sorted;
  let bins: ColumnDistribution['bins'] = null;
  if (a.length > 0 || b.length > 0) {
    const lo = Math.min(a.length ? a[0] : Infinity, b.length ? b[0] : Infinity);
    const hi = Math.max(a.length ? a[a.length - 1] : -Infinity, b.length ? b[b.length - 1] : -Infinity);
    const edges = equalWidthEdges(lo, hi);
    bins = {
      edges,
      reference: histogram(a, edges).map((count) => count / a.length),
      current: histogram(b, edges).map((count) => count / b.length),
    };
  }
  return {
    column,
    type,
    reference: side(reference.rows, a.length, quantilesOf(a)),
    current: side(current.rows, b.length, quantilesOf(b)),
    bins,
    categories: null,
  };
}

/** `numericDistribution` of two unsorted arrays (NaN and ±Infinity missing), e.g. a model's scores. O(n log n). */
export function numericDistributionOf(column: string, reference: Float64Array, current: Float64Array): ColumnDistribution {
  const finiteSorted = (values: Float64Array) => values.filter((value) => Number.isFinite(value)).sort();
  return numericDistribution(column, { rows: reference.length, sorted: finiteSorted(reference) }, { rows: current.length, sorted: finiteSorted(current) });
}

function status(reference: number, current: number): CategoryShare['status'] {
  return reference === 0 ? 'new' : current === 0 ? 'vanished' : 'both';
}

/**
 * A categorical column's distribution from its counts: the 50 most frequent categories
 * over both sides (ties in first-seen order), then "(other)" with the rest; shares of
 * each side's non-missing cells; `new` = current only, `vanished` = reference only.
 */
export function categoricalDistribution(column: string, counts: CategoryCounts, rows: { reference: number; current: number }, type: DriftColumnType = 'cat'): ColumnDistribution {
  const order = counts.keys.map((_, at) => at).sort((x, y) => counts.reference[y] + counts.current[y] - (counts.reference[x] + counts.current[x]));
  const share = (count: number, size: number) => (size === 0 ? NaN : count / size);
  const categories: CategoryShare[] = order.slice(0, TOP_CATEGORIES).map((at) => ({
    value: String(counts.keys[at]),
    reference: share(counts.reference[at], counts.referenceSize),
    current: share(counts.current[at], counts.currentSize),
    status: status(counts.reference[at], counts.current[at]),
  }));
  if (order.length > TOP_CATEGORIES) {
    let reference = 0;
    let current = 0;
    for (const at of order.slice(TOP_CATEGORIES)) {
      reference += counts.reference[at];
      current += counts.current[at];
    }
    categories.push({ value: OTHER_CATEGORY, reference: share(reference, counts.referenceSize), current: share(current, counts.currentSize), status: status(reference, current) });
  }
  return {
    column,
    type,
    reference: side(rows.reference, counts.referenceSize, null),
    current: side(rows.current, counts.currentSize, null),
    bins: null,
    categories,
  };
}

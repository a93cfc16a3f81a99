import { countCategories, type Category } from './counts';

/**
 * Bin edges of `np.histogram_bin_edges(values, bins='sturges')`: width = range /
 * (log2(n) + 1), ceil(range / width) equal bins from min to max (one bin of ±0.5 around a
 * constant). Edges are start + i·step as `np.linspace`, the last set to max. O(n).
 * Example: sturgesEdges([0, 1, 2, 3]) -> [0, 1, 2, 3]
 */
export function sturgesEdges(values: ArrayLike<number>): number[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (values[i] < lo) lo = values[i];
    if (values[i] > hi) hi = values[i];
  }
  return sturgesEdgesOver(lo, hi, values.length);
}

/** Sturges edges from min `lo` to max `hi` of `count` values (the shared part of both callers). */
export function sturgesEdgesOver(lo: number, hi: number, count: number): number[] {
  let bins = 1;
  const range = hi - lo;
  if (range > 0) {
    const width = range / (Math.log2(count) + 1);
    bins = Math.ceil(range / width);
  } else {
    lo -= 0.5;
    hi += 0.5;
  }
  const step = (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => i * step + lo);
  edges[bins] = hi;
  return edges;
}

/** Counts per bin as `np.histogram(values, edges)`: [e_i, e_i+1), the last bin closed. */
export function histogram(values: ArrayLike<number>, edges: readonly number[]): number[] {
  const bins = edges.length - 1;
  const counts = new Array<number>(bins).fill(0);
  const last = edges[bins];
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (!(value >= edges[0] && value <= last)) continue;
    if (value === last) {
      counts[bins - 1]++;
      continue;
    }
    let low = 0;
    let high = bins; // edges[low] <= value < edges[high]
    while (high - low > 1) {
      const mid = (low + high) >> 1;
      if (edges[mid] <= value) low = mid;
      else high = mid;
    }
    counts[low]++;
  }
  return counts;
}

export interface BinnedShares {
  reference: number[];
  current: number[];
  /** 'sturges' bins over both sides for a numerical column with more than 20 reference values, else per category. */
  kind: 'sturges' | 'categories';
}

/**
 * Shares per bucket as Evidently's `get_binned_data` (0.7.x): a numerical column whose
 * reference has more than 20 distinct values gets Sturges equal-width bins over the
 * combined sample; anything else is counted per category over the union of both sides.
 * With `fillZeros`, an empty bucket gets 0.0001, or the side's smallest non-zero share
 * / 10⁶ when that share is itself <= 0.0001 (Evidently's rule, used by PSI). O(n).
 */
export function binnedShares(
  reference: readonly Category[] | ArrayLike<number>,
  current: readonly Category[] | ArrayLike<number>,
  numerical: boolean,
  fillZeros: boolean,
): BinnedShares {
  let ref: number[];
  let cur: number[];
  let kind: BinnedShares['kind'];
  if (numerical && new Set(Array.from(reference as ArrayLike<number>)).size > 20) {
    const r = reference as ArrayLike<number>;
    const c = current as ArrayLike<number>;
    const both = new Float64Array(r.length + c.length);
    both.set(Array.from(r));
    both.set(Array.from(c), r.length);
    const edges = sturgesEdges(both);
    ref = histogram(r, edges).map((count) => count / r.length);
    cur = histogram(c, edges).map((count) => count / c.length);
    kind = 'sturges';
  } else {
    const counts = countCategories(Array.from(reference as ArrayLike<Category>), Array.from(current as ArrayLike<Category>));
    ref = counts.reference.map((count) => count / counts.referenceSize);
    cur = counts.current.map((count) => count / counts.currentSize);
    kind = 'categories';
  }
  if (fillZeros) {
    ref = fillEmpty(ref);
    cur = fillEmpty(cur);
  }
  return { reference: ref, current: cur, kind };
}

function fillEmpty(shares: number[]): number[] {
  let smallest = Infinity;
  for (const share of shares) if (share !== 0 && share < smallest) smallest = share;
  const fill = smallest <= 0.0001 ? smallest / 1e6 : 0.0001;
  return shares.map((share) => (share === 0 ? fill : share));
}

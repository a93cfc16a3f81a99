// The y range that ignores outliers: one spike should not flatten every other curve.

/** The p-quantile (0..1) of ascending values by linear interpolation (numpy's default, "linear"). */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = (n - 1) * Math.min(1, Math.max(0, p));
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * The 5th–95th percentile range of every finite value of the given lines,
 * padded by 10% of its width on each side; in log mode only positive values
 * count and the padding is taken in log space. Null when there is nothing to
 * measure (the chart then lets the axis choose). A flat range is padded by
 * 10% of its value (or 1 around 0) so the line stays visible.
 * O(N log N). Example: values 0..100 -> [0.5, 99.5] padded to [-9.4, 109.4].
 */
export function outlierDomain(lines: readonly ArrayLike<number>[], log = false): [number, number] | null {
  const kept: number[] = [];
  for (const values of lines) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!Number.isFinite(v) || (log && v <= 0)) continue;
      kept.push(log ? Math.log10(v) : v);
    }
  }
  if (kept.length === 0) return null;
  const sorted = Float64Array.from(kept).sort();
  let lo = quantileSorted(sorted, 0.05);
  let hi = quantileSorted(sorted, 0.95);
  const width = hi - lo;
  const pad = width > 0 ? width * 0.1 : Math.abs(lo) > 0 ? Math.abs(lo) * 0.1 : 1;
  lo -= pad;
  hi += pad;
  return log ? [10 ** lo, 10 ** hi] : [lo, hi];
}

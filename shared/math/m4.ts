/**
 * M4 downsampling (Jugel et al., "M4: A Visualization-Oriented Time Series
 * Data Aggregation", VLDB 2014): split the x range into equal-width columns
 * and keep, from each, the first, last, minimum and maximum point. A line drawn
 * through them covers the same pixels as the full series, so a lone spike in a
 * million points stays visible, which random or LTTB sampling cannot promise.
 *
 * Returns the kept indices, ascending, at most `maxPoints` of them (columns =
 * floor(maxPoints / 4)); the whole series when it already fits. `xs` must be
 * ascending (steps are). NaN values never win min or max (a column's first
 * or last point may still be one: a loss that diverged to NaN ends as NaN). O(n).
 * Example: m4Indices([0,1,2,3,4,5,6,7], [0,0,9,0,0,0,-3,0], 4) -> [0, 2, 6, 7]
 */
export function m4Indices(xs: ArrayLike<number>, ys: ArrayLike<number>, maxPoints: number): number[] {
  const n = xs.length;
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => i);
  const columns = Math.max(1, Math.floor(maxPoints / 4));
  const first = xs[0];
  const span = xs[n - 1] - first;
  const kept: number[] = [];
  let column = -1;
  let firstIndex = 0;
  let minIndex = -1;
  let maxIndex = -1;
  const flush = (lastIndex: number): void => {
    const picks = [firstIndex, minIndex, maxIndex, lastIndex].filter((i) => i >= 0);
    picks.sort((a, b) => a - b);
    for (const i of picks) if (kept[kept.length - 1] !== i) kept.push(i);
  };
  for (let i = 0; i < n; i++) {
    const at = span > 0 ? Math.min(columns - 1, Math.floor(((xs[i] - first) / span) * columns)) : 0;
    if (at !== column) {
      if (column >= 0) flush(i - 1);
      column = at;
      firstIndex = i;
      minIndex = maxIndex = -1;
    }
    const y = ys[i];
    if (Number.isNaN(y)) continue;
    if (minIndex < 0 || y < ys[minIndex]) minIndex = i;
    if (maxIndex < 0 || y > ys[maxIndex]) maxIndex = i;
  }
  flush(n - 1);
  return kept;
}

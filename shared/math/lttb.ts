/**
 * Largest-Triangle-Three-Buckets downsampling (Steinarsson, 2013): keeps the
 * first and last points and, from each of `threshold - 2` buckets, the point
 * forming the largest triangle with its neighbours' picks, so peaks survive.
 * NaN values are kept out of the triangle areas but a bucket of only NaN keeps one.
 *
 * Returns the indices of the kept points, ascending. O(n).
 * Example: lttbIndices([0,1,2,3], [0,5,0,0], 3) -> [0, 1, 3]
 */
export function lttbIndices(xs: ArrayLike<number>, ys: ArrayLike<number>, threshold: number): number[] {
  const n = xs.length;
  if (threshold >= n || threshold < 3) {
    return Array.from({ length: threshold < 3 ? Math.min(n, Math.max(threshold, 0)) : n }, (_, i) => i);
  }
  const kept = [0];
  const bucketSize = (n - 2) / (threshold - 2);
  let previous = 0;
  for (let bucket = 0; bucket < threshold - 2; bucket++) {
    const start = Math.floor(bucket * bucketSize) + 1;
    const end = Math.min(Math.floor((bucket + 1) * bucketSize) + 1, n - 1);
    // Average of the next bucket (the last point for the final bucket).
    const nextStart = end;
    const nextEnd = Math.min(Math.floor((bucket + 2) * bucketSize) + 1, n);
    let avgX = 0;
    let avgY = 0;
    let counted = 0;
    for (let i = nextStart; i < nextEnd; i++) {
      if (Number.isNaN(ys[i])) continue;
      avgX += xs[i];
      avgY += ys[i];
      counted++;
    }
    if (counted > 0) {
      avgX /= counted;
      avgY /= counted;
    } else {
      avgX = xs[n - 1];
      avgY = Number.isNaN(ys[n - 1]) ? 0 : ys[n - 1];
    }
    let best = start;
    let bestArea = -1;
    const px = xs[previous];
    const py = Number.isNaN(ys[previous]) ? 0 : ys[previous];
    for (let i = start; i < end; i++) {
      if (Number.isNaN(ys[i])) continue;
      const area = Math.abs((px - avgX) * (ys[i] - py) - (px - xs[i]) * (avgY - py));
      if (area > bestArea) {
        bestArea = area;
        best = i;
      }
    }
    kept.push(best);
    previous = best;
  }
  kept.push(n - 1);
  return kept;
}

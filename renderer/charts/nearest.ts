// Which point of a line sits under the pointer: the tooltip asks this for every line on every move.

/** Whether xs never decreases (steps always do; timestamps of a resumed run may not). */
export function isAscending(xs: ArrayLike<number>): boolean {
  for (let i = 1; i < xs.length; i++) if (!(xs[i] >= xs[i - 1])) return false;
  return true;
}

/**
 * The index of the x closest to `x`, or -1 for an empty line. Ties go to the
 * earlier point. O(log n) by binary search when `ascending` (check once with
 * isAscending); a linear scan otherwise, so an out-of-order run is still right.
 * Example: nearestIndex([0, 10, 20], 14) -> 1
 */
export function nearestIndex(xs: ArrayLike<number>, x: number, ascending = true): number {
  const n = xs.length;
  if (n === 0 || Number.isNaN(x)) return -1;
  if (!ascending) {
    let best = 0;
    for (let i = 1; i < n; i++) if (Math.abs(xs[i] - x) < Math.abs(xs[best] - x)) best = i;
    return best;
  }
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  // lo is the first x >= target; the previous one may be closer.
  if (lo > 0 && Math.abs(x - xs[lo - 1]) <= Math.abs(xs[lo] - x)) return lo - 1;
  return lo;
}

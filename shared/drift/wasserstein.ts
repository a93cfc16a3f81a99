/**
 * First Wasserstein distance between two 1-D samples, ∫ |F_u(x) − F_v(x)| dx; equals
 * `scipy.stats.wasserstein_distance(u, v)` (unweighted). Inputs sorted ascending; see
 * `wassersteinDistance` for unsorted input. NaN is not filtered. O(n1 + n2) after sorting.
 * Example: wassersteinDistanceSorted([0, 1], [1, 2]) -> 1
 */
export function wassersteinDistanceSorted(u: ArrayLike<number>, v: ArrayLike<number>): number {
  const n1 = u.length;
  const n2 = v.length;
  if (n1 === 0 || n2 === 0) return NaN;
  let i = 0;
  let j = 0;
  let total = 0;
  let previous = Math.min(u[0], v[0]);
  while (i < n1 || j < n2) {
    const value = j >= n2 || (i < n1 && u[i] <= v[j]) ? u[i] : v[j];
    total += Math.abs(i / n1 - j / n2) * (value - previous);
    previous = value;
    const before = i + j;
    while (i < n1 && u[i] <= value) i++;
    while (j < n2 && v[j] <= value) j++;
    if (i + j === before) return NaN; // a NaN compares false: no order, no distance (and no endless loop)
  }
  return total;
}

/** `wassersteinDistanceSorted` for unsorted input (sorts copies). O(n log n). */
export function wassersteinDistance(u: ArrayLike<number>, v: ArrayLike<number>): number {
  return wassersteinDistanceSorted(Float64Array.from(u).sort(), Float64Array.from(v).sort());
}

/** Population standard deviation (ddof = 0), two-pass, as `np.std`. NaN on empty input. */
export function populationStd(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i] - mean) ** 2;
  return Math.sqrt(squares / n);
}

/** Evidently's floor on the reference standard deviation in `wasserstein_distance_norm`. */
export const WASSERSTEIN_STD_FLOOR = 0.001;

/**
 * Wasserstein distance divided by max(std_ref, 0.001) with std of ddof 0; equals
 * Evidently's `_wasserstein_distance_norm` (0.7.x, `np.std(reference)`). A constant
 * reference uses the 0.001 floor. O(n log n).
 * Example: wassersteinNorm([0, 2], [1, 3]) -> 1
 */
export function wassersteinNorm(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  const norm = Math.max(populationStd(reference), WASSERSTEIN_STD_FLOOR);
  return wassersteinDistance(reference, current) / norm;
}

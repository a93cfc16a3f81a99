// Isotonic regression (increasing, clipped outside the fitted range) as
// scikit-learn's IsotonicRegression(out_of_bounds='clip') fits and predicts it:
// CBPE calibrates a model's scores with it.

/** A fitted step-and-ramp function: the knots, x strictly increasing. Plain arrays, so it serializes as JSON. */
export interface IsotonicModel {
  x: number[];
  y: number[];
}

/**
 * Fits y on x with a non-decreasing function, as scikit-learn 1.2's
 * `IsotonicRegression(increasing=True, out_of_bounds='clip').fit(x, y)`: pairs sorted
 * by (x, y); equal x (within float64 resolution 1e-15 of the group's first x) pooled
 * into their mean y with their count as weight (`_make_unique`); weighted pool adjacent
 * violators (`_inplace_contiguous_isotonic_regression`); interior knots whose y equals
 * both neighbours dropped (`trim_duplicates`). Pairs with a non-finite x or y are
 * skipped (scikit-learn raises); no pairs give an empty model that predicts NaN. O(n log n).
 * Example: fitIsotonic(Float64Array.of(1, 2, 3), Float64Array.of(1, 0, 1)) -> { x: [1, 2, 3], y: [0.5, 0.5, 1] }
 */
export function fitIsotonic(x: Float64Array, y: Float64Array): IsotonicModel {
  const order: number[] = [];
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (Number.isFinite(x[i]) && Number.isFinite(y[i])) order.push(i);
  if (order.length === 0) return { x: [], y: [] };
  order.sort((a, b) => x[a] - x[b] || y[a] - y[b]);
  const { knots, means, weights } = makeUnique(order, x, y);
  poolAdjacentViolators(means, weights);
  return trimDuplicates(knots, means);
}

/** Resolution of float64 (`np.finfo(np.float64).resolution`): scikit-learn's tolerance for equal x. */
const RESOLUTION = 1e-15;

function makeUnique(order: readonly number[], x: Float64Array, y: Float64Array) {
  const knots: number[] = [];
  const means: number[] = [];
  const weights: number[] = [];
  let currentX = x[order[0]];
  let sumY = 0;
  let weight = 0;
  for (const i of order) {
    if (x[i] - currentX >= RESOLUTION) {
      knots.push(currentX);
      means.push(sumY / weight);
      weights.push(weight);
      currentX = x[i];
      sumY = 0;
      weight = 0;
    }
    sumY += y[i];
    weight += 1;
  }
  knots.push(currentX);
  means.push(sumY / weight);
  weights.push(weight);
  return { knots, means, weights };
}

/** scikit-learn's in-place weighted PAV with backtracking (single pass, O(n)); `y` becomes the fit. */
function poolAdjacentViolators(y: number[], w: number[]): void {
  const n = y.length;
  const target = Array.from({ length: n }, (_, i) => i);
  let i = 0;
  while (i < n) {
    let k = target[i] + 1;
    if (k === n) break;
    if (y[i] < y[k]) {
      i = k;
      continue;
    }
    let sumWy = w[i] * y[i];
    let sumW = w[i];
    for (;;) {
      // Inside a decreasing run: pool it.
      const previousY = y[k];
      sumWy += w[k] * y[k];
      sumW += w[k];
      k = target[k] + 1;
      if (k === n || previousY < y[k]) {
        y[i] = sumWy / sumW;
        w[i] = sumW;
        target[i] = k - 1;
        target[k - 1] = i;
        if (i > 0) i = target[i - 1]; // backtrack: the pooled block may now violate the one before
        break;
      }
    }
  }
  for (i = 0; i < n; ) {
    const k = target[i] + 1;
    for (let j = i + 1; j < k; j++) y[j] = y[i];
    i = k;
  }
}

function trimDuplicates(x: number[], y: number[]): IsotonicModel {
  if (x.length <= 2) return { x, y };
  const keep = (i: number) => i === 0 || i === x.length - 1 || y[i] !== y[i - 1] || y[i] !== y[i + 1];
  return { x: x.filter((_, i) => keep(i)), y: y.filter((_, i) => keep(i)) };
}

/**
 * The fitted function at each x, as scikit-learn's `predict` with out_of_bounds='clip':
 * x clipped to the fitted range, then linear interpolation between knots
 * (`scipy.interpolate.interp1d`: left knot by `searchsorted`, y_lo + slope·(x − x_lo)).
 * One knot predicts its y everywhere; NaN x or an empty model give NaN. O(m log k).
 * Example: predictIsotonic({ x: [0, 1], y: [0, 1] }, Float64Array.of(-1, 0.25, 2)) -> [0, 0.25, 1]
 */
export function predictIsotonic(model: IsotonicModel, x: ArrayLike<number>): Float64Array {
  const { x: knots, y } = model;
  const k = knots.length;
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const value = x[i];
    if (k === 0 || Number.isNaN(value)) out[i] = NaN;
    else if (k === 1) out[i] = y[0];
    else {
      const t = Math.min(Math.max(value, knots[0]), knots[k - 1]);
      // searchsorted(knots, t, 'left') clipped to [1, k - 1]
      let low = 0;
      let high = k;
      while (low < high) {
        const mid = (low + high) >> 1;
        if (knots[mid] < t) low = mid + 1;
        else high = mid;
      }
      const hi = Math.min(Math.max(low, 1), k - 1);
      const lo = hi - 1;
      const slope = (y[hi] - y[lo]) / (knots[hi] - knots[lo]);
      out[i] = slope * (t - knots[lo]) + y[lo];
    }
  }
  return out;
}

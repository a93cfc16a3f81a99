/**
 * TensorBoard's debiased exponential moving average (the "Smoothing" slider of
 * its scalars dashboard, tensorboard/plugins/scalar/vz_line_chart2):
 *
 *   last = last * w + (1 - w) * y;  n += 1;  out = last / (1 - w^n),  last starting at 0
 *
 * Dividing by 1 - w^n removes the pull towards the starting 0, so the first
 * output equals the first value. Non-finite values (NaN, ±Infinity, what a
 * diverged run logs) pass through unchanged and neither feed the average nor
 * count in n, so one NaN does not poison the rest of the curve. Weight 0 (or
 * less) returns the values unchanged; weights are clamped below 1.
 *
 * O(n). Example: smoothSeries([1, 2, 3], 0.6) -> [1, 1.625, 2.3265…]
 */
export function smoothSeries(values: ArrayLike<number>, weight: number): Float64Array {
  const out = Float64Array.from(values);
  const w = Number.isFinite(weight) ? Math.min(weight, 0.999) : 0;
  if (w <= 0) return out;
  let last = 0;
  let n = 0;
  for (let i = 0; i < out.length; i++) {
    const y = out[i];
    if (!Number.isFinite(y)) continue;
    last = last * w + (1 - w) * y;
    n++;
    out[i] = last / (1 - w ** n);
  }
  return out;
}

import { binnedShares } from './binning';
import type { Category } from './counts';

/**
 * Jensen–Shannon distance sqrt((KL(p‖m) + KL(q‖m)) / 2), m = (p + q)/2, natural log, each
 * vector normalised to sum 1; equals `scipy.spatial.distance.jensenshannon(p, q)`.
 * Zero entries contribute 0. O(k). Example: jensenShannonDistance([1, 0], [0, 1]) ≈ 0.8326
 */
export function jensenShannonDistance(p: readonly number[], q: readonly number[]): number {
  let sp = 0;
  let sq = 0;
  for (let i = 0; i < p.length; i++) {
    sp += p[i];
    sq += q[i];
  }
  let total = 0;
  for (let i = 0; i < p.length; i++) {
    const a = p[i] / sp;
    const b = q[i] / sq;
    const m = (a + b) / 2;
    if (a > 0) total += a * Math.log(a / m);
    if (b > 0) total += b * Math.log(b / m);
  }
  return Math.sqrt(total / 2);
}

/**
 * Evidently's `jensenshannon_stat_test` (0.7.x): shares from `get_binned_data` without
 * zero filling (Sturges bins for a numerical column with > 20 reference values, else
 * per category over the union), then the distance above. NaN when a side is empty.
 */
export function jensenShannonStat(
  reference: readonly Category[] | ArrayLike<number>,
  current: readonly Category[] | ArrayLike<number>,
  numerical: boolean,
): number {
  if (reference.length === 0 || current.length === 0) return NaN;
  const shares = binnedShares(reference, current, numerical, false);
  return jensenShannonDistance(shares.reference, shares.current);
}

import { binnedShares } from './binning';
import type { Category } from './counts';

/**
 * Population stability index Σ (r − c) · ln(r / c) over Evidently's buckets with empty
 * buckets filled (0.0001, or the side's smallest share / 10⁶ when that is <= 0.0001);
 * equals Evidently's `psi_stat_test` (0.7.x). Buckets: Sturges equal-width bins over both
 * sides for a numerical column with > 20 distinct reference values, else categories.
 * NaN when a side is empty. O(n). Example: psi(['a','b'], ['a','a'], false) ≈ 4.6043
 */
export function psi(
  reference: readonly Category[] | ArrayLike<number>,
  current: readonly Category[] | ArrayLike<number>,
  numerical: boolean,
): number {
  if (reference.length === 0 || current.length === 0) return NaN;
  const shares = binnedShares(reference, current, numerical, true);
  let total = 0;
  for (let i = 0; i < shares.reference.length; i++) {
    const r = shares.reference[i];
    const c = shares.current[i];
    total += (r - c) * Math.log(r / c);
  }
  return total;
}

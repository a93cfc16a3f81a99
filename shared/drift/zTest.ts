import { compareCategories, type Category } from './counts';
import { erfc } from './special';

export interface ZTestResult {
  statistic: number;
  pvalue: number;
  /** The share of rows that are not the first category (sorted), current minus reference. */
  proportionDifference: number;
}

/**
 * Two-proportion Z-test with pooled variance; equals Evidently's `z_stat_test` (0.7.x):
 * the first category in sorted order counts 0, every other 1, z = (p_ref − p_cur) /
 * sqrt(P(1−P)(1/n_ref + 1/n_cur)) and p = 2(1 − Φ(|z|)) (computed as erfc(|z|/√2), the
 * same value without the cancellation). Both sides constant with the same value give
 * p = 1 and z = 0. O(n1 + n2).
 * Example: zTest(['a','a','b','b'], ['b','b','b','b']).pvalue ≈ 0.1025
 */
export function zTest(reference: readonly Category[], current: readonly Category[]): ZTestResult {
  let first: Category | undefined;
  for (const value of reference) if (first === undefined || compareCategories(value, first) < 0) first = value;
  for (const value of current) if (first === undefined || compareCategories(value, first) < 0) first = value;
  const share = (values: readonly Category[]): number => {
    let ones = 0;
    for (const value of values) if (value !== first) ones++;
    return ones / values.length;
  };
  const p1 = share(reference);
  const p2 = share(current);
  const n1 = reference.length;
  const n2 = current.length;
  if ((p1 === 0 && p2 === 0) || (p1 === 1 && p2 === 1)) {
    // Evidently returns p = 1 when both sides hold one and the same value.
    return { statistic: 0, pvalue: 1, proportionDifference: 0 };
  }
  const pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
  const z = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  return { statistic: z, pvalue: erfc(Math.abs(z) / Math.SQRT2), proportionDifference: p2 - p1 };
}

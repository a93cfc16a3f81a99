import { countCategories, type Category, type CategoryCounts } from './counts';
import { chi2Sf } from './special';

export interface ChiSquareResult {
  statistic: number;
  pvalue: number;
  df: number;
  /** The smallest expected count; under 5 the chi-square approximation is doubtful. */
  minExpected: number;
  /** Total variation distance ½ Σ |p_ref − p_cur| between the two frequency tables. */
  totalVariation: number;
}

/**
 * Chi-square goodness of fit of the current counts against the reference frequencies
 * scaled to the current size, over the union of categories; equals Evidently's
 * `chi_stat_test` (0.7.x), i.e. `scipy.stats.chisquare(f_obs, f_exp)` with
 * f_exp = ref_count · n_cur / n_ref, df = k − 1. A category absent from the reference but
 * present now has expected 0 and makes the statistic ∞ (p = 0), as in SciPy. A single
 * category gives df = 0 and p = NaN. O(n1 + n2).
 * Example: chiSquare(['a','a','b'], ['a','b','b']).pvalue ≈ 0.2207 (SciPy chisquare([1, 2], [2, 1]))
 */
export function chiSquare(reference: readonly Category[], current: readonly Category[]): ChiSquareResult {
  return chiSquareOfCounts(countCategories(reference, current));
}

/** `chiSquare` on counts already made (both sides over the union of categories). O(categories). */
export function chiSquareOfCounts(counts: CategoryCounts): ChiSquareResult {
  const scale = counts.currentSize / counts.referenceSize;
  let statistic = 0;
  let minExpected = Infinity;
  let totalVariation = 0;
  for (let i = 0; i < counts.keys.length; i++) {
    const expected = counts.reference[i] * scale;
    const observed = counts.current[i];
    statistic += expected === 0 ? (observed === 0 ? NaN : Infinity) : (observed - expected) ** 2 / expected;
    minExpected = Math.min(minExpected, expected);
    totalVariation += Math.abs(counts.reference[i] / counts.referenceSize - observed / counts.currentSize);
  }
  const df = counts.keys.length - 1;
  return { statistic, pvalue: chi2Sf(statistic, df), df, minExpected, totalVariation: totalVariation / 2 };
}

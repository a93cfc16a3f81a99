// The macro-average ROC curve of a multiclass problem: each class's one-vs-rest
// TPR interpolated onto a common FPR grid and averaged. Pure.
import { linspace } from '../../../../shared/evaluation';

export interface RocPoints {
  falsePositiveRate: readonly number[];
  truePositiveRate: readonly number[];
}

/** Above this many distinct FPRs the grid is even instead (the curves are drawn, not integrated). */
const MAX_UNION_GRID = 5000;
const EVEN_GRID = 2001;

/**
 * np.interp(x, xp, fp) for non-decreasing xp: fp at the last xp <= x,
 * linear towards the next, clamped at both ends. O(log n).
 * Example: interpolate(0.5, [0, 0, 1], [0, 0.5, 1]) -> 0.75
 */
export function interpolate(x: number, xp: readonly number[], fp: readonly number[]): number {
  const n = xp.length;
  if (n === 0) return Number.NaN;
  if (x <= xp[0]) return x === xp[0] ? fp[lastAtOrBelow(xp, x)] : fp[0];
  if (x >= xp[n - 1]) return fp[n - 1];
  const j = lastAtOrBelow(xp, x);
  const t = (x - xp[j]) / (xp[j + 1] - xp[j]);
  return fp[j] + t * (fp[j + 1] - fp[j]);
}

function lastAtOrBelow(xp: readonly number[], x: number): number {
  let lo = 0;
  let hi = xp.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xp[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/**
 * The mean TPR over all classes' FPRs, as scikit-learn's ROC example builds
 * the macro average: fpr_grid = np.unique(np.concatenate(fprs)); mean_tpr =
 * mean(np.interp(fpr_grid, fpr_i, tpr_i)). Past 5,000 distinct FPRs an even
 * grid of 2,001 points stands in. Classes whose curve has NaN (no positives)
 * are left out. O(k · g log n).
 */
export function macroRoc(curves: readonly RocPoints[]): { falsePositiveRate: number[]; truePositiveRate: number[] } {
  const usable = curves.filter((c) => c.falsePositiveRate.length > 0 && c.truePositiveRate.every(Number.isFinite) && c.falsePositiveRate.every(Number.isFinite));
  if (usable.length === 0) return { falsePositiveRate: [], truePositiveRate: [] };
  const union = new Set<number>();
  for (const c of usable) for (const x of c.falsePositiveRate) union.add(x);
  const grid = union.size <= MAX_UNION_GRID ? [...union].sort((a, b) => a - b) : linspace(0, 1, EVEN_GRID);
  const mean = grid.map((x) => usable.reduce((sum, c) => sum + interpolate(x, c.falsePositiveRate, c.truePositiveRate), 0) / usable.length);
  return { falsePositiveRate: grid, truePositiveRate: mean };
}

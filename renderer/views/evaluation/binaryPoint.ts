// Where the operating point sits on each binary chart, from the 2×2 counts at
// the threshold. Pure; called on every frame while the threshold moves.
import type { BinaryCounts, CostSettings } from '../../../shared/evaluation/types';

export interface OperatingPoint {
  falsePositiveRate: number;
  truePositiveRate: number;
  /** NaN when nothing is predicted positive (the PR marker is then not drawn). */
  precision: number;
  recall: number;
  /** Fraction of all rows predicted positive (the gain chart's x). */
  population: number;
  /** Fraction of the positives found (the gain chart's y). */
  gain: number;
  lift: number;
}

const ratio = (a: number, b: number): number => (b === 0 ? Number.NaN : a / b);

/** Example: 3 TP, 1 FP, 5 TN, 1 FN -> FPR 1/6, TPR 3/4, precision 3/4, population 4/10. */
export function operatingPoint(counts: BinaryCounts): OperatingPoint {
  const { truePositives: tp, falsePositives: fp, trueNegatives: tn, falseNegatives: fn } = counts;
  const rows = tp + fp + tn + fn;
  const tpr = ratio(tp, tp + fn);
  const population = ratio(tp + fp, rows);
  return {
    falsePositiveRate: ratio(fp, fp + tn),
    truePositiveRate: tpr,
    precision: ratio(tp, tp + fp),
    recall: tpr,
    population,
    gain: tpr,
    lift: ratio(tpr, population),
  };
}

/**
 * Mean cost per row at these counts: (FP·cost_FP + FN·cost_FN − TP·benefit_TP) / rows,
 * the quantity the cost curve draws. NaN for no rows.
 */
export function meanCost(counts: BinaryCounts, settings: CostSettings): number {
  const { truePositives: tp, falsePositives: fp, trueNegatives: tn, falseNegatives: fn } = counts;
  const rows = tp + fp + tn + fn;
  return ratio(fp * settings.falsePositiveCost + fn * settings.falseNegativeCost - tp * settings.truePositiveBenefit, rows);
}

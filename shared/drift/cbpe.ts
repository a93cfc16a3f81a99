// Confidence-based performance estimation (CBPE, as NannyML does it for
// binary models): with no labels in a batch, calibrate the model's scores on
// the labelled reference and read the expected confusion matrix, accuracy, F1
// and ROC AUC off the calibrated probabilities; the band is ±3 sampling
// standard errors for the batch's size, measured by bootstrap on the reference.
import { fitIsotonic, predictIsotonic, type IsotonicModel } from './isotonic';
import type { EstimatedPerformance, PerformanceMetric, PerformanceValues } from './monitor';
import { performanceMetrics } from './monitor';
import { measuredPerformance, NO_PERFORMANCE } from './performance';
import { mulberry32 } from '../math/random';

export interface CbpeReference {
  calibration: IsotonicModel;
  /** Per-metric sampling std at n rows = std1 / sqrt(n); these are the std1. */
  samplingStd: PerformanceValues;
  referencePerformance: PerformanceValues;
  rows: number;
}

export const CBPE_ASSUMPTIONS =
  "Estimated from the model's scores, calibrated on the reference's labels: it assumes the link between features and label (P(y|x)) is unchanged since the reference (no concept drift), and enough rows per batch; the band is ±3 sampling standard errors.";

/** Bootstrap draws of the reference for the sampling std, and the rows per draw (at most). */
export const CBPE_BOOTSTRAP_DRAWS = 200;
export const CBPE_BOOTSTRAP_ROWS = 1000;
/** A row is predicted positive at score >= this, as the measured metrics. */
export const CBPE_THRESHOLD = 0.5;
const BAND_WIDTH = 3;


/**
 * Fits CBPE on a labelled reference (rows with a finite score only): isotonic
 * calibration of the label on the score (`fitIsotonic`), the reference's measured
 * performance, and each metric's std1 = std over 200 seeded bootstrap draws of
 * m = min(rows, 1000) rows (ddof 0, undefined draws skipped) × sqrt(m).
 * O(n log n + 200 · m log m). Example: fitCbpe(labels, scores).referencePerformance.accuracy -> 0.98
 */
export function fitCbpe(isPositive: Uint8Array, positiveScore: Float64Array): CbpeReference {
  const n = Math.min(isPositive.length, positiveScore.length);
  const labels: number[] = [];
  const scores: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(positiveScore[i])) continue;
    labels.push(isPositive[i] ? 1 : 0);
    scores.push(positiveScore[i]);
  }
  const y = Uint8Array.from(labels);
  const s = Float64Array.from(scores);
  return {
    calibration: fitIsotonic(s, Float64Array.from(labels)),
    samplingStd: bootstrapStd(y, s),
    referencePerformance: measuredPerformance(y, s),
    rows: s.length,
  };
}

function bootstrapStd(labels: Uint8Array, scores: Float64Array): PerformanceValues {
  const n = scores.length;
  if (n === 0) return { ...NO_PERFORMANCE };
  const m = Math.min(n, CBPE_BOOTSTRAP_ROWS);
  const random = mulberry32(0x19cb9e ^ n);
  const draws: Record<PerformanceMetric, number[]> = { accuracy: [], roc_auc: [], f1: [] };
  const y = new Uint8Array(m);
  const s = new Float64Array(m);
  for (let draw = 0; draw < CBPE_BOOTSTRAP_DRAWS; draw++) {
    for (let i = 0; i < m; i++) {
      const at = Math.floor(random() * n);
      y[i] = labels[at];
      s[i] = scores[at];
    }
    const values = measuredPerformance(y, s);
    for (const metric of performanceMetrics) if (Number.isFinite(values[metric])) draws[metric].push(values[metric]);
  }
  const std1 = (values: number[]) => {
    if (values.length < 2) return NaN;
    const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
    return Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length) * Math.sqrt(m);
  };
  return { accuracy: std1(draws.accuracy), roc_auc: std1(draws.roc_auc), f1: std1(draws.f1) };
}

/**
 * CBPE's estimate for a batch's scores (non-finite scores skipped). With p_i the
 * calibrated probability and a row predicted positive at score >= 0.5: expected
 * TP = Σ p over predicted positive, FP = Σ (1 − p) there, FN = Σ p and TN = Σ (1 − p)
 * over predicted negative; accuracy (TP + TN) / n, F1 2TP / (2TP + FP + FN); ROC AUC
 * the trapezoid area of the expected curve over the distinct scores, TPR(t) = Σ_{s≥t} p
 * / Σ p and FPR(t) = Σ_{s≥t} (1 − p) / Σ (1 − p) — NannyML's `estimate_roc_auc` (rows
 * ordered by the model's score; its older form ordered by p, the same area as p is
 * non-decreasing in s), without its rounding of the sums to 5 decimals. Band: value ±
 * 3 · std1 / sqrt(n), clipped to [0, 1] (NannyML takes std1 from per-metric formulas on
 * the reference; we bootstrap it, see `fitCbpe`). No rows: every value NaN. O(n log n).
 */
export function estimatePerformance(reference: CbpeReference, positiveScore: Float64Array): EstimatedPerformance {
  const scores = positiveScore.filter((score) => Number.isFinite(score)).sort();
  const n = scores.length;
  if (n === 0 || reference.calibration.x.length === 0) return { values: { ...NO_PERFORMANCE }, lower: { ...NO_PERFORMANCE }, upper: { ...NO_PERFORMANCE } };
  const p = predictIsotonic(reference.calibration, scores);
  for (let i = 0; i < n; i++) p[i] = Math.min(1, Math.max(0, p[i]));
  const values = expectedMetrics(scores, p);
  const lower = { ...NO_PERFORMANCE };
  const upper = { ...NO_PERFORMANCE };
  for (const metric of performanceMetrics) {
    const half = (BAND_WIDTH * reference.samplingStd[metric]) / Math.sqrt(n);
    lower[metric] = Math.min(1, Math.max(0, values[metric] - half));
    upper[metric] = Math.min(1, Math.max(0, values[metric] + half));
  }
  return { values, lower, upper };
}

/** The expected metrics from ascending scores and their calibrated probabilities. */
function expectedMetrics(scores: Float64Array, p: Float64Array): PerformanceValues {
  const n = scores.length;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (let i = 0; i < n; i++) {
    if (scores[i] >= CBPE_THRESHOLD) {
      tp += p[i];
      fp += 1 - p[i];
    } else {
      fn += p[i];
      tn += 1 - p[i];
    }
  }
  const f1Denominator = 2 * tp + fp + fn;
  return { accuracy: (tp + tn) / n, roc_auc: expectedRocAuc(scores, p), f1: f1Denominator > 0 ? (2 * tp) / f1Denominator : NaN };
}

/** Trapezoid area under the expected ROC curve, thresholds from the highest score down, equal scores one step. */
function expectedRocAuc(scores: Float64Array, p: Float64Array): number {
  let positives = 0;
  for (let i = 0; i < p.length; i++) positives += p[i];
  const negatives = p.length - positives;
  if (!(positives > 0 && negatives > 0)) return NaN;
  let twiceArea = 0;
  let tp = 0;
  let fp = 0;
  for (let i = scores.length - 1; i >= 0; ) {
    const previousTp = tp;
    const previousFp = fp;
    const score = scores[i];
    for (; i >= 0 && scores[i] === score; i--) {
      tp += p[i];
      fp += 1 - p[i];
    }
    twiceArea += (fp - previousFp) * (tp + previousTp);
  }
  return Math.min(1, Math.max(0, twiceArea / (2 * positives * fp)));
}

// Isotonic regression, measured performance and CBPE against scikit-learn.
// Reference values: test/fixtures/drift/performance_reference.json, written by
//   /usr/bin/python3 test/fixtures/drift/make_performance_reference.py   (scikit-learn 1.2.1, NumPy 1.24.2)
// which fits sklearn.isotonic.IsotonicRegression(out_of_bounds='clip') (knots X_thresholds_ /
// y_thresholds_ and predict), calls sklearn.metrics.accuracy_score / f1_score / roc_auc_score, and
// reproduces NannyML's binary CBPE estimate (NannyML is not installed; its current estimate_roc_auc
// orders rows by the model's score and its older one by the calibrated probability: both areas checked). Tolerance: 1e-9 absolute
// for isotonic and CBPE, 1e-12 for the metrics.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { estimatePerformance, fitCbpe, fitIsotonic, measuredPerformance, predictIsotonic, type CbpeReference } from '../../shared/drift';
import { performanceMetrics } from '../../shared/drift/monitor';
import { mulberry32 } from '../../shared/math/random';

interface IsotonicCase { name: string; x: number[]; y: number[]; knotsX: number[]; knotsY: number[]; grid: number[]; predictions: number[] }
interface PerformanceCase { name: string; labels: number[]; scores: number[]; accuracy: number; f1: number; roc_auc: number }
interface CbpeCase { name: string; referenceLabels: number[]; referenceScores: number[]; batchScores: number[]; accuracy: number; f1: number; roc_auc: number; roc_auc_by_probability: number }

const reference = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'drift', 'performance_reference.json'), 'utf8')) as {
  isotonic: IsotonicCase[];
  performance: PerformanceCase[];
  cbpe: CbpeCase[];
};

function expectClose(actual: ArrayLike<number>, expected: readonly number[], tolerance: number) {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i] - expected[i]), `at ${i}: ${actual[i]} vs ${expected[i]}`).toBeLessThanOrEqual(tolerance);
}

const seededRandom = mulberry32;

describe('fitIsotonic / predictIsotonic equal scikit-learn', () => {
  it.each(reference.isotonic.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const model = fitIsotonic(Float64Array.from(c.x), Float64Array.from(c.y));
    expectClose(model.x, c.knotsX, 1e-9);
    expectClose(model.y, c.knotsY, 1e-9);
    expectClose(predictIsotonic(model, Float64Array.from(c.grid)), c.predictions, 1e-9);
    // Serializable: a JSON round trip predicts the same.
    const copy = JSON.parse(JSON.stringify(model));
    expect(predictIsotonic(copy, Float64Array.from(c.grid))).toEqual(predictIsotonic(model, Float64Array.from(c.grid)));
  });

  it('skips non-finite pairs, predicts NaN for NaN and from an empty model', () => {
    const model = fitIsotonic(Float64Array.of(1, NaN, 2, 3, Infinity), Float64Array.of(0, 1, 1, NaN, 1));
    expect(model).toEqual({ x: [1, 2], y: [0, 1] });
    expect(Array.from(predictIsotonic(model, [NaN, 0, 1.5, 9]))).toEqual([NaN, 0, 0.5, 1]);
    const empty = fitIsotonic(new Float64Array(0), new Float64Array(0));
    expect(empty).toEqual({ x: [], y: [] });
    expect(Array.from(predictIsotonic(empty, [0.5]))).toEqual([NaN]);
  });
});

describe('measuredPerformance equals scikit-learn', () => {
  it.each(reference.performance.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const values = measuredPerformance(Uint8Array.from(c.labels), Float64Array.from(c.scores));
    for (const metric of performanceMetrics) expect(Math.abs(values[metric] - c[metric]), metric).toBeLessThanOrEqual(1e-12);
  });

  it('gives NaN where a metric is undefined, and never throws', () => {
    expect(measuredPerformance(new Uint8Array(0), new Float64Array(0))).toEqual({ accuracy: NaN, roc_auc: NaN, f1: NaN });
    expect(measuredPerformance(Uint8Array.of(1, 1), Float64Array.of(0.7, 0.2))).toEqual({ accuracy: 0.5, roc_auc: NaN, f1: 2 / 3 });
    expect(measuredPerformance(Uint8Array.of(0, 0), Float64Array.of(0.1, 0.2))).toEqual({ accuracy: 1, roc_auc: NaN, f1: NaN });
    expect(measuredPerformance(Uint8Array.of(1, 0, 1), Float64Array.of(0.9, NaN, 0.1))).toEqual({ accuracy: 0.5, roc_auc: NaN, f1: 2 / 3 });
    expect(measuredPerformance(Uint8Array.of(1, 0, 1), Float64Array.of(0.9, 0.1))).toEqual({ accuracy: 1, roc_auc: 1, f1: 1 });
  });
});

describe('CBPE', () => {
  it.each(reference.cbpe.map((c) => [c.name, c] as const))('estimate equals the reproduced NannyML estimate: %s', (_, c) => {
    const fitted = fitCbpe(Uint8Array.from(c.referenceLabels), Float64Array.from(c.referenceScores));
    const estimate = estimatePerformance(fitted, Float64Array.from(c.batchScores));
    for (const metric of performanceMetrics) {
      expect(Math.abs(estimate.values[metric] - c[metric]), metric).toBeLessThanOrEqual(1e-9);
      expect(estimate.lower[metric]).toBeLessThanOrEqual(estimate.values[metric]);
      expect(estimate.upper[metric]).toBeGreaterThanOrEqual(estimate.values[metric]);
      expect(estimate.lower[metric]).toBeGreaterThanOrEqual(0);
      expect(estimate.upper[metric]).toBeLessThanOrEqual(1);
    }
    expect(Math.abs(estimate.values.roc_auc - c.roc_auc_by_probability)).toBeLessThanOrEqual(1e-9);
  });

  /** Scores from a beta-like shape `shape`, labels drawn from the scores themselves: calibrated by construction. */
  function calibratedSample(rows: number, seed: number, shape: number) {
    const random = seededRandom(seed);
    const scores = new Float64Array(rows);
    const labels = new Uint8Array(rows);
    for (let i = 0; i < rows; i++) {
      scores[i] = random() ** shape;
      labels[i] = random() < scores[i] ? 1 : 0;
    }
    return { scores, labels };
  }

  it('is close to the realized metric (within its band) when labels follow calibrated scores, under covariate shift', () => {
    const base = calibratedSample(5000, 1, 1);
    const fitted = fitCbpe(base.labels, base.scores);
    let inside = 0;
    let total = 0;
    for (let batch = 0; batch < 20; batch++) {
      const shape = [0.5, 1, 2][batch % 3];
      const { scores, labels } = calibratedSample(800, 100 + batch, shape);
      const estimate = estimatePerformance(fitted, scores);
      const realized = measuredPerformance(labels, scores);
      for (const metric of performanceMetrics) {
        total++;
        if (realized[metric] >= estimate.lower[metric] && realized[metric] <= estimate.upper[metric]) inside++;
        expect(Math.abs(estimate.values[metric] - realized[metric]), `${metric} batch ${batch}`).toBeLessThan(0.06);
      }
    }
    // ±3 standard errors: nearly every batch inside.
    expect(inside / total).toBeGreaterThanOrEqual(0.95);
  });

  it('the band narrows with the batch size as 1/sqrt(n)', () => {
    const base = calibratedSample(3000, 2, 1);
    const fitted = fitCbpe(base.labels, base.scores);
    const width = (rows: number) => {
      const { lower, upper } = estimatePerformance(fitted, calibratedSample(rows, 3, 1).scores);
      return upper.accuracy - lower.accuracy;
    };
    expect(width(400) / width(1600)).toBeCloseTo(2, 1);
    for (const metric of performanceMetrics) expect(fitted.samplingStd[metric]).toBeGreaterThan(0.1);
  });

  it('is deterministic and serializable', () => {
    const base = calibratedSample(2000, 4, 1);
    const a = fitCbpe(base.labels, base.scores);
    const b = fitCbpe(base.labels, base.scores);
    expect(a).toEqual(b);
    const copy = JSON.parse(JSON.stringify(a)) as CbpeReference;
    const scores = calibratedSample(300, 5, 2).scores;
    expect(estimatePerformance(copy, scores)).toEqual(estimatePerformance(a, scores));
  });

  it('gives NaN for no rows, an empty reference or non-finite scores only', () => {
    const fitted = fitCbpe(Uint8Array.of(1, 0, 1, 0), Float64Array.of(0.9, 0.2, 0.7, 0.4));
    const none = { accuracy: NaN, roc_auc: NaN, f1: NaN };
    expect(estimatePerformance(fitted, new Float64Array(0))).toEqual({ values: none, lower: none, upper: none });
    expect(estimatePerformance(fitted, Float64Array.of(NaN, Infinity))).toEqual({ values: none, lower: none, upper: none });
    const empty = fitCbpe(new Uint8Array(0), new Float64Array(0));
    expect(empty).toMatchObject({ rows: 0, samplingStd: none, referencePerformance: none });
    expect(estimatePerformance(empty, Float64Array.of(0.5)).values).toEqual(none);
    // One score: accuracy defined, ROC AUC not (one expected class can still be both: p in (0,1)).
    const one = estimatePerformance(fitted, Float64Array.of(0.95));
    expect(one.values.accuracy).toBe(1);
    expect(one.values.roc_auc).toBeNaN();
  });
});

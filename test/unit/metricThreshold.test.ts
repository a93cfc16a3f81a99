// MLflow's MetricThreshold as mlflow.validate_evaluation_results applies it.
// Every expected outcome below is read off mlflow/models/evaluation/validation.py
// (MLflow 2.x, `_validate`; the constructor checks are MetricThreshold.__init__):
//
//   comparator_fn = operator.__ge__ if greater_is_better else operator.__le__
//   operator_fn   = operator.add     if greater_is_better else operator.sub
//   threshold_failed = not comparator_fn(candidate, threshold)
//   if (min_relative_change or min_absolute_change) and metric not in baseline: missing_baseline
//   min_absolute_change_failed = not comparator_fn(Decimal(candidate), Decimal(operator_fn(baseline, min_absolute_change)))
//   if baseline == 0: min_relative_change_failed = not comparator_fn(Decimal(candidate), Decimal(operator_fn(baseline, 1e-10)))
//   else: relative_change = (candidate - baseline) / baseline   (greater is better)
//                           (baseline - candidate) / baseline   (lower is better)
//         min_relative_change_failed = relative_change < min_relative_change
//
// Decimal(float) is exact, so those comparisons are float comparisons; the
// float arithmetic of the sums and quotients is IEEE 754 double in Python as in
// JavaScript (Python 3 printed 0.8 + 0.1 == 0.9 and (0.88 - 0.8) / 0.8 ==
// 0.09999999999999995, used below). Expected values are exact (no tolerance).
import { describe, expect, it } from 'vitest';
import { formatPair, metricThresholdProblems, validateMetricThreshold, type ThresholdCheckName } from '../../shared/registry/metricThreshold';
import type { MetricThreshold } from '../../shared/registry/types';

const t = (fields: Partial<MetricThreshold>): MetricThreshold => ({ threshold: null, minAbsoluteChange: null, minRelativeChange: null, greaterIsBetter: true, ...fields });

interface Case {
  name: string;
  threshold: MetricThreshold;
  candidate: number | undefined;
  baseline: number | undefined;
  passed: boolean;
  /** The checks in order with their outcome: `name:pass` or `name:fail`. */
  checks: string[];
}

const cases: Case[] = [
  // threshold alone: comparator_fn(candidate, threshold), not strict
  { name: 'threshold, higher better, above', threshold: t({ threshold: 0.8 }), candidate: 0.9, baseline: undefined, passed: true, checks: ['threshold:pass'] },
  { name: 'threshold, higher better, equal passes (>=)', threshold: t({ threshold: 0.8 }), candidate: 0.8, baseline: undefined, passed: true, checks: ['threshold:pass'] },
  { name: 'threshold, higher better, below', threshold: t({ threshold: 0.8 }), candidate: 0.79, baseline: undefined, passed: false, checks: ['threshold:fail'] },
  { name: 'threshold, lower better, below', threshold: t({ threshold: 0.3, greaterIsBetter: false }), candidate: 0.2, baseline: undefined, passed: true, checks: ['threshold:pass'] },
  { name: 'threshold, lower better, equal passes (<=)', threshold: t({ threshold: 0.3, greaterIsBetter: false }), candidate: 0.3, baseline: undefined, passed: true, checks: ['threshold:pass'] },
  { name: 'threshold, lower better, above', threshold: t({ threshold: 0.3, greaterIsBetter: false }), candidate: 0.31, baseline: undefined, passed: false, checks: ['threshold:fail'] },
  { name: 'threshold alone ignores the baseline', threshold: t({ threshold: 0.8 }), candidate: 0.9, baseline: 0.99, passed: true, checks: ['threshold:pass'] },
  { name: 'threshold alone needs no baseline', threshold: t({ threshold: 0.8 }), candidate: 0.9, baseline: undefined, passed: true, checks: ['threshold:pass'] },
  // min_absolute_change alone: candidate >= baseline + change (<= baseline - change)
  { name: 'absolute, higher better, enough', threshold: t({ minAbsoluteChange: 0.05 }), candidate: 0.95, baseline: 0.85, passed: true, checks: ['min_absolute_change:pass'] },
  { name: 'absolute, higher better, exactly the change (0.8 + 0.1 == 0.9)', threshold: t({ minAbsoluteChange: 0.1 }), candidate: 0.9, baseline: 0.8, passed: true, checks: ['min_absolute_change:pass'] },
  { name: 'absolute, higher better, short', threshold: t({ minAbsoluteChange: 0.05 }), candidate: 0.88, baseline: 0.85, passed: false, checks: ['min_absolute_change:fail'] },
  { name: 'absolute, equal values fail', threshold: t({ minAbsoluteChange: 0.01 }), candidate: 0.9, baseline: 0.9, passed: false, checks: ['min_absolute_change:fail'] },
  { name: 'absolute, lower better, enough', threshold: t({ minAbsoluteChange: 0.1, greaterIsBetter: false }), candidate: 0.25, baseline: 0.5, passed: true, checks: ['min_absolute_change:pass'] },
  { name: 'absolute, lower better, exactly (0.5 - 0.25 == 0.25)', threshold: t({ minAbsoluteChange: 0.25, greaterIsBetter: false }), candidate: 0.25, baseline: 0.5, passed: true, checks: ['min_absolute_change:pass'] },
  { name: 'absolute, lower better, worse', threshold: t({ minAbsoluteChange: 0.1, greaterIsBetter: false }), candidate: 0.45, baseline: 0.5, passed: false, checks: ['min_absolute_change:fail'] },
  { name: 'absolute, baseline 0', threshold: t({ minAbsoluteChange: 0.5 }), candidate: 0.5, baseline: 0, passed: true, checks: ['min_absolute_change:pass'] },
  { name: 'absolute, no baseline: missing_baseline', threshold: t({ minAbsoluteChange: 0.05 }), candidate: 0.9, baseline: undefined, passed: false, checks: ['baseline:fail'] },
  // min_relative_change alone: (candidate - baseline) / baseline < change fails
  { name: 'relative, higher better, enough', threshold: t({ minRelativeChange: 0.1 }), candidate: 0.9, baseline: 0.8, passed: true, checks: ['min_relative_change:pass'] },
  { name: 'relative, higher better, 10% in decimals but 0.0999… in floats', threshold: t({ minRelativeChange: 0.1 }), candidate: 0.88, baseline: 0.8, passed: false, checks: ['min_relative_change:fail'] },
  { name: 'relative, higher better, short', threshold: t({ minRelativeChange: 0.1 }), candidate: 0.85, baseline: 0.8, passed: false, checks: ['min_relative_change:fail'] },
  { name: 'relative, change 0, equal values pass (0 < 0 is false)', threshold: t({ minRelativeChange: 0 }), candidate: 0.8, baseline: 0.8, passed: true, checks: ['min_relative_change:pass'] },
  { name: 'relative, change 0, a worse candidate fails', threshold: t({ minRelativeChange: 0 }), candidate: 0.79, baseline: 0.8, passed: false, checks: ['min_relative_change:fail'] },
  { name: 'relative, lower better, enough ((0.2 - 0.18) / 0.2 = 0.10000000000000009)', threshold: t({ minRelativeChange: 0.1, greaterIsBetter: false }), candidate: 0.18, baseline: 0.2, passed: true, checks: ['min_relative_change:pass'] },
  { name: 'relative, lower better, short', threshold: t({ minRelativeChange: 0.1, greaterIsBetter: false }), candidate: 0.19, baseline: 0.2, passed: false, checks: ['min_relative_change:fail'] },
  { name: 'relative, equal values fail a positive change', threshold: t({ minRelativeChange: 0.01 }), candidate: 0.8, baseline: 0.8, passed: false, checks: ['min_relative_change:fail'] },
  { name: 'relative, negative baseline divides by the signed baseline (an improvement fails)', threshold: t({ minRelativeChange: 0.1 }), candidate: -0.5, baseline: -1, passed: false, checks: ['min_relative_change:fail'] },
  { name: 'relative, negative baseline: a worse candidate passes', threshold: t({ minRelativeChange: 0.1 }), candidate: -2, baseline: -1, passed: true, checks: ['min_relative_change:pass'] },
  // baseline == 0: the 1e-10 fallback
  { name: 'relative, baseline 0, higher better, above 1e-10', threshold: t({ minRelativeChange: 0.5 }), candidate: 1e-9, baseline: 0, passed: true, checks: ['min_relative_change:pass'] },
  { name: 'relative, baseline 0, higher better, exactly 1e-10 passes', threshold: t({ minRelativeChange: 0.5 }), candidate: 1e-10, baseline: 0, passed: true, checks: ['min_relative_change:pass'] },
  { name: 'relative, baseline 0, higher better, equal 0 fails', threshold: t({ minRelativeChange: 0.5 }), candidate: 0, baseline: 0, passed: false, checks: ['min_relative_change:fail'] },
  { name: 'relative, baseline 0, lower better, below -1e-10', threshold: t({ minRelativeChange: 0.5, greaterIsBetter: false }), candidate: -1e-9, baseline: 0, passed: true, checks: ['min_relative_change:pass'] },
  { name: 'relative, baseline 0, lower better, 0 fails', threshold: t({ minRelativeChange: 0.5, greaterIsBetter: false }), candidate: 0, baseline: 0, passed: false, checks: ['min_relative_change:fail'] },
  { name: 'relative, baseline -0 counts as 0 (-0.0 == 0)', threshold: t({ minRelativeChange: 0.5 }), candidate: 0, baseline: -0, passed: false, checks: ['min_relative_change:fail'] },
  { name: 'relative, no baseline: missing_baseline', threshold: t({ minRelativeChange: 0.1 }), candidate: 0.9, baseline: undefined, passed: false, checks: ['baseline:fail'] },
  // combined: every check runs, the threshold before missing_baseline
  { name: 'all three pass', threshold: t({ threshold: 0.8, minAbsoluteChange: 0.05, minRelativeChange: 0.05 }), candidate: 0.95, baseline: 0.85, passed: true, checks: ['threshold:pass', 'min_absolute_change:pass', 'min_relative_change:pass'] },
  { name: 'threshold passes, absolute fails, relative passes', threshold: t({ threshold: 0.8, minAbsoluteChange: 0.2, minRelativeChange: 0.05 }), candidate: 0.95, baseline: 0.85, passed: false, checks: ['threshold:pass', 'min_absolute_change:fail', 'min_relative_change:pass'] },
  { name: 'threshold fails, the comparisons pass', threshold: t({ threshold: 0.99, minAbsoluteChange: 0.05, minRelativeChange: 0.05 }), candidate: 0.95, baseline: 0.85, passed: false, checks: ['threshold:fail', 'min_absolute_change:pass', 'min_relative_change:pass'] },
  { name: 'lower better, all three', threshold: t({ threshold: 0.3, minAbsoluteChange: 0.05, minRelativeChange: 0.2, greaterIsBetter: false }), candidate: 0.2, baseline: 0.3, passed: true, checks: ['threshold:pass', 'min_absolute_change:pass', 'min_relative_change:pass'] },
  { name: 'threshold checked before a missing baseline', threshold: t({ threshold: 0.8, minAbsoluteChange: 0.05 }), candidate: 0.7, baseline: undefined, passed: false, checks: ['threshold:fail', 'baseline:fail'] },
  { name: 'threshold passes, baseline missing', threshold: t({ threshold: 0.8, minRelativeChange: 0.05 }), candidate: 0.9, baseline: undefined, passed: false, checks: ['threshold:pass', 'baseline:fail'] },
  // missing_candidate: nothing else is checked
  { name: 'missing candidate', threshold: t({ threshold: 0.8, minAbsoluteChange: 0.05 }), candidate: undefined, baseline: 0.85, passed: false, checks: ['candidate:fail'] },
  // ±Infinity compare as numbers
  { name: 'Infinity beats a threshold', threshold: t({ threshold: 0.8 }), candidate: Infinity, baseline: undefined, passed: true, checks: ['threshold:pass'] },
  { name: '-Infinity misses a threshold', threshold: t({ threshold: 0.8 }), candidate: -Infinity, baseline: undefined, passed: false, checks: ['threshold:fail'] },
  { name: 'lower better: Infinity log loss misses', threshold: t({ threshold: 1, greaterIsBetter: false }), candidate: Infinity, baseline: undefined, passed: false, checks: ['threshold:fail'] },
  { name: 'Infinity against Infinity + change (inf >= inf)', threshold: t({ minAbsoluteChange: 0.1 }), candidate: Infinity, baseline: Infinity, passed: true, checks: ['min_absolute_change:pass'] },
  { name: 'a finite candidate against an infinite baseline, absolute', threshold: t({ minAbsoluteChange: 0.1 }), candidate: 5, baseline: Infinity, passed: false, checks: ['min_absolute_change:fail'] },
  { name: 'relative against an infinite baseline is NaN, not < change: passes as in MLflow', threshold: t({ minRelativeChange: 0.1 }), candidate: 5, baseline: Infinity, passed: true, checks: ['min_relative_change:pass'] },
  { name: 'relative of an infinite candidate', threshold: t({ minRelativeChange: 0.1 }), candidate: Infinity, baseline: 1, passed: true, checks: ['min_relative_change:pass'] },
  // NaN: MLflow's Decimal comparisons raise InvalidOperation; here a clear failure
  { name: 'NaN candidate', threshold: t({ threshold: 0.8 }), candidate: NaN, baseline: undefined, passed: false, checks: ['candidate:fail'] },
  { name: 'NaN baseline, threshold still checked', threshold: t({ threshold: 0.8, minAbsoluteChange: 0.05 }), candidate: 0.9, baseline: NaN, passed: false, checks: ['threshold:pass', 'baseline:fail'] },
  { name: 'NaN threshold fails the comparison (NaN >= is false)', threshold: t({ threshold: NaN }), candidate: 0.9, baseline: undefined, passed: false, checks: ['threshold:fail'] },
];

const summary = (checks: { check: ThresholdCheckName; passed: boolean }[]) => checks.map((check) => `${check.check}:${check.passed ? 'pass' : 'fail'}`);

describe("validateMetricThreshold, case by case from MLflow's _validate", () => {
  for (const c of cases) {
    it(c.name, () => {
      const outcome = validateMetricThreshold('f1', c.threshold, c.candidate, c.baseline);
      expect(summary(outcome.checks)).toEqual(c.checks);
      expect(outcome.passed).toBe(c.passed);
      expect(outcome.detail).not.toBe('');
    });
  }
});

describe('the details say the numbers', () => {
  it('a threshold, met and missed', () => {
    expect(validateMetricThreshold('f1', t({ threshold: 0.85 }), 0.912, undefined).detail).toBe('f1 0.912 ≥ threshold 0.85');
    expect(validateMetricThreshold('log_loss', t({ threshold: 0.2, greaterIsBetter: false }), 0.25, undefined).detail).toBe('log_loss 0.25 misses the threshold: it must be ≤ 0.2');
  });

  it('the absolute change names the bound and how it was made', () => {
    expect(validateMetricThreshold('f1', t({ minAbsoluteChange: 0.05 }), 0.88, 0.85).detail).toBe('f1 0.88 is not ≥ 0.9 (baseline 0.85 + min_absolute_change 0.05)');
  });

  it('the relative change as a percentage, and the zero-baseline fallback named', () => {
    expect(validateMetricThreshold('f1', t({ minRelativeChange: 0.1 }), 0.9, 0.8).detail).toBe('f1 0.9: relative change 12.5% against baseline 0.8 (needs ≥ 10%)');
    expect(validateMetricThreshold('f1', t({ minRelativeChange: 0.1 }), 0, 0).detail).toContain("MLflow's fallback for min_relative_change");
  });

  it('only the failed checks when some failed, every check when all passed', () => {
    const failed = validateMetricThreshold('f1', t({ threshold: 0.8, minAbsoluteChange: 0.2 }), 0.95, 0.85);
    expect(failed.detail).toBe('f1 0.95 is not ≥ 1.05 (baseline 0.85 + min_absolute_change 0.2)');
    const passed = validateMetricThreshold('f1', t({ threshold: 0.8, minAbsoluteChange: 0.05 }), 0.95, 0.85);
    expect(passed.detail).toBe('f1 0.95 ≥ threshold 0.8; f1 0.95 ≥ 0.9 (baseline 0.85 + min_absolute_change 0.05)');
  });

  it('NaN, missing values and infinities by name', () => {
    expect(validateMetricThreshold('f1', t({ threshold: 0.8 }), NaN, undefined).detail).toBe("The candidate's f1 is NaN, which cannot be compared");
    expect(validateMetricThreshold('f1', t({ minAbsoluteChange: 0.1 }), 0.9, NaN).detail).toBe("The baseline's f1 is NaN, which cannot be compared");
    expect(validateMetricThreshold('f1', t({ threshold: 0.8 }), undefined, 0.9).detail).toBe('The candidate has no f1 to compare');
    expect(validateMetricThreshold('f1', t({ minRelativeChange: 0.1 }), 0.9, undefined).detail).toBe('The baseline has no f1 to compare with');
    expect(validateMetricThreshold('f1', t({ threshold: 0.8 }), -Infinity, undefined).detail).toBe('f1 -Infinity misses the threshold: it must be ≥ 0.8');
    expect(validateMetricThreshold('f1', t({ minRelativeChange: 0.1 }), 5, Infinity).detail).toContain('relative change NaN');
  });

  it('numbers that differ are shown with the digits that tell them apart', () => {
    expect(formatPair(0.8500001, 0.85)).toEqual(['0.8500001', '0.85']);
    expect(validateMetricThreshold('f1', t({ threshold: 0.85 }), 0.84999999999, undefined).detail).toBe('f1 0.84999999999 misses the threshold: it must be ≥ 0.85');
  });
});

describe('what MetricThreshold.__init__ refuses', () => {
  it('no field set', () => {
    expect(metricThresholdProblems(t({}))).toEqual(['no threshold was specified (set threshold, min_absolute_change or min_relative_change)']);
    const outcome = validateMetricThreshold('f1', t({}), 0.9, 0.8);
    expect(outcome.passed).toBe(false);
    expect(summary(outcome.checks)).toEqual(['configuration:fail']);
  });

  it('min_absolute_change must be positive (0 is refused, as `min_absolute_change <= 0` raises)', () => {
    expect(metricThresholdProblems(t({ minAbsoluteChange: 0 }))).toEqual(['min_absolute_change must be a positive number, not 0']);
    expect(metricThresholdProblems(t({ minAbsoluteChange: -0.1 }))).toHaveLength(1);
    expect(metricThresholdProblems(t({ minAbsoluteChange: 0.1 }))).toEqual([]);
  });

  it('min_relative_change must be in [0, 1], both ends allowed', () => {
    expect(metricThresholdProblems(t({ minRelativeChange: 0 }))).toEqual([]);
    expect(metricThresholdProblems(t({ minRelativeChange: 1 }))).toEqual([]);
    expect(metricThresholdProblems(t({ minRelativeChange: 1.5 }))).toEqual(['min_relative_change must be between 0 and 1, not 1.5']);
    expect(validateMetricThreshold('f1', t({ minRelativeChange: 1.5 }), 0.9, 0.1).passed).toBe(false);
  });
});

// MLflow's MetricThreshold, checked as mlflow.validate_evaluation_results
// checks it (mlflow/models/evaluation/validation.py: MetricThreshold.__init__
// for what a threshold may hold, _validate for the comparisons), so a gate
// reads the same as the Python a user already wrote. Pure: no I/O.
import type { MetricThreshold } from './types';

export type ThresholdCheckName = 'configuration' | 'candidate' | 'baseline' | 'threshold' | 'min_absolute_change' | 'min_relative_change';

export interface ThresholdCheck {
  check: ThresholdCheckName;
  passed: boolean;
  /** One sentence with the numbers. */
  detail: string;
}

export interface ThresholdOutcome {
  passed: boolean;
  checks: ThresholdCheck[];
  /** The failed checks' details, or every check's when all passed, in one line. */
  detail: string;
}

/** validation.py falls back to this margin when the baseline is 0 and a relative change cannot be taken. */
export const zeroBaselineMargin = 1e-10;

/**
 * What MetricThreshold.__init__ refuses, in its words: no field set,
 * min_absolute_change not positive, min_relative_change outside [0, 1].
 * A NaN threshold is a number to MLflow, so it is allowed here too (and fails
 * every comparison). Empty when the threshold is well formed.
 */
export function metricThresholdProblems(threshold: MetricThreshold): string[] {
  const problems: string[] = [];
  const { threshold: value, minAbsoluteChange: absolute, minRelativeChange: relative } = threshold;
  if (value === null && absolute === null && relative === null) problems.push('no threshold was specified (set threshold, min_absolute_change or min_relative_change)');
  if (absolute !== null && !(absolute > 0)) problems.push(`min_absolute_change must be a positive number, not ${formatNumber(absolute)}`);
  if (relative !== null && !(relative >= 0 && relative <= 1)) problems.push(`min_relative_change must be between 0 and 1, not ${formatNumber(relative)}`);
  return problems;
}

/**
 * Checks a candidate's metric value against a MetricThreshold and a baseline
 * (the champion's value), as validation.py's _validate does:
 * - threshold: candidate >= threshold when greater_is_better, else <=.
 * - min_absolute_change: candidate >= baseline + change (else <= baseline − change),
 *   the sum taken in floating point, the comparison not strict.
 * - min_relative_change: change = (candidate − baseline) / baseline (else
 *   (baseline − candidate) / baseline), divided by the signed baseline as
 *   MLflow does; it fails only when change < min_relative_change, so a NaN
 *   change (∞ against ∞) passes as in MLflow. A baseline of 0 (or −0) falls
 *   back to candidate >= baseline + 1e-10 (else <= baseline − 1e-10).
 * - a candidate value that is missing fails (missing_candidate) and nothing
 *   else is checked; a baseline that is missing fails when either change is set
 *   (missing_baseline), after the threshold check.
 * Deviations, each where MLflow raises instead of answering: a NaN candidate or
 * baseline fails with its own check (Decimal comparisons of NaN raise
 * InvalidOperation); min_relative_change 0 with no baseline fails as a missing
 * baseline (MLflow's truthiness test lets 0 through to a TypeError); a
 * malformed threshold fails its 'configuration' check (MLflow refuses to build it).
 * ±Infinity compare as the numbers they are. O(1).
 * Example: validateMetricThreshold('f1', { threshold: 0.8, minAbsoluteChange: 0.01, minRelativeChange: null, greaterIsBetter: true }, 0.9, 0.85).passed -> true
 */
export function validateMetricThreshold(metric: string, threshold: MetricThreshold, candidate: number | undefined, baseline: number | undefined): ThresholdOutcome {
  const problems = metricThresholdProblems(threshold);
  if (problems.length > 0) return outcome([{ check: 'configuration', passed: false, detail: `The MetricThreshold for ${metric} is not one MLflow accepts: ${problems.join('; ')}` }]);
  if (candidate === undefined) return outcome([{ check: 'candidate', passed: false, detail: `The candidate has no ${metric} to compare` }]);
  if (Number.isNaN(candidate)) return outcome([{ check: 'candidate', passed: false, detail: `The candidate's ${metric} is NaN, which cannot be compared` }]);
  const checks: ThresholdCheck[] = [];
  const better = threshold.greaterIsBetter;
  if (threshold.threshold !== null) checks.push(thresholdCheck(metric, candidate, threshold.threshold, better));
  const { minAbsoluteChange: absolute, minRelativeChange: relative } = threshold;
  if (absolute === null && relative === null) return outcome(checks);
  if (baseline === undefined) return outcome([...checks, { check: 'baseline', passed: false, detail: `The baseline has no ${metric} to compare with` }]);
  if (Number.isNaN(baseline)) return outcome([...checks, { check: 'baseline', passed: false, detail: `The baseline's ${metric} is NaN, which cannot be compared` }]);
  if (absolute !== null) checks.push(absoluteCheck(metric, candidate, baseline, absolute, better));
  if (relative !== null) checks.push(relativeCheck(metric, candidate, baseline, relative, better));
  return outcome(checks);
}

function outcome(checks: ThresholdCheck[]): ThresholdOutcome {
  const failed = checks.filter((check) => !check.passed);
  const shown = failed.length > 0 ? failed : checks;
  return { passed: failed.length === 0, checks, detail: shown.map((check) => check.detail).join('; ') };
}

const atLeast = (value: number, bound: number, better: boolean) => (better ? value >= bound : value <= bound);

function thresholdCheck(metric: string, candidate: number, bound: number, better: boolean): ThresholdCheck {
  const passed = atLeast(candidate, bound, better);
  const [c, t] = formatPair(candidate, bound);
  const sign = better ? '≥' : '≤';
  return { check: 'threshold', passed, detail: passed ? `${metric} ${c} ${sign} threshold ${t}` : `${metric} ${c} misses the threshold: it must be ${sign} ${t}` };
}

function absoluteCheck(metric: string, candidate: number, baseline: number, change: number, better: boolean): ThresholdCheck {
  const bound = better ? baseline + change : baseline - change;
  const passed = atLeast(candidate, bound, better);
  const [c, b] = formatPair(candidate, baseline);
  const sign = better ? '≥' : '≤';
  const needed = `${sign} ${formatPair(bound, candidate)[0]} (baseline ${b} ${better ? '+' : '−'} min_absolute_change ${formatNumber(change)})`;
  return { check: 'min_absolute_change', passed, detail: passed ? `${metric} ${c} ${needed}` : `${metric} ${c} is not ${needed}` };
}

function relativeCheck(metric: string, candidate: number, baseline: number, change: number, better: boolean): ThresholdCheck {
  const [c, b] = formatPair(candidate, baseline);
  if (baseline === 0) {
    // validation.py: "Cannot perform relative model comparison ... as baseline metric value is 0".
    const bound = better ? baseline + zeroBaselineMargin : baseline - zeroBaselineMargin;
    const passed = atLeast(candidate, bound, better);
    const rule = `the baseline ${metric} is 0, so the candidate must be ${better ? '≥ 1e-10' : '≤ −1e-10'} (MLflow's fallback for min_relative_change)`;
    return { check: 'min_relative_change', passed, detail: `${metric} ${c}: ${passed ? 'passes' : 'fails'}, ${rule}` };
  }
  const relative = better ? (candidate - baseline) / baseline : (baseline - candidate) / baseline;
  // MLflow fails only on `relative_change < min_relative_change`: NaN is not less than anything.
  const passed = !(relative < change);
  const shown = Number.isNaN(relative) ? 'NaN' : `${formatNumber(relative * 100)}%`;
  const against = `relative change ${shown} against baseline ${b} (needs ≥ ${formatNumber(change * 100)}%)`;
  return { check: 'min_relative_change', passed, detail: `${metric} ${c}: ${against}${Number.isNaN(relative) ? ', which MLflow does not count as a failure' : ''}` };
}

/** A number as people read it: up to 6 significant digits, NaN and ±Infinity by name. */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  return String(Number(value.toPrecision(6)));
}

/** Two numbers with as many digits as it takes to tell them apart (when they differ). */
export function formatPair(a: number, b: number): [string, string] {
  for (let digits = 6; digits <= 17; digits++) {
    const [x, y] = [shortened(a, digits), shortened(b, digits)];
    if (x !== y || a === b || Number.isNaN(a) || Number.isNaN(b)) return [x, y];
  }
  return [String(a), String(b)];
}

function shortened(value: number, digits: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(digits))) : formatNumber(value);
}

// Every evaluation metric and curve against scikit-learn 1.2.1, case by case.
// The expected values and the inputs they were computed from are in
// test/fixtures/evaluation/reference/reference.json; each carries the Python
// expression that produced it (make_reference.py beside it evaluates exactly
// that string). Tolerance: 1e-9, relative above 1 and absolute below.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  argMaxPredictions,
  averagePrecision,
  binaryConfusion,
  binaryBrier,
  binaryLogLoss,
  calibrationBins,
  costCurve,
  countsAt,
  cumulativeTable,
  evaluateBinaryScores,
  evaluateMulticlassScores,
  fairnessAt,
  gainCurve,
  groupTables,
  metricsAtCounts,
  multiclassLogLoss,
  normalizeConfusion,
  precisionRecallCurve,
  rocAuc,
  rocCurve,
  rowsNotSummingToOne,
  scoreHistogram,
  type CalibrationStrategy,
  type MetricValue,
} from '../../shared/evaluation';

interface Expected {
  expression: string;
  value?: unknown;
  error?: string;
  warnings?: string[];
}
interface Case {
  name: string;
  kind: 'binary' | 'multiclass';
  classes: string[];
  y_true: number[];
  /** Multiclass: the label column as read (iris: species names), classes[y_true[i]]. */
  labels?: string[];
  scores: number[] | number[][];
  groups?: string[] | null;
  expected: Record<string, unknown>;
}
interface Reference {
  sklearn: string;
  cost_settings: { falsePositiveCost: number; falseNegativeCost: number; truePositiveBenefit: number };
  thresholds: number[];
  cases: Case[];
}

const file = path.resolve(__dirname, '../fixtures/evaluation/reference/reference.json');
// JSON has no NaN or Infinity: the script writes them as these strings.
const nonFinite: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };
const reference = JSON.parse(fs.readFileSync(file, 'utf8'), (_key, value) => (typeof value === 'string' && value in nonFinite ? nonFinite[value] : value)) as Reference;
const tolerance = 1e-9;

function close(actual: number, expected: number, where: string): void {
  if (Number.isNaN(expected) || !Number.isFinite(expected)) {
    expect(actual, where).toBe(expected);
    return;
  }
  const scale = Math.max(1, Math.abs(expected));
  expect(Math.abs(actual - expected), `${where}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance * scale);
}

function allClose(actual: ArrayLike<number>, expected: ArrayLike<number>, where: string): void {
  expect(actual.length, `${where}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) close(actual[i], expected[i], `${where}[${i}]`);
}

const entry = (record: Record<string, unknown>, key: string): Expected => record[key] as Expected;
const numberOf = (record: Record<string, unknown>, key: string): number => entry(record, key).value as number;
const warned = (expected: Expected, text: string): boolean => (expected.warnings ?? []).some((warning) => warning.includes(text));

/** A metric scikit-learn computes: equal within tolerance; one it raises or warns about: null with a reason. */
function matches(metric: MetricValue, expected: Expected, undefinedThere: boolean, where: string): void {
  if (undefinedThere) {
    expect(metric.value, `${where}: ${expected.expression} -> ${expected.error ?? JSON.stringify(expected.value)}`).toBeNull();
    if (metric.value === null) expect(metric.reason.length, where).toBeGreaterThan(10);
    return;
  }
  expect(metric.value, `${where}: ${JSON.stringify(metric)}`).not.toBeNull();
  close(metric.value as number, expected.value as number, `${where} (${expected.expression})`);
}

const binaryCases = reference.cases.filter((c) => c.kind === 'binary');
const multiclassCases = reference.cases.filter((c) => c.kind === 'multiclass');

describe('the reference fixture', () => {
  it('was made with scikit-learn 1.2.1 and holds every case', () => {
    expect(reference.sklearn).toBe('1.2.1');
    expect(reference.cases.map((c) => c.name)).toEqual([
      'breast_cancer_logreg', 'breast_cancer_ties', 'breast_cancer_mlp', 'all_positive', 'all_negative',
      'constant_score', 'extreme_probabilities', 'iris_forest', 'wine_softmax', 'wine_scaled', 'iris_missing_class',
    ]);
  });
});

describe.each(binaryCases)('binary case $name', (testCase) => {
  const y = testCase.y_true;
  const p = testCase.scores as number[];
  const expected = testCase.expected;
  const table = cumulativeTable(y, p);

  it('ROC curve, full and with intermediate points dropped', () => {
    for (const [key, dropIntermediate] of [['roc_full', false], ['roc', true]] as const) {
      const [fpr, tpr, thresholds] = entry(expected, key).value as number[][];
      const curve = rocCurve(table, { dropIntermediate });
      allClose(curve.falsePositiveRate, fpr, `${key} fpr`);
      allClose(curve.truePositiveRate, tpr, `${key} tpr`);
      // scikit-learn 1.2.1 writes max score + 1 as the first threshold; 1.3 and Runlens write +Infinity.
      expect(thresholds[0]).toBe(Math.max(...p) + 1);
      expect(curve.thresholds[0]).toBe(Infinity);
      allClose(curve.thresholds.slice(1), thresholds.slice(1), `${key} thresholds`);
    }
  });

  it('ROC AUC and average precision', () => {
    const auc = entry(expected, 'roc_auc');
    matches(rocAuc(table), auc, auc.error !== undefined, 'roc_auc');
    const ap = entry(expected, 'average_precision');
    matches(averagePrecision(table), ap, warned(ap, 'No positive class'), 'average_precision');
  });

  it('precision-recall curve', () => {
    const [precision, recall, thresholds] = entry(expected, 'pr').value as number[][];
    const curve = precisionRecallCurve(table);
    allClose(curve.precision, precision, 'precision');
    allClose(curve.recall, recall, 'recall');
    allClose(curve.thresholds, thresholds, 'thresholds');
  });

  it('log loss (one column and two) and Brier', () => {
    matches(binaryLogLoss(y, p), entry(expected, 'log_loss'), false, 'log_loss');
    const columns = [p.map((value) => 1 - value), p];
    matches(multiclassLogLoss(y, columns), entry(expected, 'log_loss_two_columns'), false, 'log_loss two columns');
    matches(binaryBrier(y, p), entry(expected, 'brier'), false, 'brier');
    const evaluated = evaluateBinaryScores(Uint8Array.from(y), Float64Array.from(p), columns.map((column) => Float64Array.from(column)));
    matches(evaluated.metrics.log_loss, entry(expected, 'log_loss_two_columns'), false, 'evaluateBinaryScores log_loss');
  });

  it('calibration bins, uniform and quantile, 10 and 5 bins', () => {
    for (const strategy of ['uniform', 'quantile'] as CalibrationStrategy[]) {
      for (const binCount of [10, 5]) {
        const key = `calibration_${strategy}_${binCount}`;
        const [fractionPositive, meanPredicted] = entry(expected, key).value as number[][];
        const edges = entry(expected, `${key}_edges`).value as number[];
        const counts = entry(expected, `${key}_counts`).value as number[];
        const nonEmpty = counts.flatMap((count, b) => (count > 0 ? [b] : []));
        const bins = calibrationBins(table, binCount, strategy);
        allClose(bins.map((bin) => bin.fractionPositive), fractionPositive, `${key} prob_true`);
        allClose(bins.map((bin) => bin.meanPredicted), meanPredicted, `${key} prob_pred`);
        expect(bins.map((bin) => bin.count), key).toEqual(nonEmpty.map((b) => counts[b]));
        allClose(bins.map((bin) => bin.start), nonEmpty.map((b) => edges[b]), `${key} start`);
        allClose(bins.map((bin) => bin.end), nonEmpty.map((b) => edges[b + 1]), `${key} end`);
      }
    }
  });

  it('histogram, gain and cost', () => {
    const histogram = scoreHistogram(table, 20, [0, 1]);
    expect(scoreHistogram(table, 20)).toEqual(histogram);
    expect(histogram.map((bin) => bin.counts[0])).toEqual(entry(expected, 'histogram_negatives').value);
    expect(histogram.map((bin) => bin.counts[1])).toEqual(entry(expected, 'histogram_positives').value);
    const edges = entry(expected, 'histogram_edges').value as number[];
    allClose(histogram.map((bin) => bin.start), edges.slice(0, -1), 'histogram start');
    const gain = gainCurve(table);
    allClose(gain.map((point) => point.population), entry(expected, 'gain_population').value as number[], 'population');
    allClose(gain.map((point) => point.gain), entry(expected, 'gain').value as number[], 'gain');
    allClose(gain.map((point) => point.threshold), entry(expected, 'gain_thresholds').value as number[], 'gain thresholds');
    allClose(costCurve(table, reference.cost_settings).map((point) => point.cost), entry(expected, 'cost').value as number[], 'cost');
  });

  it.each(reference.thresholds)('metrics and confusion at threshold %s', (threshold) => {
    const at = (expected.at as Record<string, Record<string, unknown>>)[String(threshold)];
    const counts = countsAt(table, threshold);
    const metrics = metricsAtCounts(counts);
    matches(metrics.accuracy, entry(at, 'accuracy'), false, 'accuracy');
    matches(metrics.balanced_accuracy, entry(at, 'balanced_accuracy'), false, 'balanced_accuracy');
    for (const name of ['precision', 'recall', 'f1'] as const) {
      matches(metrics[name], entry(at, name), warned(entry(at, name), 'UndefinedMetricWarning'), name);
    }
    matches(metrics.kappa, entry(at, 'kappa'), Number.isNaN(numberOf(at, 'kappa')), 'kappa');
    // scikit-learn returns 0 for MCC when this product is 0.
    const mccUndefined = numberOf(at, 'mcc_denominator') === 0;
    if (mccUndefined) expect(numberOf(at, 'mcc')).toBe(0);
    matches(metrics.mcc, entry(at, 'mcc'), mccUndefined, 'mcc');
    const confusion = binaryConfusion(counts);
    expect(confusion).toEqual(entry(at, 'confusion').value);
    for (const mode of ['true', 'pred', 'all'] as const) {
      const normalized = normalizeConfusion(confusion, mode);
      (entry(at, `confusion_${mode}`).value as number[][]).forEach((row, i) => allClose(normalized[i], row, `confusion ${mode}`));
    }
  });

  // Only the cases with a group column (clinic) have a fairness table.
  if (testCase.groups) it('fairness table at 0.3, 0.5 and 0.7', () => {
    const groups = testCase.groups as string[];
    const names = [...new Set(groups)].sort();
    const tables = groupTables(y, p, groups.map((group) => names.indexOf(group)), names);
    const fairness = expected.fairness as Record<string, { groups: Expected; summary: Expected }>;
    for (const threshold of reference.thresholds) {
      const summary = fairnessAt(tables, threshold);
      const rows = fairness[String(threshold)].groups.value as Record<string, number | string | boolean>[];
      expect(summary.groups.map((row) => row.group)).toEqual(rows.map((row) => row.group));
      summary.groups.forEach((row, g) => {
        expect(row.size).toBe(rows[g].size);
        expect(row.failsFourFifths).toBe(rows[g].failsFourFifths);
        for (const key of ['selectionRate', 'truePositiveRate', 'falsePositiveRate', 'precision', 'accuracy', 'disparateImpact'] as const) {
          close(row[key], rows[g][key] as number, `${threshold} ${row.group} ${key}`);
        }
      });
      const expectedSummary = fairness[String(threshold)].summary.value as Record<string, number>;
      for (const key of ['demographicParityDifference', 'demographicParityRatio', 'equalizedOddsDifference', 'equalizedOddsRatio'] as const) {
        close(summary[key], expectedSummary[key], `${threshold} ${key}`);
      }
    }
  });
});

describe.each(multiclassCases)('multiclass case $name', (testCase) => {
  const y = Int32Array.from(testCase.y_true);
  const columns = (testCase.scores as number[][]).map((column) => Float64Array.from(column));
  const expected = testCase.expected;
  const evaluation = evaluateMulticlassScores(y, columns, testCase.classes, { maxTableEntries: Number.MAX_SAFE_INTEGER });

  it('labels map to class indices in sorted order (scikit-learn\'s classes_)', () => {
    expect(testCase.classes).toEqual([...testCase.classes].sort());
    expect(testCase.y_true.map((k) => testCase.classes[k])).toEqual(testCase.labels);
  });

  it('arg-max predictions and the confusion matrix, with each normalisation', () => {
    expect(Array.from(argMaxPredictions(columns))).toEqual(entry(expected, 'predicted').value);
    expect(evaluation.confusion).toEqual(entry(expected, 'confusion').value);
    for (const mode of ['true', 'pred', 'all'] as const) {
      const normalized = normalizeConfusion(evaluation.confusion, mode);
      (entry(expected, `confusion_${mode}`).value as number[][]).forEach((row, i) => allClose(normalized[i], row, `confusion ${mode}`));
    }
  });

  it('accuracy, balanced accuracy, kappa, MCC and the averages', () => {
    matches(evaluation.metrics.accuracy, entry(expected, 'accuracy'), false, 'accuracy');
    matches(evaluation.metrics.balanced_accuracy, entry(expected, 'balanced_accuracy'), false, 'balanced_accuracy');
    matches(evaluation.metrics.kappa, entry(expected, 'kappa'), false, 'kappa');
    matches(evaluation.metrics.mcc, entry(expected, 'mcc'), false, 'mcc');
    for (const average of ['macro', 'weighted', 'micro'] as const) {
      const [precision, recall, f1] = entry(expected, average).value as number[];
      const values = evaluation.averages[average];
      close(values.precision.value as number, precision, `${average} precision`);
      close(values.recall.value as number, recall, `${average} recall`);
      close(values.f1.value as number, f1, `${average} f1`);
    }
    expect(evaluation.metrics.f1).toEqual(evaluation.averages.macro.f1);
  });

  it('per-class precision, recall, F1 and support (null where scikit-learn warns and writes 0)', () => {
    const [precision, recall, f1, support] = entry(expected, 'per_class').value as number[][];
    evaluation.perClass.forEach((row, k) => {
      expect(row.label).toBe(testCase.classes[k]);
      expect(row.support).toBe(support[k]);
      const predicted = evaluation.confusion.reduce((sum, counts) => sum + counts[k], 0);
      matches(row.precision, { expression: 'per_class precision', value: precision[k] }, predicted === 0, `precision ${k}`);
      matches(row.recall, { expression: 'per_class recall', value: recall[k] }, support[k] === 0, `recall ${k}`);
      matches(row.f1, { expression: 'per_class f1', value: f1[k] }, support[k] === 0 && predicted === 0, `f1 ${k}`);
    });
  });

  it('one-vs-rest ROC AUC and AP per class, macro, weighted and micro', () => {
    const aucs = expected.roc_auc_per_class as Expected[];
    const aps = expected.average_precision_per_class as Expected[];
    evaluation.perClass.forEach((row, k) => {
      matches(row.rocAuc, aucs[k], aucs[k].error !== undefined, `roc_auc ${k}`);
      matches(row.averagePrecision, aps[k], warned(aps[k], 'No positive class'), `average_precision ${k}`);
    });
    const anyClassMissing = aucs.some((auc) => auc.error !== undefined);
    // wine_scaled: scikit-learn refuses rows not summing to 1; the one-vs-rest AUCs do not depend on the scale.
    const scaled = testCase.name === 'wine_scaled';
    for (const average of ['macro', 'weighted'] as const) {
      const key = `roc_auc_${average}`;
      const sklearn = scaled ? entry(multiclassCases.find((c) => c.name === 'wine_softmax')!.expected, key) : entry(expected, key);
      matches(evaluation.rocAuc[average], sklearn, anyClassMissing, key);
    }
    matches(evaluation.rocAuc.micro, entry(expected, 'roc_auc_micro'), false, 'roc_auc_micro');
    expect(evaluation.metrics.roc_auc).toEqual(evaluation.rocAuc.macro);
    matches(evaluation.metrics.average_precision, entry(expected, 'average_precision_macro'), anyClassMissing, 'average_precision macro');
  });

  it('one-vs-rest and micro ROC curves from the tables', () => {
    const curves = [...(expected.roc_per_class as Expected[]).map((e, k) => [e, evaluation.oneVsRest[k]] as const), [entry(expected, 'roc_micro'), evaluation.micro] as const];
    for (const [reference, table] of curves) {
      const [fpr, tpr, thresholds] = reference.value as number[][];
      const curve = rocCurve(table, { dropIntermediate: false });
      allClose(curve.falsePositiveRate, fpr, `${reference.expression} fpr`);
      allClose(curve.truePositiveRate, tpr, `${reference.expression} tpr`);
      allClose(curve.thresholds.slice(1), thresholds.slice(1), `${reference.expression} thresholds`);
    }
  });

  it('log loss, Brier and the rows not summing to 1', () => {
    matches(evaluation.metrics.log_loss, entry(expected, 'log_loss'), false, 'log_loss');
    matches(evaluation.metrics.brier, entry(expected, 'brier'), entry(expected, 'probabilities_in_range').value === false, 'brier');
    expect(rowsNotSummingToOne(columns)).toBe(entry(expected, 'rows_not_summing_to_one').value);
  });

  it('thinning the drawn tables changes no area', () => {
    const thinned = evaluateMulticlassScores(y, columns, testCase.classes, { maxTableEntries: 4 });
    expect(thinned.rocAuc).toEqual(evaluation.rocAuc);
    expect(thinned.metrics).toEqual(evaluation.metrics);
    for (const table of [...thinned.oneVsRest, thinned.micro]) expect(table.thresholds.length).toBeLessThanOrEqual(4);
  });
});

// The smaller evaluation functions on hand-made inputs whose answers can be
// worked out on paper: each function's documented example, its empty, NaN
// and degenerate cases, and the choices that are Runlens's own (class order,
// the cheapest operating point, NaN in the fairness summary).
import { describe, expect, it } from 'vitest';
import {
  binaryBrier,
  binaryLogLoss,
  calibrationBins,
  cheapestOperatingPoint,
  classOrder,
  clusteredOrder,
  cohenKappa,
  confusionMatrix,
  costCurve,
  countsAt,
  cumulativeTable,
  evaluateBinaryScores,
  evaluateMulticlassScores,
  fairnessAt,
  gainCurve,
  groupTables,
  linspace,
  matthewsCorrelation,
  metricsAtCounts,
  multiclassBrier,
  multiclassLogLoss,
  multiclassMetricsFromConfusion,
  naturalCompare,
  normalizeConfusion,
  precisionRecallCurve,
  rocAuc,
  rocCurve,
  rowsNotSummingToOne,
  scoreHistogram,
  thresholdIndex,
} from '../../shared/evaluation';

const small = cumulativeTable([1, 0, 1], [0.9, 0.4, 0.4]);

describe('the documented examples', () => {
  it('cumulative table, threshold index and counts', () => {
    expect(small).toEqual({ thresholds: [0.9, 0.4], truePositives: [1, 2], falsePositives: [0, 1], positives: 2, negatives: 1, distinctScores: 2 });
    expect([thresholdIndex(small, 0.5), thresholdIndex(small, 0.4), thresholdIndex(small, 0.95)]).toEqual([0, 1, -1]);
    expect(countsAt(small, 0.5)).toEqual({ truePositives: 1, falsePositives: 0, trueNegatives: 1, falseNegatives: 1 });
  });

  it('curves and areas', () => {
    expect(rocCurve(small)).toEqual({ falsePositiveRate: [0, 0, 1], truePositiveRate: [0, 0.5, 1], thresholds: [Infinity, 0.9, 0.4] });
    expect(rocAuc(small)).toEqual({ value: 0.75 });
    expect(precisionRecallCurve(small)).toEqual({ precision: [2 / 3, 1, 1], recall: [1, 0.5, 0], thresholds: [0.4, 0.9] });
  });

  it('numpy-exact linspace', () => {
    // np.linspace(0, 1, 11).tolist()[3] == 0.30000000000000004
    expect(linspace(0, 1, 11)[3]).toBe(0.30000000000000004);
    expect(linspace(0, 1, 11)[10]).toBe(1);
    expect(linspace(2, 2, 1)).toEqual([2]);
  });

  it('gain, cost and the cheapest point', () => {
    const table = cumulativeTable([1, 0], [0.9, 0.4]);
    expect(gainCurve(table)).toEqual([
      { population: 0, gain: 0, lift: NaN, threshold: Infinity },
      { population: 0.5, gain: 1, lift: 2, threshold: 0.9 },
      { population: 1, gain: 1, lift: 1, threshold: 0.4 },
    ]);
    const settings = { falsePositiveCost: 1, falseNegativeCost: 5, truePositiveBenefit: 0 };
    expect(costCurve(table, settings)).toEqual([
      { threshold: Infinity, cost: 2.5 },
      { threshold: 0.9, cost: 0 },
      { threshold: 0.4, cost: 0.5 },
    ]);
    expect(cheapestOperatingPoint(table, settings)).toEqual({ threshold: 0.9, cost: 0, index: 1 });
  });

  it('among equal costs, the cheapest point is the highest threshold', () => {
    const table = cumulativeTable([0, 0], [0.9, 0.4]);
    const settings = { falsePositiveCost: 0, falseNegativeCost: 1, truePositiveBenefit: 0 };
    expect(cheapestOperatingPoint(table, settings)).toEqual({ threshold: Infinity, cost: 0, index: 0 });
    expect(cheapestOperatingPoint(cumulativeTable([], []), settings).cost).toBeNaN();
  });

  it('agreement: kappa and MCC', () => {
    expect(cohenKappa([[2, 1], [0, 3]]).value).toBeCloseTo(2 / 3, 15);
    expect(matthewsCorrelation([[2, 1], [0, 3]]).value).toBeCloseTo(12 / Math.sqrt(288), 15);
    expect(cohenKappa([[0, 0], [0, 4]])).toMatchObject({ value: null });
    expect(matthewsCorrelation([[0, 0], [2, 2]])).toMatchObject({ value: null, reason: expect.stringContaining('one class') });
  });
});

describe('metricsAtCounts', () => {
  it('says why where scikit-learn would write 0', () => {
    const none = metricsAtCounts({ truePositives: 0, falsePositives: 0, trueNegatives: 3, falseNegatives: 2 });
    expect(none.precision).toEqual({ value: null, reason: 'no row is predicted positive at this threshold' });
    expect(none.recall).toEqual({ value: 0 });
    expect(none.f1).toEqual({ value: 0 });
    expect(none.mcc.value).toBeNull();
    expect(none.kappa).toEqual({ value: 0 });
    const noPositives = metricsAtCounts({ truePositives: 0, falsePositives: 0, trueNegatives: 3, falseNegatives: 0 });
    expect(noPositives.recall.value).toBeNull();
    expect(noPositives.f1.value).toBeNull();
    expect(noPositives.balanced_accuracy).toEqual({ value: 1 });
    const empty = metricsAtCounts({ truePositives: 0, falsePositives: 0, trueNegatives: 0, falseNegatives: 0 });
    expect(Object.values(empty).every((metric) => metric.value === null)).toBe(true);
  });
});

describe('multiclassMetricsFromConfusion', () => {
  it('counts an unpredicted class as 0 in the averages, says so, and leaves out a class with no rows', () => {
    const result = multiclassMetricsFromConfusion([[2, 0, 0], [1, 0, 0], [0, 0, 0]], ['a', 'b', 'c']);
    expect(result.perClass[1].precision).toEqual({ value: null, reason: 'no row is predicted b' });
    expect(result.perClass[2].f1.value).toBeNull();
    // sklearn: precision_recall_fscore_support([0, 0, 1], [0, 0, 0], average='macro') -> (0.333…, 0.5, 0.4)
    expect(result.averages.macro.precision.value).toBeCloseTo(1 / 3, 15);
    expect(result.averages.macro.recall.value).toBeCloseTo(0.5, 15);
    expect(result.averages.macro.f1.value).toBeCloseTo(0.4, 15);
    expect(result.notices).toHaveLength(2);
    expect(result.notices[0]).toContain('No row is predicted b');
    expect(result.notices[1]).toContain('c has no rows');
  });
});

describe('probability metrics', () => {
  it('log loss clips, Brier refuses non-probabilities', () => {
    expect(binaryLogLoss([1, 0], [0.8, 0.4]).value).toBeCloseTo((-Math.log(0.8) - Math.log(0.6)) / 2, 15);
    expect(binaryLogLoss([1], [0]).value).toBeCloseTo(-Math.log(2 ** -52), 10);
    expect(binaryBrier([1, 0], [0.8, 0.4]).value).toBeCloseTo(0.1, 15);
    expect(binaryBrier([1], [1.2]).value).toBeNull();
    expect(binaryBrier([1, 0], [NaN, 0.5])).toEqual({ value: 0.25 });
    expect(binaryLogLoss([], []).value).toBeNull();
    expect(multiclassBrier([0], [[0.75], [0.25]])).toEqual({ value: 0.125 });
    expect(multiclassLogLoss([0, 1], [[0.5, 0.2], [0.5, 0.8]]).value).toBeCloseTo((-Math.log(0.5) - Math.log(0.8)) / 2, 15);
    expect(() => multiclassLogLoss([2], [[1], [0]])).toThrow(RangeError);
    expect(rowsNotSummingToOne([[0.5, 0.65], [0.5, 0.65]])).toBe(1);
  });
});

describe('confusion matrices and class order', () => {
  it('counts, normalises and refuses indices outside the classes', () => {
    expect(confusionMatrix([0, 1, 1], [0, 0, 1], 2)).toEqual([[1, 0], [1, 1]]);
    expect(normalizeConfusion([[1, 0], [1, 1]], 'true')).toEqual([[1, 0], [0.5, 0.5]]);
    expect(normalizeConfusion([[0, 0], [1, 1]], 'true')).toEqual([[0, 0], [0.5, 0.5]]);
    expect(normalizeConfusion([[1, 0], [1, 0]], 'pred')).toEqual([[0.5, 0], [0.5, 0]]);
    expect(() => confusionMatrix([0, 2], [0, 0], 2)).toThrow(RangeError);
  });

  it('orders by name naturally, numbers by value, and by support', () => {
    expect(classOrder([[5, 0], [0, 9]], ['b', 'a'], 'name')).toEqual([1, 0]);
    const names = ['class 10', 'class 2', 'Class 1', 'class 02'];
    expect(classOrder(names.map(() => [0, 0, 0, 0]), names, 'name').map((i) => names[i])).toEqual(['Class 1', 'class 02', 'class 2', 'class 10']);
    const numbers = ['10', '-1', '2.5', '2'];
    expect(classOrder(numbers.map(() => [0, 0, 0, 0]), numbers, 'name').map((i) => numbers[i])).toEqual(['-1', '2', '2.5', '10']);
    expect(classOrder([[1, 0, 0], [0, 5, 0], [0, 0, 5]], ['a', 'b', 'c'], 'support')).toEqual([1, 2, 0]);
    expect(naturalCompare('a2', 'a10')).toBeLessThan(0);
    expect(naturalCompare('a10', 'a10')).toBe(0);
  });

  it('clusters classes confused with each other next to each other', () => {
    expect(clusteredOrder([[5, 0, 4], [0, 5, 0], [3, 0, 5]])).toEqual([0, 2, 1]);
    // Two pairs confused within themselves: {0, 3} and {1, 2}.
    const matrix = [
      [9, 0, 0, 4],
      [0, 9, 5, 0],
      [0, 5, 9, 0],
      [4, 0, 0, 9],
    ];
    expect(clusteredOrder(matrix)).toEqual([0, 3, 1, 2]);
    expect(classOrder(matrix, ['a', 'b', 'c', 'd'], 'clustered')).toEqual([0, 3, 1, 2]);
    expect(clusteredOrder([[1, 0], [0, 1]])).toEqual([0, 1]);
  });
});

describe('histogram and calibration outside [0, 1]', () => {
  const table = cumulativeTable([0, 1, 1, 0, 1], [-Infinity, -2, 0, 2, Infinity]);

  it('histogram spans the finite scores and puts ±Infinity in the end bins', () => {
    const bins = scoreHistogram(table, 2);
    expect(bins).toEqual([
      { start: -2, end: 0, counts: [1, 1] },
      { start: 0, end: 2, counts: [1, 2] },
    ]);
    expect(scoreHistogram(cumulativeTable([1], [0.5]), 1)).toEqual([{ start: 0, end: 1, counts: [0, 1] }]);
    expect(scoreHistogram(cumulativeTable([1], [3]), 1)).toEqual([{ start: 2.5, end: 3.5, counts: [0, 1] }]);
  });

  it('uniform calibration bins span [min, max] of the finite scores (scikit-learn raises)', () => {
    const bins = calibrationBins(table, 2, 'uniform');
    expect(bins.map((bin) => [bin.start, bin.end, bin.count])).toEqual([[-2, 0, 3], [0, 2, 2]]);
    expect(calibrationBins(cumulativeTable([], []), 10)).toEqual([]);
  });
});

describe('fairnessAt', () => {
  it('a group without positives has NaN TPR, which makes the equalized-odds summaries NaN', () => {
    const tables = groupTables([1, 0, 0, 0, 1], [0.9, 0.2, 0.8, 0.1, 0.3], [0, 0, 1, 1, 2], ['a', 'b', 'c', 'empty']);
    expect(tables.map((table) => table.group)).toEqual(['a', 'b', 'c']);
    const summary = fairnessAt(tables, 0.5);
    expect(summary.groups.map((row) => row.selectionRate)).toEqual([0.5, 0.5, 0]);
    expect(summary.groups[1].truePositiveRate).toBeNaN();
    expect(summary.groups[2].precision).toBeNaN();
    expect(summary.groups[2].failsFourFifths).toBe(true);
    expect(summary.demographicParityDifference).toBe(0.5);
    expect(summary.demographicParityRatio).toBe(0);
    expect(summary.equalizedOddsDifference).toBeNaN();
    expect(summary.equalizedOddsRatio).toBeNaN();
  });

  it('nobody selected: disparate impact NaN, not failing; no groups: NaN summaries', () => {
    const tables = groupTables([1, 0], [0.1, 0.2], [0, 1], ['a', 'b']);
    const summary = fairnessAt(tables, 0.5);
    expect(summary.groups.every((row) => Number.isNaN(row.disparateImpact) && !row.failsFourFifths)).toBe(true);
    expect(fairnessAt([], 0.5).demographicParityDifference).toBeNaN();
  });
});

describe('evaluateBinaryScores and evaluateMulticlassScores', () => {
  it('fills the metrics table: threshold-free on every row, the rest at 0.5', () => {
    const { table, metrics } = evaluateBinaryScores(new Uint8Array([1, 0, 1, 0]), new Float64Array([0.8, 0.4, 0.3, 0.6]));
    expect(table.thresholds).toEqual([0.8, 0.6, 0.4, 0.3]);
    expect(metrics.roc_auc).toEqual({ value: 0.5 });
    expect(metrics.accuracy).toEqual({ value: 0.5 });
    expect(metrics.precision).toEqual({ value: 0.5 });
    expect(Object.keys(metrics).sort()).toEqual(['accuracy', 'average_precision', 'balanced_accuracy', 'brier', 'f1', 'kappa', 'log_loss', 'mcc', 'precision', 'recall', 'roc_auc']);
    expect(() => evaluateBinaryScores(new Uint8Array([1]), new Float64Array([0.5]), [new Float64Array([0.5])])).toThrow(RangeError);
  });

  it('a class without rows: its one-vs-rest AUC, and the macro AUC and AP, say why they are missing', () => {
    const y = Int32Array.from([0, 1, 0, 1]);
    const scores = [Float64Array.from([0.7, 0.2, 0.6, 0.3]), Float64Array.from([0.2, 0.7, 0.3, 0.6]), Float64Array.from([0.1, 0.1, 0.1, 0.1])];
    const result = evaluateMulticlassScores(y, scores, ['x', 'y', 'z'], { maxTableEntries: 100 });
    expect(result.perClass[2].rocAuc).toMatchObject({ value: null, reason: expect.stringContaining('z vs rest') });
    expect(result.rocAuc.macro).toMatchObject({ value: null, reason: expect.stringContaining('z') });
    expect(result.rocAuc.weighted.value).toBeNull();
    expect(result.metrics.average_precision.value).toBeNull();
    expect(result.rocAuc.micro.value).not.toBeNull();
    expect(result.notices.some((notice) => notice.includes('z has no rows'))).toBe(true);
    expect(() => evaluateMulticlassScores(y, scores.slice(0, 2), ['x', 'y', 'z'], { maxTableEntries: 100 })).toThrow(RangeError);
  });
});

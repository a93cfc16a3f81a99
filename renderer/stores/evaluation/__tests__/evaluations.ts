// Small evaluations for store and view-model tests, built by hand.
import type { RunPredictions } from '../../../../shared/evaluation/predictionSets';
import type { CumulativeTable, Evaluation, MetricTable } from '../../../../shared/evaluation/types';
import { evaluationMetrics } from '../../../../shared/evaluation/types';

export const predictions: RunPredictions = {
  sets: [
    { path: 'predictions/test.csv', origin: 'logged', name: 'test', mapping: { label: 'y', scores: ['p'], scoreClasses: ['1'], positive: '1' }, rows: 3, size: 40 },
    { path: 'predictions/val.csv', origin: 'logged', name: 'val', mapping: { label: 'y', scores: ['a', 'b', 'c'], scoreClasses: ['a', 'b', 'c'], positive: null }, rows: 3, size: 40 },
    { path: 'custom.csv', origin: 'artifact', name: 'custom', mapping: null, rows: null, size: 50 },
  ],
  loggedPlots: [],
};

function metrics(): MetricTable {
  return Object.fromEntries(evaluationMetrics.map((m) => [m.name, { value: 0.5 }])) as MetricTable;
}

/** A table from scores alternately positive and negative (highest first): scores must be decreasing. */
export function tableOf(scores: number[], positive: boolean[] = scores.map((_, i) => i % 2 === 0)): CumulativeTable {
  const truePositives: number[] = [];
  const falsePositives: number[] = [];
  let tp = 0;
  let fp = 0;
  scores.forEach((_, i) => {
    if (positive[i]) tp += 1;
    else fp += 1;
    truePositives.push(tp);
    falsePositives.push(fp);
  });
  return { thresholds: scores, truePositives, falsePositives, positives: tp, negatives: fp, distinctScores: scores.length };
}

export function binaryEvaluation(scores: number[]): Evaluation {
  return {
    kind: 'binary',
    classes: ['0', '1'],
    positiveClass: '1',
    table: tableOf(scores),
    rows: scores.length,
    nanScoreRows: 0,
    skippedLines: 0,
    metrics: metrics(),
    notices: [],
    groupColumns: [{ name: 'clinic', distinct: 3 }],
  };
}

export function multiclassEvaluation(): Evaluation {
  const none = { precision: { value: 1 }, recall: { value: 1 }, f1: { value: 1 } };
  return {
    kind: 'multiclass',
    classes: ['a', 'b', 'c'],
    confusion: [
      [2, 0, 0],
      [0, 1, 1],
      [0, 0, 2],
    ],
    perClass: [],
    averages: { macro: none, weighted: none, micro: none },
    oneVsRest: [tableOf([0.9, 0.1]), tableOf([0.8, 0.2]), tableOf([0.7, 0.3])],
    micro: tableOf([0.9, 0.8, 0.7]),
    rocAuc: { macro: { value: 1 }, weighted: { value: 1 }, micro: { value: 1 } },
    rows: 6,
    nanScoreRows: 0,
    skippedLines: 0,
    metrics: metrics(),
    notices: [],
    groupColumns: [],
  };
}

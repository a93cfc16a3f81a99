// The multiclass ROC and PR curves as drawn: one-vs-rest per class, the micro
// average (all classes' rows pooled) and, for ROC, the macro average. Pure.
import { averagePrecision, precisionRecallCurve, rocCurve } from '../../../../shared/evaluation';
import type { MulticlassEvaluation } from '../../../../shared/evaluation/types';
import type { ExportRows } from '../../../charts/ChartFrame';
import { runColor } from '../../../charts/palette';
import { drawnCurve, type OverlayCurve } from '../curves/curveModels';
import { macroRoc } from './macroRoc';

export const AVERAGE_COLOR = 'var(--mantine-color-text)';

export function rocCurves(evaluation: MulticlassEvaluation): OverlayCurve[] {
  const perClass = evaluation.oneVsRest.map((table) => rocCurve(table, { dropIntermediate: true }));
  const curves: OverlayCurve[] = perClass.map((roc, i) => ({
    id: `class:${i}`,
    label: evaluation.classes[i],
    color: runColor(i),
    curve: drawnCurve(roc.falsePositiveRate, roc.truePositiveRate, roc.thresholds),
    score: evaluation.perClass[i]?.rocAuc ?? { value: null, reason: 'not computed' },
  }));
  const micro = rocCurve(evaluation.micro, { dropIntermediate: true });
  const macro = macroRoc(perClass);
  curves.push({ id: 'micro', label: 'micro average', color: AVERAGE_COLOR, dash: '6 3', curve: drawnCurve(micro.falsePositiveRate, micro.truePositiveRate, micro.thresholds), score: evaluation.rocAuc.micro });
  curves.push({
    id: 'macro',
    label: 'macro average',
    color: AVERAGE_COLOR,
    dash: '2 3',
    curve: drawnCurve(macro.falsePositiveRate, macro.truePositiveRate, macro.falsePositiveRate.map(() => Number.NaN)),
    score: evaluation.rocAuc.macro,
  });
  return curves;
}

export function prCurves(evaluation: MulticlassEvaluation): OverlayCurve[] {
  const pr = (table: MulticlassEvaluation['micro']) => {
    const c = precisionRecallCurve(table);
    return drawnCurve(c.recall, c.precision, [...c.thresholds, Infinity]);
  };
  const curves: OverlayCurve[] = evaluation.oneVsRest.map((table, i) => ({
    id: `class:${i}`,
    label: evaluation.classes[i],
    color: runColor(i),
    curve: pr(table),
    score: evaluation.perClass[i]?.averagePrecision ?? { value: null, reason: 'not computed' },
  }));
  curves.push({ id: 'micro', label: 'micro average', color: AVERAGE_COLOR, dash: '6 3', curve: pr(evaluation.micro), score: averagePrecision(evaluation.micro) });
  return curves;
}

/** Every point of every one-vs-rest and micro ROC curve (not only the drawn ones), then the macro curve's grid. */
export function multiclassRocRows(evaluation: MulticlassEvaluation): ExportRows {
  const rows: (string | number | null)[][] = [];
  const tables = [...evaluation.oneVsRest.map((table, i) => [evaluation.classes[i], table] as const), ['micro average', evaluation.micro] as const];
  const perClass = evaluation.oneVsRest.map((table) => rocCurve(table, { dropIntermediate: false }));
  tables.forEach(([label, table], k) => {
    const roc = k < perClass.length ? perClass[k] : rocCurve(table, { dropIntermediate: false });
    roc.thresholds.forEach((t, i) => rows.push([label, t, roc.falsePositiveRate[i], roc.truePositiveRate[i]]));
  });
  const macro = macroRoc(perClass);
  macro.falsePositiveRate.forEach((x, i) => rows.push(['macro average', null, x, macro.truePositiveRate[i]]));
  return { columns: ['curve', 'threshold', 'false_positive_rate', 'true_positive_rate'], rows };
}

export function multiclassPrRows(evaluation: MulticlassEvaluation): ExportRows {
  const rows: (string | number | null)[][] = [];
  const tables = [...evaluation.oneVsRest.map((table, i) => [evaluation.classes[i], table] as const), ['micro average', evaluation.micro] as const];
  for (const [label, table] of tables) {
    const pr = precisionRecallCurve(table);
    pr.precision.forEach((p, i) => rows.push([label, i < pr.thresholds.length ? pr.thresholds[i] : null, pr.recall[i], p]));
  }
  return { columns: ['curve', 'threshold', 'recall', 'precision'], rows };
}

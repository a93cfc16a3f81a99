// `runlens eval --predictions FILE`: the evaluation views' numbers on the
// command line, from the same reader and the same math as the app. The
// columns are guessed as the mapping dialog guesses them unless named.
import fs from 'node:fs';
import path from 'node:path';
import {
  binaryConfusion,
  calibrationBins,
  countsAt,
  fairnessAt,
  groupTables,
  metricsAtCounts,
  precisionRecallCurve,
  rocCurve,
} from '../shared/evaluation';
import type { ColumnMapping } from '../shared/evaluation/predictionSets';
import { evaluationMetrics, type BinaryEvaluation, type CumulativeTable, type Evaluation, type MetricTable, type MetricValue } from '../shared/evaluation/types';
import { computeEvaluation } from './backend/evaluation/computeEvaluation';
import { canonicalLabel, defaultPositive, sortLabels } from './backend/evaluation/labels';
import { loadPredictions, type LoadedPredictions } from './backend/evaluation/loadPredictions';
import { labelColumnIndex } from '../shared/evaluation/labelColumn';
import { guessMapping } from './backend/evaluation/mappingGuess';
import { readPredictionTable, tableFormatOf } from './backend/evaluation/predictionTable';

/** Bad input (a missing file, a column that is not there): printed, exit 2. */
export class EvalInputError extends Error {}

export interface EvalOptions {
  predictions: string;
  label?: string;
  scores?: string[];
  positive?: string;
  group?: string;
  threshold: number;
}

const cliTableEntries = 1_000_000;
const scoreSuffix = /^(?:y_score|y_prob|y_proba|pred_proba|predict_proba|probability|proba|prob|score|scores|p)[_.:\-\s](.+)$/i;

/** The mapping the flags name, the gaps filled from the guess. */
function mappingFrom(options: EvalOptions, columns: string[], sample: string[][]): ColumnMapping {
  const { guess, rejected } = guessMapping(columns, sample);
  const label = options.label ?? guess?.label ?? columns[labelColumnIndex(columns)];
  if (!label) throw new EvalInputError(`No label column found among ${columns.join(', ')}: name it with --label`);
  if (!columns.includes(label)) throw new EvalInputError(`The file has no column "${label}" (its columns: ${columns.join(', ')})`);
  const scores = options.scores ?? guess?.scores;
  if (!scores?.length) {
    const why = rejected.map((r) => `"${r.column}" ${r.reason}`).join('; ');
    throw new EvalInputError(`No score column found: name them with --scores${why ? ` (${why})` : ''}`);
  }
  // The labels of the column in use (named by --label or guessed), as the sample has them.
  const labelIndex = columns.indexOf(label);
  const fileLabels = sortLabels(sample.map((row) => (row[labelIndex] ?? '').trim()).filter((text) => text !== ''));
  if (scores.length === 1) {
    const suffix = scoreSuffix.exec(scores[0])?.[1];
    const named = suffix === undefined ? undefined : fileLabels.find((l) => canonicalLabel(l) === canonicalLabel(suffix));
    const positive = options.positive ?? named ?? defaultPositive(fileLabels.length ? fileLabels : ['0', '1']).positive;
    return { label, scores, scoreClasses: [positive], positive };
  }
  const suffixes = scores.map((name) => scoreSuffix.exec(name)?.[1] ?? null);
  const scoreClasses = options.scores === undefined && guess ? guess.scoreClasses : suffixes.every((s) => s !== null) ? (suffixes as string[]) : scores.map((_, i) => fileLabels[i] ?? String(i));
  const positive = scores.length === 2 ? (options.positive ?? defaultPositive(scoreClasses).positive) : null;
  return { label, scores, scoreClasses, positive };
}

const valueOf = (metric: MetricValue): number | null => metric.value;

function metricFields(metrics: MetricTable): { fields: Record<string, number | null>; undefinedMetrics: Record<string, string> } {
  const fields: Record<string, number | null> = {};
  const undefinedMetrics: Record<string, string> = {};
  for (const { name } of evaluationMetrics) {
    const metric = metrics[name];
    fields[name] = valueOf(metric);
    if (metric.value === null) undefinedMetrics[name] = metric.reason;
  }
  return { fields, undefinedMetrics };
}

function rocPoints(table: CumulativeTable) {
  const roc = rocCurve(table, { dropIntermediate: true });
  return roc.falsePositiveRate.map((fpr, i) => ({ fpr, tpr: roc.truePositiveRate[i], threshold: roc.thresholds[i] }));
}

function prPoints(table: CumulativeTable) {
  const pr = precisionRecallCurve(table);
  return pr.precision.map((precision, i) => ({ precision, recall: pr.recall[i], threshold: i < pr.thresholds.length ? pr.thresholds[i] : null }));
}

function calibrationOf(table: CumulativeTable) {
  return calibrationBins(table, 10, 'uniform').map((bin) => ({ bin_start: bin.start, bin_end: bin.end, mean_predicted: bin.meanPredicted, fraction_positive: bin.fractionPositive, count: bin.count }));
}

function groupsOf(loaded: LoadedPredictions, column: string, threshold: number): Record<string, unknown> {
  const group = loaded.groupColumns.find((candidate) => candidate.name === column);
  if (!group) {
    const known = loaded.groupColumns.map((c) => c.name);
    throw new EvalInputError(`--group: "${column}" is not a column with few enough values to group by (${known.length ? known.join(', ') : 'the file has none'})`);
  }
  const isPositive = new Uint8Array(loaded.rows);
  for (let i = 0; i < loaded.rows; i++) isPositive[i] = loaded.yTrue[i] === 1 ? 1 : 0;
  const fairness = fairnessAt(groupTables(isPositive, loaded.positiveScore!, group.codes, group.values), threshold);
  return {
    group_column: column,
    groups: fairness.groups.map((g) => ({
      group: g.group,
      size: g.size,
      selection_rate: g.selectionRate,
      true_positive_rate: g.truePositiveRate,
      false_positive_rate: g.falsePositiveRate,
      precision: g.precision,
      accuracy: g.accuracy,
      disparate_impact: g.disparateImpact,
      fails_four_fifths: g.failsFourFifths,
    })),
    demographic_parity_difference: fairness.demographicParityDifference,
    demographic_parity_ratio: fairness.demographicParityRatio,
    equalized_odds_difference: fairness.equalizedOddsDifference,
    equalized_odds_ratio: fairness.equalizedOddsRatio,
  };
}

function binaryReport(evaluation: BinaryEvaluation, loaded: LoadedPredictions, options: EvalOptions): Record<string, unknown> {
  const counts = countsAt(evaluation.table, options.threshold);
  const metrics = { ...evaluation.metrics, ...metricsAtCounts(counts) };
  const { fields, undefinedMetrics } = metricFields(metrics);
  return {
    positive: evaluation.positiveClass,
    threshold: options.threshold,
    ...fields,
    undefined_metrics: undefinedMetrics,
    confusion: { labels: evaluation.classes, counts: binaryConfusion(counts) },
    roc: rocPoints(evaluation.table),
    pr: prPoints(evaluation.table),
    calibration: calibrationOf(evaluation.table),
    ...(options.group ? groupsOf(loaded, options.group, options.threshold) : {}),
  };
}

function multiclassReport(evaluation: Extract<Evaluation, { kind: 'multiclass' }>, options: EvalOptions): Record<string, unknown> {
  if (options.group) throw new EvalInputError('--group: the fairness table is for binary problems (name --positive with one score column, or two score columns)');
  const { fields, undefinedMetrics } = metricFields(evaluation.metrics);
  const perClass = Object.fromEntries(evaluation.classes.map((label, i) => [label, evaluation.oneVsRest[i]]));
  return {
    ...fields,
    undefined_metrics: undefinedMetrics,
    roc_auc_macro: evaluation.rocAuc.macro.value,
    roc_auc_weighted: evaluation.rocAuc.weighted.value,
    roc_auc_micro: evaluation.rocAuc.micro.value,
    confusion: { labels: evaluation.classes, counts: evaluation.confusion },
    per_class: evaluation.perClass.map((row) => ({
      label: row.label,
      precision: row.precision.value,
      recall: row.recall.value,
      f1: row.f1.value,
      support: row.support,
      roc_auc: row.rocAuc.value,
      average_precision: row.averagePrecision.value,
    })),
    averages: Object.fromEntries(
      Object.entries(evaluation.averages).map(([name, a]) => [name, { precision: a.precision.value, recall: a.recall.value, f1: a.f1.value }]),
    ),
    roc: { ...Object.fromEntries(Object.entries(perClass).map(([label, table]) => [label, rocPoints(table)])), micro: rocPoints(evaluation.micro) },
    pr: { ...Object.fromEntries(Object.entries(perClass).map(([label, table]) => [label, prPoints(table)])), micro: prPoints(evaluation.micro) },
    calibration: Object.fromEntries(Object.entries(perClass).map(([label, table]) => [label, calibrationOf(table)])),
  };
}

/** The whole report, snake_case as the rest of the CLI. */
export async function evaluateForCli(options: EvalOptions): Promise<Record<string, unknown>> {
  const file = path.resolve(options.predictions);
  if (!fs.existsSync(file)) throw new EvalInputError(`${file}: no such file`);
  const format = tableFormatOf(file) ?? 'csv';
  let columns: string[] = [];
  const sample: string[][] = [];
  try {
    await readPredictionTable(file, format, { header: (names) => (columns = names), row: (values) => (sample.push(values) >= 200 ? 'stop' : undefined) });
  } catch (error) {
    throw new EvalInputError(`${file}: ${(error as Error).message}`);
  }
  if (columns.length === 0) throw new EvalInputError(`${file}: the file is empty`);
  const mapping = mappingFrom(options, columns, sample);
  let loaded: LoadedPredictions;
  try {
    loaded = await loadPredictions(file, format, mapping);
  } catch (error) {
    throw new EvalInputError(`${file}: ${(error as Error).message}`);
  }
  // Up to a million distinct scores the curves are printed exactly as scikit-learn computes them;
  // past that they are thinned (a warning says so) so the JSON stays printable. Metrics use every row.
  const evaluation = computeEvaluation(loaded, { maxTableEntries: cliTableEntries, maxClassTableEntries: cliTableEntries });
  return {
    file,
    kind: evaluation.kind,
    label_column: mapping.label,
    score_columns: mapping.scores,
    rows: evaluation.rows,
    nan_score_rows: evaluation.nanScoreRows,
    skipped_lines: evaluation.skippedLines,
    labels: evaluation.classes,
    ...(evaluation.kind === 'binary' ? binaryReport(evaluation, loaded, options) : multiclassReport(evaluation, options)),
    warnings: evaluation.notices.map((notice) => notice.message),
  };
}

const shown = (value: unknown): string => (typeof value === 'number' ? (Number.isNaN(value) ? 'NaN' : Number.isFinite(value) ? String(Number(value.toPrecision(6))) : value > 0 ? '∞' : '−∞') : value === null ? 'undefined' : String(value));

/** The report for people: the metrics, the matrix, the groups and the warnings (the curves only with --json). */
export function formatEvalReport(report: Record<string, unknown>): string {
  const lines: string[] = [];
  lines.push(`${report.file}: ${report.rows} rows, ${report.kind} (${(report.labels as string[]).join(', ')})${report.positive !== undefined ? `, positive class ${report.positive}, threshold ${report.threshold}` : ''}`);
  const undefinedMetrics = report.undefined_metrics as Record<string, string>;
  for (const { name, label } of evaluationMetrics) {
    const why = undefinedMetrics[name];
    lines.push(`  ${label.padEnd(22)} ${why ? `undefined (${why})` : shown(report[name])}`);
  }
  const confusion = report.confusion as { labels: string[]; counts: number[][] };
  const width = Math.max(6, ...confusion.labels.map((l) => l.length), ...confusion.counts.flat().map((n) => String(n).length)) + 1;
  lines.push('', `  Confusion matrix (rows: true class, columns: predicted)`);
  lines.push(`  ${''.padEnd(width)}${confusion.labels.map((l) => l.padStart(width)).join('')}`);
  confusion.counts.forEach((row, i) => lines.push(`  ${confusion.labels[i].padEnd(width)}${row.map((n) => String(n).padStart(width)).join('')}`));
  const groups = report.groups as Record<string, unknown>[] | undefined;
  if (groups) {
    lines.push('', `  By ${report.group_column}: group, size, selection rate, TPR, FPR, precision, accuracy, disparate impact`);
    for (const g of groups) {
      lines.push(`  ${String(g.group).padEnd(14)} ${[g.size, g.selection_rate, g.true_positive_rate, g.false_positive_rate, g.precision, g.accuracy, g.disparate_impact].map(shown).join('  ')}${g.fails_four_fifths ? '  (fails the four-fifths rule)' : ''}`);
    }
    lines.push(`  Demographic parity difference ${shown(report.demographic_parity_difference)}, ratio ${shown(report.demographic_parity_ratio)}`);
    lines.push(`  Equalized odds difference ${shown(report.equalized_odds_difference)}, ratio ${shown(report.equalized_odds_ratio)}`);
  }
  for (const warning of report.warnings as string[]) lines.push(`  warning: ${warning}`);
  return lines.join('\n');
}

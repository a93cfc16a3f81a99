// The mapping dialog's first guess: which column is the label and which hold
// scores, from the names people give them (y_true, label, target; prob_*,
// proba_*, p_*, score) and from a sample of values, so that a column of
// predicted labels named like a score is named and set aside.
import type { ColumnMapping } from '../../../shared/evaluation/predictionSets';
import { labelColumnIndex } from '../../../shared/evaluation/labelColumn';
import { canonicalLabel, defaultPositive, scoreValue, sortLabels } from './labels';

/** A score column's name, and the class it names after the prefix (prob_setosa -> setosa). */
const scorePattern = /^(?:y_score|y_prob|y_proba|pred_proba|predict_proba|probability|proba|prob|score|scores|p)(?:[_.:\-\s](.+))?$/i;
const predictedLabelNames = /^(y_pred|pred|prediction|predicted|predicted_label|pred_label)$/i;

export interface MappingGuess {
  guess: ColumnMapping | null;
  rejected: { column: string; reason: string }[];
  labels: string[];
}

/** Why a column's sampled values are not scores, or null when they may be. */
export function notScoresBecause(values: string[]): string | null {
  let numeric = 0;
  let whole = 0;
  let outsideUnit = 0;
  for (const text of values) {
    const value = scoreValue(text);
    if (value === null) return `holds text such as "${text.slice(0, 40)}": labels, not scores`;
    if (Number.isNaN(value)) continue;
    numeric += 1;
    if (Number.isInteger(value)) whole += 1;
    if (value < 0 || value > 1) outsideUnit += 1;
  }
  if (numeric > 0 && whole === numeric && outsideUnit > 0) return 'holds whole numbers outside 0–1: class labels, not scores';
  if (numeric > 1 && whole === numeric) return 'holds only 0 and 1: predicted labels, not scores';
  return null;
}

export function guessMapping(columns: string[], sample: string[][]): MappingGuess {
  const rejected: MappingGuess['rejected'] = [];
  const valuesOf = (index: number) => sample.map((row) => row[index] ?? '');
  const labelIndex = labelColumnIndex(columns);
  const scoreColumns: { name: string; className: string | null }[] = [];
  columns.forEach((name, index) => {
    if (index === labelIndex) return;
    if (predictedLabelNames.test(name.trim())) {
      rejected.push({ column: name, reason: 'is named as predicted labels, not scores' });
      return;
    }
    const match = scorePattern.exec(name.trim());
    if (!match) return;
    const reason = notScoresBecause(valuesOf(index));
    if (reason) rejected.push({ column: name, reason });
    else scoreColumns.push({ name, className: match[1] ?? null });
  });
  const labels = labelIndex >= 0 ? sortLabels(valuesOf(labelIndex).map((label) => label.trim()).filter((label) => label !== '')) : [];
  if (labelIndex < 0 || scoreColumns.length === 0) return { guess: null, rejected, labels };
  const label = columns[labelIndex];
  if (scoreColumns.length === 1) {
    const named = scoreColumns[0].className;
    const matching = named === null ? undefined : labels.find((l) => canonicalLabel(l) === canonicalLabel(named));
    const positive = matching ?? defaultPositive(labels.length > 0 ? labels : ['0', '1']).positive;
    return { guess: { label, scores: [scoreColumns[0].name], scoreClasses: [positive], positive }, rejected, labels };
  }
  // One column per class: the class is the name's suffix, or the labels in order when the names carry none.
  const suffixes = scoreColumns.map((column) => column.className);
  const ordered = sortLabels(labels);
  const scoreClasses = suffixes.every((suffix) => suffix !== null)
    ? (suffixes as string[])
    : scoreColumns.map((_, index) => ordered[index] ?? String(index));
  const positive = scoreClasses.length === 2 ? defaultPositive(scoreClasses).positive : null;
  return { guess: { label, scores: scoreColumns.map((column) => column.name), scoreClasses, positive }, rejected, labels };
}

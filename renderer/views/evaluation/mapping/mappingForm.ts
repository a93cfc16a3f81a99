// The mapping dialog's form: which column is the label, which hold scores and
// for which class, and the positive class — filled from the remembered mapping
// or the backend's guess, checked before it is saved. Pure.
import type { ColumnMapping, PredictionColumns } from '../../../../shared/evaluation/predictionSets';

export interface MappingForm {
  label: string | null;
  scores: string[];
  /** The class each score column holds the probability of. */
  classOf: Record<string, string>;
  /** Binary problems: the class counted as positive. */
  positive: string | null;
}

const SCORE_PREFIX = /^(y_?)?(proba(bility)?|prob|pred(icted)?|score|p)[_\-.:\s]*/i;

/** The class a score column's name suggests: "proba_setosa" -> "setosa"; a bare "score" stays "score". */
export function classFromColumn(column: string): string {
  const rest = column.replace(SCORE_PREFIX, '');
  return rest.length > 0 ? rest : column;
}

function formOf(mapping: ColumnMapping): MappingForm {
  const classOf: Record<string, string> = {};
  mapping.scores.forEach((column, i) => (classOf[column] = mapping.scoreClasses[i] ?? classFromColumn(column)));
  return { label: mapping.label, scores: [...mapping.scores], classOf, positive: mapping.positive };
}

/** The form to start from: the mapping in use when editing one, else the backend's guess, else empty. */
export function initialForm(columns: PredictionColumns, current: ColumnMapping | null): MappingForm {
  const known = new Set(columns.columns);
  const start = current ?? columns.guess;
  if (!start) return { label: null, scores: [], classOf: {}, positive: null };
  const form = formOf(start);
  // A remembered mapping may name columns the file no longer has.
  return {
    ...form,
    label: form.label !== null && known.has(form.label) ? form.label : null,
    scores: form.scores.filter((column) => known.has(column)),
  };
}

/** New score columns get the class their name suggests; removed ones are forgotten. */
export function withScores(form: MappingForm, scores: string[]): MappingForm {
  const classOf: Record<string, string> = {};
  for (const column of scores) classOf[column] = form.classOf[column] ?? classFromColumn(column);
  return { ...form, scores, classOf };
}

export function withClass(form: MappingForm, column: string, value: string): MappingForm {
  return { ...form, classOf: { ...form.classOf, [column]: value } };
}

/** What the positive-class picker offers: the score columns' classes, then labels seen in the sample. */
export function positiveChoices(form: MappingForm, labels: readonly string[]): string[] {
  return [...new Set([...form.scores.map((c) => form.classOf[c]).filter((c) => c && c.length > 0), ...labels])];
}

export type ProblemKind = 'binary' | 'multiclass' | null;

/** One score column or two: binary; more: multiclass. */
export function problemKind(form: MappingForm): ProblemKind {
  if (form.scores.length === 0) return null;
  return form.scores.length <= 2 ? 'binary' : 'multiclass';
}

export type FormCheck = { ok: true; mapping: ColumnMapping } | { ok: false; problems: string[] };

/** The mapping to save, or what keeps it from being one. */
export function checkForm(form: MappingForm): FormCheck {
  const problems: string[] = [];
  if (form.label === null) problems.push('Pick the column that holds the true label.');
  if (form.scores.length === 0) problems.push('Pick at least one score column.');
  if (form.label !== null && form.scores.includes(form.label)) problems.push(`“${form.label}” cannot be both the label and a score.`);
  const classes = form.scores.map((column) => (form.classOf[column] ?? '').trim());
  if (classes.some((c) => c.length === 0)) problems.push('Name the class of every score column.');
  const repeated = classes.filter((c, i) => c.length > 0 && classes.indexOf(c) !== i);
  if (repeated.length) problems.push(`Two score columns hold the class “${repeated[0]}”.`);
  const kind = problemKind(form);
  // One column holds the positive class's score: that class is the positive one.
  const positive = form.scores.length === 1 ? classes[0] : kind === 'binary' ? form.positive : null;
  if (form.scores.length === 2 && (positive === null || !classes.includes(positive))) problems.push('Pick which of the two classes is the positive one.');
  if (problems.length > 0 || form.label === null) return { ok: false, problems };
  return { ok: true, mapping: { label: form.label, scores: form.scores, scoreClasses: classes, positive: positive || null } };
}

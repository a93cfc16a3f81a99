// A predictions table read into typed arrays under a column mapping: the true
// class of each row, its scores, its line in the file, and the columns with
// few enough values to group by. What is wrong with the input is said once,
// as notices naming the file's columns, lines and labels; a row that cannot
// be used is left out and counted, never fatal, never a silent zero.
import type { EvaluationNotice } from '../../../shared/evaluation/types';
import type { ColumnMapping } from '../../../shared/evaluation/predictionSets';
import { RequestFailed } from '../handlerTypes';
import { canonicalLabel, classLookup, scoreValue, sortLabels } from './labels';
import { notScoresBecause } from './mappingGuess';
import { readPredictionTable, type TableFormat, type TableReadOptions } from './predictionTable';

/** A column with more distinct values than this is not offered for grouping. */
export const maxGroupValues = 200;
/** Past this many rows the rest of the file is left out, and a notice says so. */
export const maxPredictionRows = 20_000_000;

export interface GroupColumn {
  name: string;
  /** Index into `values` per used row. */
  codes: Int32Array;
  values: string[];
}

export interface LoadedPredictions {
  kind: 'binary' | 'multiclass';
  /** Binary: [negative, positive]; multiclass: the score columns' classes. */
  classes: string[];
  positiveClass: string | null;
  /** Class index per used row. */
  yTrue: Int32Array;
  /** One column per class, in `classes` order; binary with a single score column: [1 - p, p]. */
  scores: Float64Array[];
  /** Binary: the positive class's score per row. */
  positiveScore: Float64Array | null;
  /** Whether the file had one column per class (so log loss sees the file's own rows). */
  scoreColumnPerClass: boolean;
  /** The file line of each used row. */
  lines: Int32Array;
  groupColumns: GroupColumn[];
  columns: string[];
  rows: number;
  nanScoreRows: number;
  skippedLines: number;
  notices: EvaluationNotice[];
}

class Growable<T extends Float64Array | Int32Array> {
  length = 0;
  constructor(private data: T, private readonly make: (size: number) => T) {}
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = this.make(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
  done(): T {
    return this.data.slice(0, this.length) as T;
  }
}
const floats = () => new Growable(new Float64Array(1024), (n) => new Float64Array(n));
const ints = () => new Growable(new Int32Array(1024), (n) => new Int32Array(n));

interface Unknown {
  count: number;
  firstLine: number;
  code: number;
}

/** The classes the mapping implies, and whether the problem is binary. */
function problemOf(mapping: ColumnMapping): { kind: 'binary' | 'multiclass'; singleColumn: boolean } {
  if (mapping.scores.length === 0) throw new RequestFailed('bad-request', 'The mapping names no score column');
  if (mapping.scores.length !== mapping.scoreClasses.length) throw new RequestFailed('bad-request', 'The mapping must name one class per score column');
  if (new Set(mapping.scoreClasses).size !== mapping.scoreClasses.length) throw new RequestFailed('bad-request', 'Two score columns name the same class');
  if (mapping.scores.length === 1 && mapping.positive !== null && mapping.positive !== mapping.scoreClasses[0]) {
    throw new RequestFailed('bad-request', `A single score column holds the positive class's score: its class ("${mapping.scoreClasses[0]}") must be the positive class ("${mapping.positive}")`);
  }
  if (mapping.scores.length === 2 && mapping.positive !== null && !mapping.scoreClasses.includes(mapping.positive)) {
    throw new RequestFailed('bad-request', `The positive class "${mapping.positive}" is not one of the score columns' classes (${mapping.scoreClasses.join(', ')})`);
  }
  if (mapping.scores.length === 1) return { kind: 'binary', singleColumn: true };
  return { kind: mapping.scores.length === 2 ? 'binary' : 'multiclass', singleColumn: false };
}

export async function loadPredictions(file: string, format: TableFormat, mapping: ColumnMapping, options: TableReadOptions = {}): Promise<LoadedPredictions> {
  const problem = problemOf(mapping);
  let columns: string[] = [];
  let labelIndex = -1;
  let scoreIndexes: number[] = [];
  let extraIndexes: number[] = [];
  const rawLabels = new Map<string, Unknown>();
  /** Per kept row, the index of its label text in rawLabels (in order of first sight). */
  const labelCodes = ints();
  const rowScores = new Float64Array(mapping.scores.length);
  const scoreColumns = mapping.scores.map(() => floats());
  const lines = ints();
  const extras: { dictionary: Map<string, number>; codes: Growable<Int32Array>; tooMany: boolean }[] = [];
  const nonNumeric = new Map<number, { text: string; line: number }>();
  let nanScoreRows = 0;
  let emptyLabelRows = 0;
  let truncated = false;
  let rowsKept = 0;

  const summary = await readPredictionTable(
    file,
    format,
    {
      header(names) {
        columns = names;
        const missing = [mapping.label, ...mapping.scores].filter((name) => !names.includes(name));
        if (missing.length) throw new RequestFailed('bad-request', `The file has no column ${missing.map((m) => `"${m}"`).join(', ')} (its columns: ${names.join(', ')})`);
        labelIndex = names.indexOf(mapping.label);
        scoreIndexes = mapping.scores.map((name) => names.indexOf(name));
        extraIndexes = names.map((_, index) => index).filter((index) => index !== labelIndex && !scoreIndexes.includes(index));
        extraIndexes.forEach(() => extras.push({ dictionary: new Map(), codes: ints(), tooMany: false }));
      },
      row(values, line) {
        if (rowsKept >= maxPredictionRows) {
          truncated = true;
          return 'stop';
        }
        const label = values[labelIndex].trim();
        if (label === '') {
          emptyLabelRows += 1;
          return;
        }
        // Plain loops, no per-row arrays: this runs ten million times on a large file.
        let nan = false;
        for (let column = 0; column < scoreIndexes.length; column++) {
          const score = scoreValue(values[scoreIndexes[column]]);
          if (score === null) {
            if (!nonNumeric.has(column)) nonNumeric.set(column, { text: values[scoreIndexes[column]], line });
            return;
          }
          if (Number.isNaN(score)) nan = true;
          rowScores[column] = score;
        }
        if (nan) {
          nanScoreRows += 1;
          return;
        }
        rowsKept += 1;
        let seen = rawLabels.get(label);
        if (!seen) {
          seen = { count: 0, firstLine: line, code: rawLabels.size };
          rawLabels.set(label, seen);
        }
        seen.count += 1;
        labelCodes.push(seen.code);
        for (let column = 0; column < scoreIndexes.length; column++) scoreColumns[column].push(rowScores[column]);
        lines.push(line);
        for (let column = 0; column < extraIndexes.length; column++) {
          const extra = extras[column];
          if (extra.tooMany) continue;
          const value = values[extraIndexes[column]];
          let code = extra.dictionary.get(value);
          if (code === undefined) {
            if (extra.dictionary.size >= maxGroupValues) {
              extra.tooMany = true;
              continue;
            }
            code = extra.dictionary.size;
            extra.dictionary.set(value, code);
          }
          extra.codes.push(code);
        }
      },
    },
    options,
  );
  if (!summary.hadHeader) throw new RequestFailed('bad-request', 'The file is empty: it has no header line');
  for (const [column, { text, line }] of nonNumeric) {
    throw new RequestFailed('bad-request', `Column "${mapping.scores[column]}" holds text ("${text.slice(0, 40)}", line ${line}): it holds labels, not scores. Pick the probability columns instead.`);
  }
  return assemble({ mapping, problem, columns, labelCodes: labelCodes.done(), rawLabels, scoreColumns, lines, extras, extraIndexes, nanScoreRows, emptyLabelRows, truncated, malformed: summary.malformed });
}

interface Parts {
  mapping: ColumnMapping;
  problem: ReturnType<typeof problemOf>;
  columns: string[];
  labelCodes: Int32Array;
  rawLabels: Map<string, Unknown>;
  scoreColumns: Growable<Float64Array>[];
  lines: Growable<Int32Array>;
  extras: { dictionary: Map<string, number>; codes: Growable<Int32Array>; tooMany: boolean }[];
  extraIndexes: number[];
  nanScoreRows: number;
  emptyLabelRows: number;
  truncated: boolean;
  malformed: { count: number; firstLines: number[] };
}

/** The binary classes of a single score column: the positive class and the other label. */
function singleColumnClasses(mapping: ColumnMapping, labels: string[]): string[] {
  const positive = mapping.positive ?? mapping.scoreClasses[0];
  const lookup = classLookup([positive]);
  const others = [...new Map(labels.filter((label) => lookup(label) < 0).map((label) => [canonicalLabel(label), label])).values()];
  if (others.length > 1) {
    throw new RequestFailed('bad-request', `One score column makes a binary problem, but "${mapping.label}" holds ${labels.length} labels (${labels.slice(0, 8).join(', ')}): map one score column per class`);
  }
  return [others[0] ?? `not ${positive}`, positive];
}

function assemble(parts: Parts): LoadedPredictions {
  const { mapping, problem, labelCodes, rawLabels } = parts;
  const notices: EvaluationNotice[] = [];
  const labels = sortLabels(rawLabels.keys());
  // A copy: the binary case may reorder it, and the mapping is the caller's.
  const classes = problem.singleColumn ? singleColumnClasses(mapping, labels) : [...mapping.scoreClasses];
  const lookup = classLookup(classes);
  const unknown = labels.filter((label) => lookup(label) < 0);
  if (unknown.length) {
    const first = rawLabels.get(unknown[0])!;
    throw new RequestFailed(
      'bad-request',
      `Label "${unknown[0]}" (${first.count} rows, first on line ${first.firstLine}) has no score column: the score columns are for ${classes.map((c) => `"${c}"`).join(', ')}` +
        (unknown.length > 1 ? `, and ${unknown.length - 1} more labels have none either` : '') + '. Map the columns to the classes in the labels.',
    );
  }
  const rows = labelCodes.length;
  if (rows === 0) throw new RequestFailed('bad-request', 'No row has both a label and numeric scores');
  const classOfCode = new Int32Array(rawLabels.size);
  for (const [label, seen] of rawLabels) classOfCode[seen.code] = lookup(label);
  const yTrue = new Int32Array(rows);
  for (let i = 0; i < rows; i++) yTrue[i] = classOfCode[labelCodes[i]];
  let scores = parts.scoreColumns.map((column) => column.done());
  // Before any reordering, so each notice names its own column.
  noticeScores(notices, parts, scores);
  let positiveScore: Float64Array | null = null;
  if (problem.kind === 'binary') {
    if (problem.singleColumn) {
      positiveScore = scores[0];
      scores = [positiveScore.map((p) => 1 - p), positiveScore];
    } else {
      const positive = mapping.positive ?? classes[1];
      const positiveIndex = Math.max(0, classes.indexOf(positive));
      // Put the positive class second, so classes are [negative, positive] everywhere.
      if (positiveIndex === 0) {
        scores = [scores[1], scores[0]];
        classes.reverse();
        for (let i = 0; i < rows; i++) yTrue[i] = 1 - yTrue[i];
      }
      positiveScore = scores[1];
    }
  }
  if (parts.emptyLabelRows) notices.push({ level: 'warning', message: `${parts.emptyLabelRows.toLocaleString('en-US')} rows have no label in "${mapping.label}" and were left out.` });
  if (parts.nanScoreRows) notices.push({ level: 'warning', message: `${parts.nanScoreRows.toLocaleString('en-US')} rows have a NaN score and were left out.` });
  if (parts.malformed.count) notices.push({ level: 'warning', message: `${parts.malformed.count.toLocaleString('en-US')} lines could not be read and were skipped (first: line ${parts.malformed.firstLines.join(', ')}).` });
  if (parts.truncated) notices.push({ level: 'warning', message: `Only the first ${maxPredictionRows.toLocaleString('en-US')} rows were read; the rest of the file was left out.` });
  const groupColumns: GroupColumn[] = [];
  parts.extras.forEach((extra, column) => {
    if (extra.tooMany || extra.dictionary.size < 2) return;
    groupColumns.push({ name: parts.columns[parts.extraIndexes[column]], codes: extra.codes.done(), values: [...extra.dictionary.keys()] });
  });
  return {
    kind: problem.kind,
    classes: [...classes],
    positiveClass: problem.kind === 'binary' ? classes[1] : null,
    yTrue,
    scores,
    positiveScore,
    scoreColumnPerClass: !problem.singleColumn,
    lines: parts.lines.done(),
    groupColumns,
    columns: parts.columns,
    rows,
    nanScoreRows: parts.nanScoreRows,
    skippedLines: parts.malformed.count,
    notices,
  };
}

/**
 * Warnings about the scores themselves (predicted labels where scores belong,
 * rows not summing to 1), from the score columns as the file has them.
 */
function noticeScores(notices: EvaluationNotice[], parts: Parts, fileColumns: Float64Array[]): void {
  fileColumns.forEach((column, index) => {
    const sample: string[] = [];
    for (let i = 0; i < Math.min(column.length, 5000); i++) sample.push(String(column[i]));
    const reason = notScoresBecause(sample);
    if (reason) notices.push({ level: 'warning', message: `Column "${parts.mapping.scores[index]}" ${reason}; the curves have few thresholds.` });
  });
  if (fileColumns.length > 1) {
    let off = 0;
    for (let row = 0; row < fileColumns[0].length; row++) {
      let sum = 0;
      for (const column of fileColumns) sum += column[row];
      if (Math.abs(sum - 1) > 1e-6) off += 1;
    }
    if (off) notices.push({ level: 'warning', message: `${off.toLocaleString('en-US')} rows' scores do not sum to 1; log loss normalises each row, as scikit-learn does.` });
  }
  let outside = 0;
  for (const column of fileColumns) for (const score of column) if (!(score >= 0 && score <= 1)) outside += 1;
  if (outside) notices.push({ level: 'warning', message: `${outside.toLocaleString('en-US')} scores lie outside [0, 1]: they are not probabilities, so log loss, the Brier score and calibration are undefined.` });
}

/** Whether every score is a probability (log loss, Brier and calibration need them). */
export function scoresAreProbabilities(loaded: Pick<LoadedPredictions, 'scores'>): boolean {
  for (const column of loaded.scores) for (const score of column) if (!(score >= 0 && score <= 1)) return false;
  return true;
}

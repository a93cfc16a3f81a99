// The whole drift comparison of two column-oriented datasets (a reference and a
// batch): each column's type, Evidently's default test or the user's, the
// dataset verdict, and optionally both sides' distributions. Same results as
// `inferColumnTypes` + `columnDrift` + `datasetDrift`, but on typed arrays: a
// numerical column is copied and sorted once per side and every test, quantile
// and histogram reads the sorted copy, which is dropped before the next column.
import { MAX_NUMERICAL_AS_CATEGORICAL, TEXT_MIN_DISTINCT, TEXT_MIN_DISTINCT_SHARE } from './columnTypes';
import type { CategoryCounts } from './counts';
import { countedTest, sortedTest } from './countedDrift';
import { DEFAULT_DRIFT_SHARE, datasetDrift, defaultTest } from './defaultTest';
import { categoricalDistribution, numericDistribution } from './distributions';
import {
  countSides,
  distinctNumbersUpTo,
  distinctSortedUpTo,
  finiteStd,
  prepareSide,
  presentCells,
  sortedFinite,
  type FrameColumn,
  type PreparedSide,
} from './frameColumn';
import type { ColumnDistribution, ColumnDriftRecord, ColumnSetting, CompareSettings, DriftColumnType, DriftReport, NotCompared } from './monitor';
import { DEFAULT_THRESHOLDS, P_VALUE_METHODS, runDriftTest, type DriftMethod, type DriftResult } from './stattests';

export type { FrameColumn } from './frameColumn';

/** A dataset by column; the Map keeps the file's column order. */
export interface DriftFrame {
  rows: number;
  columns: Map<string, FrameColumn>;
}

export interface CompareOptions {
  /** Columns left out of drift by the caller (the label, the time column). */
  exclude?: readonly string[];
  /** Fill `distributions` (empty otherwise). */
  distributions?: boolean;
}

/**
 * A text column whose present cells are at least this share numbers is numerical
 * ("12.5", "n/a", "13.1", …): its other cells count as missing. Below it, the text
 * rules of `inferColumnTypes` apply (categorical or text). A Runlens rule.
 */
export const MOSTLY_NUMERIC_SHARE = 0.9;

/** A compared column's record, with a note when its type was decided by the mixed-cells rule. */
export type FrameDriftRecord = ColumnDriftRecord;

type ColumnOutcome = { record: FrameDriftRecord; distribution: ColumnDistribution | null } | { reason: string };

/**
 * Compares every reference column with the current one of the same name. Left out,
 * with a reason in `notCompared`: excluded or ignored columns, columns on one side
 * only, columns with no value on a side, text columns. Columns are sorted by
 * `compareDriftRecords`. O(total cells + Σ n log n per numerical column); peak extra
 * memory about two sorted copies of one column.
 * Example: compareFrames(train, week6, { driftShare: 0.5 }, { exclude: ['target'] }).dataset.drift -> true
 */
export function compareFrames(reference: DriftFrame, current: DriftFrame, settings: CompareSettings = {}, options: CompareOptions = {}): DriftReport {
  const exclude = new Set(options.exclude ?? []);
  const columnSettings = settings.columns ?? {};
  const records: FrameDriftRecord[] = [];
  const notCompared: NotCompared[] = [];
  const distributions = new Map<string, ColumnDistribution>();
  const leftOut = (name: string): string | null =>
    exclude.has(name) ? 'excluded (label or time column)' : columnSettings[name]?.ignore ? 'ignored in the settings' : null;
  for (const [name, referenceColumn] of reference.columns) {
    const currentColumn = current.columns.get(name);
    const reason = leftOut(name) ?? (currentColumn === undefined ? 'missing in current' : null);
    if (reason !== null || currentColumn === undefined) {
      notCompared.push({ column: name, reason: reason ?? 'missing in current' });
      continue;
    }
    const outcome = compareColumn(
      name,
      prepareSide(referenceColumn, reference.rows),
      prepareSide(currentColumn, current.rows),
      columnSettings[name] ?? {},
      options.distributions ?? false,
    );
    if ('reason' in outcome) notCompared.push({ column: name, reason: outcome.reason });
    else {
      records.push(outcome.record);
      if (outcome.distribution) distributions.set(name, outcome.distribution);
    }
  }
  for (const name of current.columns.keys()) {
    if (!reference.columns.has(name)) notCompared.push({ column: name, reason: leftOut(name) ?? 'missing in reference' });
  }
  records.sort(compareDriftRecords);
  return {
    dataset: datasetDrift(records, settings.driftShare ?? DEFAULT_DRIFT_SHARE),
    columns: records,
    notCompared,
    distributions: records.flatMap((record) => distributions.get(record.column) ?? []),
  };
}

/**
 * How far a result is past its threshold, in decades: log10(threshold / p) for p-value
 * tests, log10(distance / threshold) for distances. Positive = past the threshold, so
 * p-value and distance results sort together. NaN for an incomputable statistic.
 */
export function driftScore(result: Pick<DriftResult, 'method' | 'statistic' | 'threshold'>): number {
  const { statistic, threshold } = result;
  const ratio = P_VALUE_METHODS.has(result.method) ? threshold / statistic : statistic / threshold;
  return Number.isNaN(ratio) ? NaN : Math.log10(ratio);
}

/** Drifted first, then by `driftScore` descending (the most drifted first), NaN statistics last; ties keep file order. */
export function compareDriftRecords(a: DriftResult, b: DriftResult): number {
  if (a.drift !== b.drift) return a.drift ? -1 : 1;
  const sa = driftScore(a);
  const sb = driftScore(b);
  if (Number.isNaN(sa) || Number.isNaN(sb)) return Number.isNaN(sa) ? (Number.isNaN(sb) ? 0 : 1) : -1;
  return sa === sb ? 0 : sb > sa ? 1 : -1;
}

interface ColumnKind {
  type: DriftColumnType | 'text';
  reason: string;
  /** The counts over both sides when the type decision needed them (text sides). */
  counts: CategoryCounts | null;
  note?: string;
}

function emptyReason(reference: PreparedSide, current: PreparedSide): string | null {
  const noReference = presentCells(reference) === 0;
  const noCurrent = presentCells(current) === 0;
  if (noReference && noCurrent) return 'no values in reference or current';
  if (noReference) return 'no values in reference';
  return noCurrent ? 'no values in current' : null;
}

/** `inferColumnTypes`'s rule for one column, plus the mostly-numeric rule for mixed text. */
function columnKind(reference: PreparedSide, current: PreparedSide, override: DriftColumnType | undefined): ColumnKind {
  if (reference.texts === null && current.texts === null) {
    const distinct = distinctNumbersUpTo(reference.numbers, current.numbers);
    if (override) return { type: override, reason: 'set by the user', counts: null };
    return distinct <= MAX_NUMERICAL_AS_CATEGORICAL
      ? { type: 'cat', reason: `numbers with ${distinct} distinct values`, counts: null }
      : { type: 'num', reason: 'numbers', counts: null };
  }
  const counts = countSides(reference, current, false);
  if (override) return { type: override, reason: 'set by the user', counts };
  const nonNumeric = reference.nonNumeric + current.nonNumeric;
  const present = counts.referenceSize + counts.currentSize;
  const size = counts.keys.length;
  if (nonNumeric === 0) {
    return size <= MAX_NUMERICAL_AS_CATEGORICAL ? { type: 'cat', reason: `numbers with ${size} distinct values`, counts } : { type: 'num', reason: 'numbers', counts };
  }
  const example = reference.nonNumericExample ?? current.nonNumericExample;
  const numericDistinct = counts.keys.reduce<number>((sum, key) => sum + (typeof key === 'number' ? 1 : 0), 0);
  if (present - nonNumeric >= MOSTLY_NUMERIC_SHARE * present && numericDistinct > MAX_NUMERICAL_AS_CATEGORICAL) {
    const note = `mostly numbers: ${nonNumeric} non-numeric cells (e.g. ${JSON.stringify(example)}) counted as missing`;
    return { type: 'num', reason: note, counts: null, note };
  }
  const mixed = present > nonNumeric ? `numbers and text mixed (${nonNumeric} of ${present} cells are text, e.g. ${JSON.stringify(example)})` : null;
  if (size > TEXT_MIN_DISTINCT && size > TEXT_MIN_DISTINCT_SHARE * present) {
    const reason = mixed ? `${mixed}, ${size} distinct values: left out as text` : `text column: ${size} distinct strings in ${present} cells`;
    return { type: 'text', reason, counts };
  }
  const note = mixed ? `${mixed}: categorical` : undefined;
  return { type: 'cat', reason: note ?? `${size} distinct values`, counts, note };
}

function compareColumn(name: string, reference: PreparedSide, current: PreparedSide, setting: ColumnSetting, withDistribution: boolean): ColumnOutcome {
  const empty = emptyReason(reference, current);
  if (empty) return { reason: empty };
  const kind = columnKind(reference, current, setting.type);
  if (kind.type === 'text') return { reason: kind.reason };
  const outcome: Compared =
    kind.type === 'num' ? numericColumn(name, reference, current, setting, withDistribution) : categoricalColumn(name, reference, current, setting, kind.counts, withDistribution);
  if (kind.note) outcome.record.note = outcome.record.note ? `${kind.note}; ${outcome.record.note}` : kind.note;
  return outcome;
}

/** The method and threshold as `columnDrift` picks them. */
function chooseTest(setting: ColumnSetting, chosen: { method: DriftMethod; threshold: number }): { method: DriftMethod; threshold: number } {
  const method = setting.method ?? chosen.method;
  return { method, threshold: setting.threshold ?? (setting.method ? DEFAULT_THRESHOLDS[method] : chosen.threshold) };
}

type Compared = { record: FrameDriftRecord; distribution: ColumnDistribution | null };

function numericColumn(name: string, reference: PreparedSide, current: PreparedSide, setting: ColumnSetting, withDistribution: boolean): Compared {
  const a = sortedFinite(reference);
  const b = sortedFinite(current);
  const { method, threshold } = chooseTest(setting, defaultTest('num', a.length, 0));
  const result =
    sortedTest(method, { sorted: a, std: method === 'wasserstein' ? finiteStd(reference.numbers) : NaN }, { sorted: b, std: NaN }, threshold, distinctSortedUpTo(a, 21)) ??
    countedTest(method, countSides(reference, current, true), threshold) ??
    runDriftTest(method, a, b, { threshold, numerical: true });
  return {
    record: { ...result, column: name, type: 'num' as const },
    distribution: withDistribution ? numericDistribution(name, { rows: reference.rows, sorted: a }, { rows: current.rows, sorted: b }) : null,
  };
}

function categoricalColumn(
  name: string,
  reference: PreparedSide,
  current: PreparedSide,
  setting: ColumnSetting,
  known: CategoryCounts | null,
  withDistribution: boolean,
): Compared {
  const counts = known ?? countSides(reference, current, false);
  const { method, threshold } = chooseTest(setting, defaultTest('cat', counts.referenceSize, counts.keys.length));
  let result = countedTest(method, counts, threshold);
  let note: string | undefined;
  if (!result) {
    // ks and wasserstein on categories (the user's choice) need numbers: on text they would compare NaN.
    if (counts.keys.every((key) => typeof key === 'number')) {
      const std = method === 'wasserstein' ? finiteStd(reference.numbers) : NaN;
      result = sortedTest(method, { sorted: sortedFinite(reference), std }, { sorted: sortedFinite(current), std: NaN }, threshold, 0);
    } else note = `${method} needs numbers; this column holds text`;
    result ??= { ...runDriftTest(method, [], [], { threshold }), referenceSize: counts.referenceSize, currentSize: counts.currentSize, tooSmall: null };
  }
  return {
    record: { ...result, column: name, type: 'cat' as const, ...(note ? { note } : {}) },
    distribution: withDistribution ? categoricalDistribution(name, counts, { reference: reference.rows, current: current.rows }) : null,
  };
}

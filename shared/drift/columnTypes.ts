/** One cell as a reader delivers it: a number, a string, or missing (null / undefined / NaN / ''). */
export type Cell = number | string | boolean | null | undefined;

export type ColumnType = 'num' | 'cat' | 'text';

export interface ColumnTypeInfo {
  name: string;
  type: ColumnType;
  /** Distinct non-missing values over reference and current together. */
  distinct: number;
  /** Why the type was chosen, for the UI and the CLI. */
  reason: string;
}

export interface ColumnTypeReport {
  /** Columns present on both sides with at least one value, in reference order. */
  columns: ColumnTypeInfo[];
  /** Text columns, left out of drift (named so the user sees them). */
  text: string[];
  /** Columns present on one side only. */
  missing: { name: string; side: 'reference' | 'current' }[];
  /** Columns with no non-missing value on one side or both. */
  empty: string[];
}

/** A numerical column with at most this many distinct values (both sides) is categorical (Evidently 0.7.x). */
export const MAX_NUMERICAL_AS_CATEGORICAL = 5;
/** A non-numeric column is text when it has more distinct values than this ... */
export const TEXT_MIN_DISTINCT = 50;
/** ... and they are more than this share of its non-missing cells. */
export const TEXT_MIN_DISTINCT_SHARE = 0.5;

export function isMissing(cell: Cell): boolean {
  return cell === null || cell === undefined || cell === '' || (typeof cell === 'number' && Number.isNaN(cell));
}

/** A cell as a finite number, or undefined: numbers as they are, numeric strings parsed ('1e3', ' 2 '). */
export function asNumber(cell: Cell): number | undefined {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : undefined;
  if (typeof cell === 'string' && cell.trim() !== '') {
    const value = Number(cell);
    return Number.isFinite(value) ? value : undefined;
  }
  return undefined;
}

/**
 * Infers each column's drift type from both sides. Numerical when every non-missing cell
 * on both sides is a finite number (or a numeric string), but categorical when the two
 * sides together hold at most 5 distinct values (Evidently 0.7.x's rule in its default
 * test choice). A non-numeric column is text when it has more than 50 distinct values
 * and they exceed half its non-missing cells (a Runlens rule: Evidently needs text
 * columns named by the user); otherwise categorical. ±Infinity counts as missing, as
 * Evidently replaces it with NaN. Overrides win over inference. O(total cells).
 * Example: inferColumnTypes({x: [1,2]}, {x: [2,3]}).columns[0].type -> 'cat'
 */
export function inferColumnTypes(
  reference: Readonly<Record<string, readonly Cell[]>>,
  current: Readonly<Record<string, readonly Cell[]>>,
  overrides: Readonly<Record<string, ColumnType>> = {},
): ColumnTypeReport {
  const report: ColumnTypeReport = { columns: [], text: [], missing: [], empty: [] };
  for (const name of Object.keys(current)) {
    if (!(name in reference)) report.missing.push({ name, side: 'reference' });
  }
  for (const name of Object.keys(reference)) {
    if (!(name in current)) {
      report.missing.push({ name, side: 'current' });
      continue;
    }
    const cells = [...reference[name], ...current[name]];
    const present = (values: readonly Cell[]) => values.some((cell) => !isMissing(cell) && cell !== Infinity && cell !== -Infinity);
    if (!present(reference[name]) || !present(current[name])) {
      report.empty.push(name);
      continue;
    }
    const info = inferOne(name, cells, overrides[name]);
    if (info.type === 'text') report.text.push(name);
    else report.columns.push(info);
  }
  return report;
}

function inferOne(name: string, cells: readonly Cell[], override: ColumnType | undefined): ColumnTypeInfo {
  let numeric = true;
  let count = 0;
  const distinct = new Set<string | number>();
  for (const cell of cells) {
    if (isMissing(cell) || cell === Infinity || cell === -Infinity) continue;
    count++;
    const value = asNumber(cell);
    if (value === undefined) numeric = false;
    distinct.add(value ?? String(cell));
  }
  const size = distinct.size;
  if (override) return { name, type: override, distinct: size, reason: 'set by the user' };
  if (numeric) {
    return size <= MAX_NUMERICAL_AS_CATEGORICAL
      ? { name, type: 'cat', distinct: size, reason: `numbers with ${size} distinct values (<= ${MAX_NUMERICAL_AS_CATEGORICAL})` }
      : { name, type: 'num', distinct: size, reason: 'numbers' };
  }
  if (size > TEXT_MIN_DISTINCT && size > TEXT_MIN_DISTINCT_SHARE * count) {
    return { name, type: 'text', distinct: size, reason: `${size} distinct strings in ${count} cells` };
  }
  return { name, type: 'cat', distinct: size, reason: `${size} distinct non-numeric values` };
}

// One column of one side of a drift comparison, prepared once: its cells as
// numbers, what is missing, and (lazily by the caller) its sorted values or its
// category counts. Typed arrays throughout so a 1M-row column costs one copy.
import { asNumber, MAX_NUMERICAL_AS_CATEGORICAL } from './columnTypes';
import type { Category, CategoryCounts } from './counts';

/** Numbers with NaN for missing, or text cells with null for missing. */
export type FrameColumn = Float64Array | (string | null)[];

export interface PreparedSide {
  rows: number;
  /** The cells as numbers: NaN (or ±Infinity, also missing) where there is no finite number. */
  numbers: Float64Array;
  /** The cells as text when the column came as text, else null. */
  texts: readonly (string | null)[] | null;
  /** Cells with no value: null, '', NaN, ±Infinity (also as text: 'Infinity'). */
  missing: number;
  /** Text cells that are present but not numbers. */
  nonNumeric: number;
  /** The first such cell, for the note. */
  nonNumericExample: string | null;
}

/** A column of a side as numbers and counts; `rows` caps a column longer than its frame. */
export function prepareSide(column: FrameColumn, rows: number): PreparedSide {
  const length = Math.min(rows, column.length);
  if (column instanceof Float64Array) {
    const numbers = column.length === length ? column : column.subarray(0, length);
    let missing = 0;
    for (let i = 0; i < length; i++) if (!Number.isFinite(numbers[i])) missing++;
    return { rows: length, numbers, texts: null, missing, nonNumeric: 0, nonNumericExample: null };
  }
  const numbers = new Float64Array(length);
  let missing = 0;
  let nonNumeric = 0;
  let nonNumericExample: string | null = null;
  for (let i = 0; i < length; i++) {
    const cell = column[i];
    if (cell === null || cell === undefined || cell === '') {
      numbers[i] = NaN;
      missing++;
      continue;
    }
    const value = asNumber(cell);
    if (value !== undefined) {
      numbers[i] = value;
      continue;
    }
    numbers[i] = NaN;
    // 'Infinity' / '-inf'-like text that Number() reads as infinite is missing, as ±Infinity is.
    if (Math.abs(Number(cell)) === Infinity) missing++;
    else {
      nonNumeric++;
      nonNumericExample ??= cell;
    }
  }
  return { rows: length, numbers, texts: column.length === length ? column : column.slice(0, length), missing, nonNumeric, nonNumericExample };
}

/** Cells with a value (numbers or text). */
export function presentCells(side: PreparedSide): number {
  return side.rows - side.missing;
}

/** Distinct finite numbers over both sides, counting stops past `MAX_NUMERICAL_AS_CATEGORICAL`. O(n). */
export function distinctNumbersUpTo(reference: Float64Array, current: Float64Array, limit = MAX_NUMERICAL_AS_CATEGORICAL + 1): number {
  const seen: number[] = [];
  for (const values of [reference, current]) {
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (!Number.isFinite(value) || seen.includes(value)) continue;
      seen.push(value);
      if (seen.length >= limit) return seen.length;
    }
  }
  return seen.length;
}

/** The finite numbers of a side, sorted ascending, in a new Float64Array. */
export function sortedFinite(side: PreparedSide): Float64Array {
  const { numbers } = side;
  let count = 0;
  for (let i = 0; i < numbers.length; i++) if (Number.isFinite(numbers[i])) count++;
  const out = new Float64Array(count);
  let at = 0;
  for (let i = 0; i < numbers.length; i++) {
    const value = numbers[i];
    if (Number.isFinite(value)) out[at++] = value;
  }
  return out.sort();
}

/** Distinct values of a sorted array, counting stops at `limit`. */
export function distinctSortedUpTo(sorted: Float64Array, limit: number): number {
  if (sorted.length === 0) return 0;
  let distinct = 1;
  for (let i = 1; i < sorted.length && distinct < limit; i++) if (sorted[i] !== sorted[i - 1]) distinct++;
  return distinct;
}

/**
 * Counts per category over both sides in first-seen order (reference first), as
 * `countCategories(columnValues(...))` would give. `numbersOnly` counts the finite
 * numbers alone (a numerical column tested per value); otherwise a text side also
 * counts its non-numeric cells as categories, numeric text as numbers.
 */
export function countSides(reference: PreparedSide, current: PreparedSide, numbersOnly: boolean): CategoryCounts {
  const index = new Map<Category, number>();
  const keys: Category[] = [];
  const counts: [number[], number[]] = [[], []];
  const sizes = [0, 0];
  const add = (value: Category, side: 0 | 1) => {
    let at = index.get(value);
    if (at === undefined) {
      at = keys.length;
      index.set(value, at);
      keys.push(value);
      counts[0].push(0);
      counts[1].push(0);
    }
    counts[side][at]++;
    sizes[side]++;
  };
  ([reference, current] as const).forEach((side, which) => {
    const s = which as 0 | 1;
    const { numbers, texts } = side;
    for (let i = 0; i < numbers.length; i++) {
      const value = numbers[i];
      if (Number.isFinite(value)) add(value, s);
      else if (!numbersOnly && texts) {
        const cell = texts[i];
        if (cell !== null && cell !== undefined && cell !== '' && Math.abs(Number(cell)) !== Infinity) add(cell, s);
      }
    }
  });
  return { keys, reference: counts[0], current: counts[1], referenceSize: sizes[0], currentSize: sizes[1] };
}

/** Population std (ddof 0) of the finite numbers in their original order, bit for bit `populationStd(columnValues(...))`. */
export function finiteStd(values: Float64Array): number {
  let n = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    if (Number.isFinite(values[i])) {
      sum += values[i];
      n++;
    }
  }
  if (n === 0) return NaN;
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) squares += (values[i] - mean) ** 2;
  return Math.sqrt(squares / n);
}

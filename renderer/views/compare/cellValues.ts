// Reading the values of params and metrics as they come in rows: text, numbers, or nothing.
import type { CellValue } from '../../../shared/runQuery';

/** A plain decimal or exponent number, as a source writes it in text ("0.001", "1e-4", "-3"); not "", "0x1f", " 1". */
const NUMERIC_TEXT = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * The number a value stands for: a number as it is (NaN and ±∞ included),
 * text that spells a plain number ("0.001", "1e-4") as that number, anything
 * else null. Params often arrive as text (MLflow stores them so).
 * Example: "32" → 32, "adam" → null, null → null.
 */
export function numericValue(value: CellValue | undefined): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && NUMERIC_TEXT.test(value)) return Number(value);
  return null;
}

/** Whether a column is numeric: it has a value, and every value present is a number or spells one. */
export function isNumericColumn(values: readonly CellValue[]): boolean {
  const present = values.filter((v) => v !== null);
  return present.length > 0 && present.every((v) => numericValue(v) !== null);
}

/** What a missing value is called in legends and groups. */
export const MISSING_LABEL = '—';

/** Orders the distinct values of a column: numbers (or text spelling one) numerically first, NaN last of them, then text naturally, then the missing value. */
export function compareCellValues(a: CellValue, b: CellValue): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const na = numericValue(a);
  const nb = numericValue(b);
  if (na !== null && nb !== null) {
    if (Number.isNaN(na)) return Number.isNaN(nb) ? 0 : 1;
    if (Number.isNaN(nb)) return -1;
    return na - nb || 0; // || 0: ∞ − ∞
  }
  if (na !== null) return -1;
  if (nb !== null) return 1;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

export function cellLabel(value: CellValue): string {
  return value === null ? MISSING_LABEL : String(value);
}


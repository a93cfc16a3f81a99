// The runs filter and sort languages (MLflow's search syntax): parsed once
// here, in shared/, so the renderer can show an error as the user types and the
// backend compiles only filters that parsed (electron/backend/runs/filterSql.ts).
import type { RunOrder } from '../runQuery';
import { readRunOrder } from './orderParser';
import { FilterParser } from './parser';
import { FilterSyntaxFailure, tokenize } from './tokenizer';
import type { FilterSyntaxError, RunFilter } from './types';

export type { ComparisonOperator, FilterSyntaxError, FilterValue, RunFilter } from './types';
export { comparisonOperators } from './types';
export { numberFromText } from './numberText';

export type FilterParseResult = { ok: true; filter: RunFilter } | { ok: false; error: FilterSyntaxError };
export type OrderParseResult = { ok: true; order: RunOrder[] } | { ok: false; error: FilterSyntaxError };

/** Parses filter text such as `metrics.f1 > 0.9 AND params.optimizer = 'adam'`; empty text is every run. */
export function parseRunFilter(text: string): FilterParseResult {
  try {
    return { ok: true, filter: new FilterParser(tokenize(text)).parse() };
  } catch (failure) {
    if (failure instanceof FilterSyntaxFailure) return { ok: false, error: failure.error };
    throw failure;
  }
}

/** Parses sort text such as `metrics.f1 DESC, params.lr`; empty text is no sort columns. */
export function parseRunOrder(text: string): OrderParseResult {
  try {
    return { ok: true, order: readRunOrder(tokenize(text)) };
  } catch (failure) {
    if (failure instanceof FilterSyntaxFailure) return { ok: false, error: failure.error };
    throw failure;
  }
}

/**
 * One line for the user: the 1-based column the error starts at, and the
 * message, e.g. `col 14: expected a value after '>'`. The text is taken so a
 * later version can quote the characters at fault; the column is all it needs now.
 */
export function describeFilterError(text: string, error: FilterSyntaxError): string {
  const column = Math.min(error.position, text.length) + 1;
  return `col ${column}: ${error.message}`;
}

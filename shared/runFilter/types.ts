// The runs filter as the parser hands it to the backend: MLflow's search
// syntax, checked once here so the SQL compiler only ever sees valid filters.
import type { RunColumn } from '../runQuery';

export const comparisonOperators = ['=', '!=', '<', '<=', '>', '>=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'] as const;
export type ComparisonOperator = (typeof comparisonOperators)[number];

/** What a column is compared with: text, a finite number, or the list after IN / NOT IN. */
export type FilterValue = string | number | (string | number)[];

export type RunFilter =
  /** Empty text: every run. */
  | { kind: 'all' }
  | { kind: 'and' | 'or'; terms: RunFilter[] }
  /** A metric column without a summary means its last value. */
  | { kind: 'comparison'; column: RunColumn; operator: ComparisonOperator; value: FilterValue; position: number }
  /** A bare word or quoted text: part of the run's or its experiment's name, in any case. */
  | { kind: 'nameSearch'; text: string };

/** Where the text stops making sense: a 0-based character offset and how many characters are at fault. */
export interface FilterSyntaxError {
  message: string;
  position: number;
  length: number;
}

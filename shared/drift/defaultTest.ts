import { asNumber, isMissing, type Cell, type ColumnType } from './columnTypes';
import type { Category } from './counts';
import { DEFAULT_THRESHOLDS, runDriftTest, type DriftMethod, type DriftResult } from './stattests';

/** Evidently switches from p-value tests to distances above this many reference rows. */
export const SMALL_REFERENCE_ROWS = 1000;
/** The dataset drifts when at least this share of its columns drift (Evidently's default). */
export const DEFAULT_DRIFT_SHARE = 0.5;

/**
 * Evidently 0.7.x's default test (`_get_default_stattest`): with at most 1,000 reference
 * rows, KS for numerical columns, chi-square for categorical columns with more than 2
 * values and the Z-test for binary ones; above 1,000 rows, the normed Wasserstein
 * distance for numerical and Jensen–Shannon for categorical. `distinct` counts both sides
 * together (numerical columns with <= 5 are already 'cat' from `inferColumnTypes`).
 * Example: defaultTest('cat', 500, 2) -> { method: 'z', threshold: 0.05 }
 */
export function defaultTest(
  type: Exclude<ColumnType, 'text'>,
  referenceRows: number,
  distinct: number,
): { method: DriftMethod; threshold: number } {
  let method: DriftMethod;
  if (referenceRows <= SMALL_REFERENCE_ROWS) method = type === 'num' ? 'ks' : distinct > 2 ? 'chisquare' : 'z';
  else method = type === 'num' ? 'wasserstein' : 'jensenshannon';
  return { method, threshold: DEFAULT_THRESHOLDS[method] };
}

/** Non-missing values of a column: numbers for 'num', categories (numbers kept as numbers) for 'cat'. ±Infinity is missing. */
export function columnValues(cells: readonly Cell[], type: Exclude<ColumnType, 'text'>): number[] | Category[] {
  if (type === 'num') {
    const out: number[] = [];
    for (const cell of cells) {
      const value = asNumber(cell);
      if (value !== undefined) out.push(value);
    }
    return out;
  }
  const out: Category[] = [];
  for (const cell of cells) {
    if (isMissing(cell) || cell === Infinity || cell === -Infinity) continue;
    out.push(asNumber(cell) ?? (cell as Category));
  }
  return out;
}

export interface ColumnDriftOptions {
  method?: DriftMethod;
  threshold?: number;
}

/**
 * Drift of one column with Evidently's default test unless a method is given. Missing
 * values are dropped first. The default is chosen on the reference's non-missing rows.
 */
export function columnDrift(
  type: Exclude<ColumnType, 'text'>,
  referenceCells: readonly Cell[],
  currentCells: readonly Cell[],
  options: ColumnDriftOptions = {},
): DriftResult {
  const reference = columnValues(referenceCells, type);
  const current = columnValues(currentCells, type);
  const distinct = new Set<Category>([...reference, ...current]).size;
  const chosen = defaultTest(type, reference.length, distinct);
  const method = options.method ?? chosen.method;
  const threshold = options.threshold ?? (options.method ? DEFAULT_THRESHOLDS[method] : chosen.threshold);
  return runDriftTest(method, reference, current, { threshold, numerical: type === 'num' });
}

export interface DatasetDrift {
  columns: number;
  drifted: number;
  /** drifted / columns; NaN with no columns. */
  share: number;
  drift: boolean;
}

/** Share of drifted columns; the dataset drifts at share >= `driftShare` (0.5 by default). */
export function datasetDrift(results: readonly DriftResult[], driftShare = DEFAULT_DRIFT_SHARE): DatasetDrift {
  const drifted = results.filter((result) => result.drift).length;
  const share = results.length === 0 ? NaN : drifted / results.length;
  return { columns: results.length, drifted, share, drift: share >= driftShare };
}

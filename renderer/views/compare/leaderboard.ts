// The leaderboard's logic: which way is best for a metric, the best cell of
// each column, the sort with unusable values last, and the CSV rows.
import type { CellValue, RunRow } from '../../../shared/runQuery';
import { columnKey } from '../../../shared/runQuery';

export type BestDirection = 'min' | 'max';

const LOWER_IS_BETTER = /(loss|error|mse|rmse|mae|logloss)/i;

/** Lower is better for losses and errors (loss, error, mse, rmse, mae, logloss anywhere in the name), higher otherwise. */
export function defaultDirection(metricKey: string): BestDirection {
  return LOWER_IS_BETTER.test(metricKey) ? 'min' : 'max';
}

/** The last value of a metric in a row; undefined-safe: null when the run never logged it. */
export function metricLast(row: RunRow, key: string): number | null {
  const value = row.values[columnKey({ kind: 'metric', name: key })];
  return typeof value === 'number' ? value : null;
}

const usable = (value: CellValue | undefined): value is number => typeof value === 'number' && Number.isFinite(value);

/**
 * The indices of the best values: the smallest or largest finite number
 * (NaN, ±∞ and missing never win); every index on a tie; empty when no value
 * is finite. O(n). Example: [3, NaN, 1, 1] with 'min' → [2, 3].
 */
export function bestIndices(values: readonly (number | null)[], direction: BestDirection): number[] {
  let best: number | null = null;
  let indices: number[] = [];
  values.forEach((value, i) => {
    if (!usable(value)) return;
    if (best === null || (direction === 'min' ? value < best : value > best)) {
      best = value;
      indices = [i];
    } else if (value === best) indices.push(i);
  });
  return indices;
}

/**
 * Orders values for a sort: finite numbers ascending (or descending), then
 * ±∞, then NaN, then missing, whichever the direction, so a diverged run
 * never tops a column. Stable.
 */
export function compareForSort(a: number | null, b: number | null, descending: boolean): number {
  const rank = (v: number | null): number => (v === null ? 3 : Number.isNaN(v) ? 2 : Number.isFinite(v) ? 0 : 1);
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 0) return descending ? (b as number) - (a as number) : (a as number) - (b as number);
  if (ra === 1) return descending ? (b as number) - (a as number) || 0 : (a as number) - (b as number) || 0;
  return 0;
}

export type LeaderboardSort = { by: 'name' } | { by: 'metric'; key: string };

/** Rows sorted by run name or by a metric's last value (see compareForSort), without changing the input. */
export function sortLeaderboard(rows: readonly RunRow[], sort: LeaderboardSort, descending: boolean): RunRow[] {
  const sorted = [...rows];
  if (sort.by === 'name') {
    sorted.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }) * (descending ? -1 : 1));
  } else {
    sorted.sort((a, b) => compareForSort(metricLast(a, sort.key), metricLast(b, sort.key), descending));
  }
  return sorted;
}

/** How a number goes in the CSV: as it is when finite, spelled out when not (a spreadsheet reads "NaN", "Infinity"). */
function csvNumber(value: number | null): string | number | null {
  if (value === null) return null;
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return value;
}

/** The CSV of the leaderboard as shown: run name, id, source, then each metric's last value. */
export function leaderboardCsvRows(
  rows: readonly RunRow[],
  metricKeys: readonly string[],
): { columns: string[]; rows: (string | number | null)[][] } {
  return {
    columns: ['run', 'run_id', 'source', ...metricKeys],
    rows: rows.map((row) => [row.name, row.id, row.source, ...metricKeys.map((key) => csvNumber(metricLast(row, key)))]),
  };
}

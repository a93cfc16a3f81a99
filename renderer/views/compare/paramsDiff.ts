// Which params differ between the compared runs, and which are the same in all.
import type { CellValue, RunRow } from '../../../shared/runQuery';
import { columnKey } from '../../../shared/runQuery';
import { isNumericColumn } from './cellValues';

export interface ParamDiffRow {
  name: string;
  /** One value per run, in the order of the runs given; null where the run has no such param. */
  values: CellValue[];
}

export interface ParamsDiff {
  /** Params whose value is not the same in every run (a missing value counts as a value of its own), by name. */
  differing: ParamDiffRow[];
  /** Params every run has with the same value, by name. */
  identical: ParamDiffRow[];
}

/** The value of a param in a row, null when the run has none. */
export function paramValue(row: RunRow, name: string): CellValue {
  return row.values[columnKey({ kind: 'param', name })] ?? null;
}

/**
 * Which values of a param stand out: with one most common value, every value
 * unlike it; with no single most common value (all different, or a tie), all
 * of them. A missing value counts like any other. The params diff highlights
 * these cells. O(runs).
 * Example: [0.1, 0.1, 0.2, null] → [false, false, true, true]; [1, 2] → [true, true].
 */
export function oddValues(values: readonly CellValue[]): boolean[] {
  const keyOf = (v: CellValue): string => (v === null ? '\u0000null' : String(v));
  const counts = new Map<string, number>();
  for (const v of values) counts.set(keyOf(v), (counts.get(keyOf(v)) ?? 0) + 1);
  const most = Math.max(0, ...counts.values());
  const common = [...counts].filter(([, n]) => n === most).map(([key]) => key);
  if (common.length !== 1) return values.map(() => true);
  return values.map((v) => keyOf(v) !== common[0]);
}

/** Values compared as the text they show: 1 and "1" are one value (the store sends numbers when every value parses). */
function sameValue(a: CellValue, b: CellValue): boolean {
  if (a === null || b === null) return a === b;
  return String(a) === String(b);
}

/**
 * Splits params into those that differ across the runs and those that do not.
 * A param missing in some runs and present in others differs. Names are
 * sorted; with fewer than two runs everything is "identical". O(params × runs).
 * Example: lr 0.1 / 0.2 and seed 1 / 1 → differing [lr], identical [seed].
 */
export function diffParams(rows: readonly RunRow[], paramNames: readonly string[]): ParamsDiff {
  const differing: ParamDiffRow[] = [];
  const identical: ParamDiffRow[] = [];
  for (const name of [...new Set(paramNames)].sort((a, b) => a.localeCompare(b))) {
    const values = rows.map((row) => paramValue(row, name));
    const same = values.every((value) => sameValue(value, values[0]));
    (same ? identical : differing).push({ name, values });
  }
  return { differing, identical };
}

/**
 * Differing params, most telling first: set in more runs, then with more
 * distinct values, then by name — the default axes of the parallel
 * coordinates and the scatter's default x. A param set in one run of a mixed
 * comparison (every other run "—") says little; one swept across all says most.
 */
export function rankDiffering(differing: readonly ParamDiffRow[]): ParamDiffRow[] {
  const stats = new Map(
    differing.map((row) => {
      const present = row.values.filter((v) => v !== null);
      return [row.name, { present: present.length, distinct: new Set(present.map(String)).size }];
    }),
  );
  return [...differing].sort((a, b) => {
    const sa = stats.get(a.name)!;
    const sb = stats.get(b.name)!;
    return sb.present - sa.present || sb.distinct - sa.distinct || a.name.localeCompare(b.name);
  });
}

/** Whether every present value of a param is a number or spells one (a linear axis, a numeric x). */
export function isNumericParam(row: ParamDiffRow): boolean {
  return isNumericColumn(row.values);
}

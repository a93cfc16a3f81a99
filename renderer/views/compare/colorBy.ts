// The color of each compared run: its own (palette order or its annotation
// color), or one per value of a param so that runs sharing it share a color.
import type { CellValue, RunRow } from '../../../shared/runQuery';
import { cellLabel, compareCellValues } from './cellValues';
import { paramValue } from './paramsDiff';

export type ColorBy = { kind: 'run' } | { kind: 'param'; name: string };

export interface ColorLegendEntry {
  label: string;
  color: string;
  runIds: string[];
}

export interface ColorAssignment {
  byRun: Record<string, string>;
  /** Coloring by a param: one entry per value, in value order; coloring by run: one per run. */
  legend: ColorLegendEntry[];
}

/** Groups run ids by the value of a param, values in compareCellValues order; 1 and "1" are one value. */
export function groupByParam(rows: readonly RunRow[], name: string): { value: CellValue; runIds: string[] }[] {
  const groups = new Map<string, { value: CellValue; runIds: string[] }>();
  for (const row of rows) {
    const value = paramValue(row, name);
    const key = value === null ? '\u0000null' : String(value);
    const group = groups.get(key);
    if (group) group.runIds.push(row.id);
    else groups.set(key, { value, runIds: [row.id] });
  }
  return [...groups.values()].sort((a, b) => compareCellValues(a.value, b.value));
}

/**
 * Assigns colors. By run: the annotation color when set, else palette(i) for
 * the run's position i. By param: palette(j) for the j-th distinct value
 * (ordered by compareCellValues), the same for every run holding it.
 * Example: seeds 2, 1, 2 → runs 1 and 3 get palette(1), run 2 palette(0).
 */
export function assignColors(rows: readonly RunRow[], colorBy: ColorBy, palette: (index: number) => string): ColorAssignment {
  const byRun: Record<string, string> = {};
  if (colorBy.kind === 'run') {
    const legend = rows.map((row, i) => {
      const color = row.annotation?.color ?? palette(i);
      byRun[row.id] = color;
      return { label: row.name, color, runIds: [row.id] };
    });
    return { byRun, legend };
  }
  const legend = groupByParam(rows, colorBy.name).map((group, j) => {
    const color = palette(j);
    for (const id of group.runIds) byRun[id] = color;
    return { label: cellLabel(group.value), color, runIds: group.runIds };
  });
  return { byRun, legend };
}

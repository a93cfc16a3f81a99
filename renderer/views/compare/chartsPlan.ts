// Which metric charts the compare view draws, and the groups for grouped lines.
import type { RunRow } from '../../../shared/runQuery';
import { cellLabel } from './cellValues';
import { groupByParam } from './colorBy';

/** Charts drawn at first, and added per "show more". */
export const CHARTS_PAGE = 12;

/** The metric keys matching a search (case-insensitive, every word somewhere in the key), sorted by name. */
export function searchMetrics(keys: readonly string[], query: string): string[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return keys.filter((key) => words.every((word) => key.toLowerCase().includes(word))).sort((a, b) => a.localeCompare(b));
}

export interface RunGroupSpec {
  label: string;
  color: string;
  runIds: string[];
}

/**
 * The runs grouped by a param's value ("lr=0.1", runs without it as "lr=—"),
 * one palette color per group in value order. Example: runs differing only by
 * seed, grouped by lr → one mean line per learning rate over its seeds.
 */
export function chartGroups(rows: readonly RunRow[], param: string, palette: (index: number) => string): RunGroupSpec[] {
  return groupByParam(rows, param).map((group, i) => ({
    label: `${param}=${cellLabel(group.value)}`,
    color: palette(i),
    runIds: group.runIds,
  }));
}

// Where group header rows go when the runs are grouped. The backend sends every
// group in row order with its count, so the display rows (headers and runs,
// collapsed groups without their runs) are known without loading every run.
import type { CellValue, RunGroup } from '../../../shared/runQuery';

/** A display row: a group's header, or the run at `offset` in the query's order. */
export type DisplayRow = { kind: 'group'; group: number } | { kind: 'run'; offset: number; group: number | null };

export interface GroupLayout {
  /** How many display rows there are. */
  count: number;
  /** Display index of each group's header. */
  headerAt: number[];
  /** Offset (in the query's order) of each group's first run. */
  firstOffset: number[];
  collapsed: boolean[];
}

/** A group's identity across refetches: its value, typed. */
export const groupKey = (value: CellValue): string => JSON.stringify(value);

/** The layout of groups in row order; `collapsed` holds group keys. Linear in the number of groups. */
export function groupLayout(groups: RunGroup[], collapsed: ReadonlySet<string>): GroupLayout {
  const headerAt: number[] = [];
  const firstOffset: number[] = [];
  const folded: boolean[] = [];
  let display = 0;
  let offset = 0;
  for (const group of groups) {
    const isCollapsed = collapsed.has(groupKey(group.value));
    headerAt.push(display);
    firstOffset.push(offset);
    folded.push(isCollapsed);
    display += 1 + (isCollapsed ? 0 : group.count);
    offset += group.count;
  }
  return { count: display, headerAt, firstOffset, collapsed: folded };
}

/** The last i with sorted[i] <= value (binary search); -1 when none. */
function lastAtMost(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= value) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** What display row `index` shows. O(log groups). */
export function displayRowAt(layout: GroupLayout | null, index: number): DisplayRow {
  if (layout === null) return { kind: 'run', offset: index, group: null };
  const group = lastAtMost(layout.headerAt, index);
  if (group === -1) return { kind: 'run', offset: index, group: null };
  const within = index - layout.headerAt[group];
  if (within === 0) return { kind: 'group', group };
  return { kind: 'run', offset: layout.firstOffset[group] + within - 1, group };
}

/** The run offsets [first, last] that display rows [from, to] show; null when they show headers only. */
export function offsetsShown(layout: GroupLayout | null, from: number, to: number): { first: number; last: number } | null {
  if (layout === null) return to < from ? null : { first: from, last: to };
  let first: number | null = null;
  let last: number | null = null;
  // Walk from `from` to the first run and back from `to` to the last: only headers lie between.
  for (let i = from; i <= to; i += 1) {
    const row = displayRowAt(layout, i);
    if (row.kind === 'run') {
      first = row.offset;
      break;
    }
  }
  for (let i = to; i >= from; i -= 1) {
    const row = displayRowAt(layout, i);
    if (row.kind === 'run') {
      last = row.offset;
      break;
    }
  }
  return first === null || last === null ? null : { first, last };
}

/** The display index of the run at `offset`; null when its group is collapsed. */
export function displayIndexOf(layout: GroupLayout | null, offset: number): number | null {
  if (layout === null) return offset;
  const group = lastAtMost(layout.firstOffset, offset);
  if (group === -1) return offset;
  if (layout.collapsed[group]) return null;
  return layout.headerAt[group] + 1 + (offset - layout.firstOffset[group]);
}

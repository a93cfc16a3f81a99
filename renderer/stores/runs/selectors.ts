// Named pure selectors over the runs query store. Derived values are cached on
// the identity of their inputs so React sees a stable value until they change.
import type { RunRow } from '../../../shared/runQuery';
import { columnKey } from '../../../shared/runQuery';
import type { LoadStatus } from '../latest';
import { displayRowAt, groupLayout, type DisplayRow, type GroupLayout } from './groupLayout';
import { PAGE_SIZE } from './query';
import type { RunsState } from './store';

export const selectTotal = (s: RunsState): number | null => s.total;
export const selectStatus = (s: RunsState): LoadStatus => s.status;
export const selectError = (s: RunsState): RunsState['error'] => s.error;
export const selectFilterError = (s: RunsState): RunsState['filterError'] => s.filterError;
export const selectOrder = (s: RunsState): RunsState['query']['orderBy'] => s.query.orderBy;
export const selectGroupBy = (s: RunsState): RunsState['query']['groupBy'] => s.query.groupBy;
export const selectIncludeHidden = (s: RunsState): boolean => s.query.includeHidden;
export const selectAvailable = (s: RunsState): RunsState['available'] => s.available;
export const selectSources = (s: RunsState): RunsState['sources'] => s.sources;
export const selectScopeTotal = (s: RunsState): number | null => s.scopeTotal;
export const selectAppliedFilter = (s: RunsState): string => s.appliedFilter;
export const selectAppliedSource = (s: RunsState): RunsState['appliedSource'] => s.appliedSource;
export const selectPages = (s: RunsState): RunsState['pages'] => s.pages;
export const selectGroups = (s: RunsState): RunsState['groups'] => s.groups;
export const selectCollapsed = (s: RunsState): string[] => s.collapsed;
export const selectResetKey = (s: RunsState): number => s.resetKey;
export const selectNotice = (s: RunsState): string | null => s.notice;
/** Bumps when shown runs were refetched after a change. */
export const selectRevision = (s: RunsState): number => s.revision;
/**
 * Kept for views that refetch a run's details "whenever the runs change"
 * (runDetail/useRunDetail uses it as a dependency): the revision, not a list.
 */
export const selectRuns = selectRevision;

/** The row at `offset` in the query's order, when its page is held. */
export function rowAtOffset(pages: RunsState['pages'], offset: number): RunRow | undefined {
  return pages[Math.floor(offset / PAGE_SIZE)]?.[offset % PAGE_SIZE];
}

let lastLayout: { groups: RunsState['groups']; collapsed: string[]; layout: GroupLayout | null } | null = null;

/** Where group headers go (null when not grouped), cached on groups and collapsed. */
export function selectGroupLayout(s: RunsState): GroupLayout | null {
  if (lastLayout && lastLayout.groups === s.groups && lastLayout.collapsed === s.collapsed) return lastLayout.layout;
  const layout = s.groups === null ? null : groupLayout(s.groups, new Set(s.collapsed));
  lastLayout = { groups: s.groups, collapsed: s.collapsed, layout };
  return layout;
}

/** How many display rows the table has: runs, plus group headers, minus folded runs. */
export function selectDisplayCount(s: RunsState): number {
  const layout = selectGroupLayout(s);
  return layout === null ? (s.total ?? 0) : layout.count;
}

export function displayRow(s: RunsState, index: number): DisplayRow {
  return displayRowAt(selectGroupLayout(s), index);
}

/** Sort columns the backend compared partly as text, in the order of the sort keys. */
export function selectMixedSortColumns(s: RunsState): string[] {
  const mixed = new Set(s.mixedColumns);
  return s.query.orderBy.map((o) => columnKey(o.column)).filter((key) => mixed.has(key));
}

/** True while a filter has been typed and nothing matches it. */
export function selectNoMatch(s: RunsState): boolean {
  return s.status === 'ready' && s.total === 0 && (s.query.filter !== '' || s.query.includeHidden === false) && (s.scopeTotal ?? 1) > 0;
}

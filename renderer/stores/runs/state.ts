// What the runs query store holds and offers (store.ts builds it).
import type { StoreApi } from 'zustand';
import type { RunSource } from '../../../shared/domain';
import type { ApiError, Result } from '../../../shared/errors';
import type { RunAnnotation, RunColumn, RunColumnsAvailable, RunGroup, RunOrder, RunRow } from '../../../shared/runQuery';
import type { AnnotateArgs } from '../../api/runsClient';
import type { LoadStatus } from '../latest';
import type { UiState } from '../ui/store';
import type { ColumnLayoutState } from './columnLayout';
import type { RunsQuery } from './query';

/** Where the filter text fails to parse (positions in the user's text). */
export interface FilterError {
  message: string;
  position: number;
  length: number;
}

export type FilterParser = (text: string) => { ok: true } | { ok: false; error: FilterError };

/** What an annotation changes; fields left out are kept. */
export type AnnotationPatch = Omit<AnnotateArgs, 'runIds'>;

export interface SourceCount {
  source: RunSource;
  count: number;
}

export interface RunsState {
  query: RunsQuery;
  /** The user's filter text the query was built from (the last one that parsed). */
  appliedFilter: string;
  /** The source filter the query was built from. */
  appliedSource: RunSource | null;
  /** Bumps when what the rows are (scope, filter, order, grouping) changes: the view goes back to the top. */
  resetKey: number;
  /** Matching runs; null before the first answer. */
  total: number | null;
  /** Rows by page index (PAGE_SIZE rows each), only around what is in view. */
  pages: Record<number, RunRow[]>;
  /** Every group in row order when grouped (from the latest answer). */
  groups: RunGroup[] | null;
  /** Group keys (groupKey) whose rows are folded away. */
  collapsed: string[];
  /** Sort column keys holding numbers in some runs and text in others. */
  mixedColumns: string[];
  status: LoadStatus;
  error: ApiError | null;
  /** The filter text does not parse (here or in the backend); the last good rows stay shown. */
  filterError: FilterError | null;
  /** Every param, tag and metric key of the runs in scope, for the column chooser. */
  available: RunColumnsAvailable | null;
  /** The sources of the runs in scope with their counts (ignoring the filter). */
  sources: SourceCount[];
  /** Runs in scope before any filter; null until known. */
  scopeTotal: number | null;
  /** Bumps when runs changed (a change event's refetch): "something changed" for views that refetch details. */
  revision: number;
  /** A short message about the last annotation or selection that went wrong. */
  notice: string | null;
  /** Display rows [first, last] in view (headers included when grouped): the pages around them are fetched. */
  setVisibleRange(first: number, last: number): void;
  /** A header click: ascending, descending, off; `additive` adds a key (shift). */
  toggleSort(column: RunColumn, additive: boolean): void;
  setOrder(orderBy: RunOrder[]): void;
  setGroupBy(column: RunColumn | null): void;
  toggleGroup(key: string): void;
  setIncludeHidden(include: boolean): void;
  /** Fetches what is in view again, keeping it shown meanwhile. */
  refresh(): Promise<void>;
  /** Stars, notes, colors, tags or hides runs: shown at once, then confirmed by the backend. */
  annotate(runIds: string[], patch: AnnotationPatch): Promise<Result<Record<string, RunAnnotation>>>;
  /** The ids of rows at offsets [first, last] in the current order (fetched when not held), at most MAX_SELECT_ALL. */
  idsInRange(first: number, last: number): Promise<string[] | null>;
  /** The ids of every matching run, up to MAX_SELECT_ALL (capped says some were left out). */
  allMatchingIds(): Promise<{ ids: string[]; capped: boolean } | null>;
  dismissNotice(): void;
  /** Follows the UI state, the column layout and run changes; returns the function that stops it. */
  startSync(): () => void;
}

export interface RunsStoreDeps {
  ui: StoreApi<UiState>;
  layout: StoreApi<ColumnLayoutState>;
  parseFilter?: FilterParser;
}


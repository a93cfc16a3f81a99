// The runs table as a query: scope, filter, order, columns and grouping, the
// total, and a sparse cache of row windows around what is in view. Follows the
// UI state itself (project, filter, source, deleted) and the column layout, and
// refetches what is shown when runs change, keeping scroll, selection and sort.
import { createStore, useStore, type StoreApi } from 'zustand';
import type { RunSource } from '../../../shared/domain';
import type { ApiError } from '../../../shared/errors';
import { parseRunFilter } from '../../../shared/runFilter';
import { columnKey, type RunAnnotation, type RunColumn, type RunRow, type RunsPage } from '../../../shared/runQuery';
import { runsClient, type RunsChanged, type RunsClient } from '../../api/runsClient';
import { debounce, REFETCH_DEBOUNCE_MS } from '../latest';
import { uiStore, type UiState } from '../ui/store';
import { emptyAnnotation, patchedAnnotation } from './annotation';
import { columnLayoutStore, type ColumnLayoutState } from './columnLayout';
import { fetchRunIds, heldRunIds } from './selection';
import type { AnnotationPatch, FilterParser, RunsState, RunsStoreDeps, SourceCount } from './state';
import { displayRowAt, groupKey, groupLayout, offsetsShown } from './groupLayout';
import {
  badFilterPosition,
  combinedFilter,
  FILTER_DEBOUNCE_MS,
  initialQuery,
  MAX_SELECT_ALL,
  nextOrder,
  PAGE_SIZE,
  pagesFor,
  pagesToKeep,
  queryArgs,
  userTextOffset,
  type RunsQuery,
} from './query';

export type { AnnotationPatch, FilterError, FilterParser, RunsState, RunsStoreDeps, SourceCount } from './state';
export { patchedAnnotation } from './annotation';

const defaultParser: FilterParser = (text) => {
  const result = parseRunFilter(text);
  return result.ok ? { ok: true } : { ok: false, error: result.error };
};

/** The columns whose values rows carry: attributes come with every row, so only params, tags and metrics. */
function valueColumns(layout: ColumnLayoutState): RunColumn[] {
  return layout.layout.columns.map((c) => c.column).filter((c) => c.kind !== 'attribute');
}

function metricNames(columns: RunColumn[]): string[] {
  return [...new Set(columns.filter((c) => c.kind === 'metric').map((c) => c.name))];
}

/** How long after the last change event the rows in view are fetched once more. */
const SETTLE_AFTER_CHANGES_MS = 2000;

export function createRunsStore(client: RunsClient, deps: RunsStoreDeps): StoreApi<RunsState> {
  const parse = deps.parseFilter ?? defaultParser;
  return createStore<RunsState>()((set, get) => {
    /** Bumps whenever the query changes: answers to an older one are dropped. */
    let generation = 0;
    /** Generation of the pages held: a new query's first answer replaces them all. */
    let pagesGeneration = 0;
    /** The newest request per page (a refetch supersedes an older answer for the same page). */
    let requestSeq = 0;
    const latestForPage = new Map<number, number>();
    const inFlight = new Map<number, number>(); // page -> generation asked for
    let visible = { first: 0, last: 30 };
    let syncing = false;
    let scopeSeq = 0;
    /** No layout remembered for this project: the first rows wait for the default metric and param columns. */
    let awaitingColumns = false;
    /** Set while the scope is applied: the layout it loads is part of that one requery. */
    let applyingScope = false;
    /** The last filter the backend accepted: a `bad-filter` answer goes back to it. */
    let goodFilter = '';

    const currentOffsets = (): { first: number; last: number } | null => {
      const { groups, collapsed } = get();
      if (groups === null) return visible;
      const layout = groupLayout(groups, new Set(collapsed));
      return offsetsShown(layout, visible.first, Math.min(visible.last, layout.count - 1));
    };

    const wantedPages = (): number[] => {
      const offsets = currentOffsets();
      if (offsets === null) return get().total === null ? [0] : [];
      return pagesFor(offsets.first, offsets.last, get().total);
    };

    const fetchPage = async (page: number, force: boolean): Promise<void> => {
      const gen = generation;
      if (!force && inFlight.get(page) === gen) return;
      const id = ++requestSeq;
      latestForPage.set(page, id);
      inFlight.set(page, gen);
      const { query } = get();
      const result = await client.query(queryArgs(query, page * PAGE_SIZE, PAGE_SIZE));
      if (latestForPage.get(page) === id) inFlight.delete(page);
      if (gen !== generation || latestForPage.get(page) !== id) return; // a newer query or refetch won
      if (!result.ok) return failed(result.error);
      goodFilter = query.filter;
      applyPage(page, result.value, gen);
      ensurePages();
    };

    const failed = (error: ApiError): void => {
      if (error.code === 'bad-filter') {
        const where = badFilterPosition(error.message);
        const { appliedFilter, appliedSource } = get();
        const position = where ? Math.max(0, where.position - userTextOffset(appliedFilter, appliedSource)) : 0;
        set({ filterError: { message: where?.message ?? error.message, position, length: 1 } });
        // Back to the last filter that worked: its rows stay shown and scrolling keeps working.
        if (get().query.filter !== goodFilter) requery({ ...get().query, filter: goodFilter }, false);
        else set({ status: 'error', error });
        return;
      }
      // Rows on screen stay there when a refetch fails: a note says so instead of an error page.
      if (Object.keys(get().pages).length > 0 && get().status === 'ready') set({ notice: `Could not refresh the runs: ${error.message}` });
      else set({ status: 'error', error });
    };

    const applyPage = (page: number, answer: RunsPage, gen: number): void => {
      const fresh = pagesGeneration !== gen;
      pagesGeneration = gen;
      const pages = fresh ? {} : { ...get().pages };
      pages[page] = answer.rows;
      set({
        pages,
        total: answer.total,
        groups: answer.groups,
        mixedColumns: answer.mixedColumns,
        status: 'ready',
        error: null,
      });
    };

    /** Fetches the pages in view that are missing and drops the far ones. */
    const ensurePages = (): void => {
      if (!syncing || awaitingColumns) return;
      const wanted = wantedPages();
      const { pages } = get();
      const current = pagesGeneration === generation;
      for (const page of wanted) if (!current || !(page in pages)) void fetchPage(page, false);
      if (!current) return;
      const keep = pagesToKeep(Object.keys(pages).map(Number), wanted);
      if (keep.size < Object.keys(pages).length) {
        const kept: Record<number, RunRow[]> = {};
        for (const page of keep) kept[page] = pages[page];
        set({ pages: kept });
      }
    };

    /** The query changed: a new generation; `reset` sends the view back to the top. */
    const requery = (query: RunsQuery, reset: boolean, extra: Partial<RunsState> = {}): void => {
      generation += 1;
      inFlight.clear();
      if (reset) visible = { first: 0, last: Math.max(30, visible.last - visible.first) };
      const shown = Object.keys(get().pages).length > 0;
      set({ query, ...(reset ? { resetKey: get().resetKey + 1 } : {}), status: shown ? get().status : 'loading', ...extra });
      ensurePages();
    };

    /** The runs in scope changed (project, deleted, hidden): its columns and sources too. */
    const fetchScope = async (): Promise<void> => {
      const seq = ++scopeSeq;
      const { query } = get();
      const scope = {
        ...(query.projectId === null ? {} : { projectId: query.projectId }),
        ...(query.includeDeleted ? { includeDeleted: true } : {}),
        ...(query.includeHidden ? { includeHidden: true } : {}),
      };
      const sourcesAsked = client.query({ ...scope, offset: 0, limit: 0, columns: [], groupBy: { kind: 'attribute', name: 'source' } });
      const columns = await client.columns(scope);
      if (seq !== scopeSeq) return;
      const waited = awaitingColumns;
      awaitingColumns = false;
      if (columns.ok) {
        set({ available: columns.value });
        deps.layout.getState().offer(columns.value); // a new column requeries through the layout subscription
      }
      if (waited) ensurePages();
      const sources = await sourcesAsked;
      if (seq !== scopeSeq) return;
      if (sources.ok) {
        const groups = sources.value.groups ?? [];
        set({
          sources: groups.filter((g) => typeof g.value === 'string').map((g) => ({ source: g.value as RunSource, count: g.count })),
          scopeTotal: sources.value.total,
        });
      }
    };

    const applyScope = (ui: UiState, projectChanged: boolean): void => {
      const { query } = get();
      applyingScope = true;
      if (projectChanged) awaitingColumns = !deps.layout.getState().load(ui.selectedProjectId);
      applyingScope = false;
      const layout = deps.layout.getState();
      const columns = valueColumns(layout);
      const next: RunsQuery = {
        ...query,
        projectId: ui.selectedProjectId,
        includeDeleted: ui.showDeleted,
        columns,
        aggregateMetrics: metricNames(columns),
        ...(projectChanged ? { groupBy: null } : {}),
      };
      requery(next, true, projectChanged ? { pages: {}, total: null, groups: null, available: null, sources: [], scopeTotal: null, collapsed: [], status: 'loading', error: null } : {});
      void fetchScope();
    };

    /** Applies the filter text (and source): a new query when it parses, an error shown when not. */
    const applyFilter = (text: string, source: RunSource | null, fetch = true): void => {
      let parsed: ReturnType<FilterParser>;
      try {
        parsed = text.trim() === '' ? { ok: true } : parse(text);
      } catch {
        parsed = { ok: true }; // the parser failing is no reason to stop: the backend says what is wrong
      }
      if (!parsed.ok) {
        set({ filterError: parsed.error });
        return;
      }
      const filter = combinedFilter(text, source);
      set({ filterError: null });
      if (filter === get().query.filter && get().status !== 'error') {
        set({ appliedFilter: text, appliedSource: source });
        return;
      }
      if (fetch) requery({ ...get().query, filter }, true, { appliedFilter: text, appliedSource: source });
      else set({ query: { ...get().query, filter }, appliedFilter: text, appliedSource: source });
    };

    const filterSoon = debounce(() => {
      const ui = deps.ui.getState();
      applyFilter(ui.runFilter, ui.sourceFilter);
    }, FILTER_DEBOUNCE_MS);

    // Runs changed: refetch the pages in view (and the scope's columns), one burst at a time.
    let refreshing = false;
    let again = false;
    const refetchShown = async (): Promise<void> => {
      if (refreshing) {
        again = true;
        return;
      }
      refreshing = true;
      const gen = generation;
      const wanted = wantedPages();
      // Pages kept out of view would go stale: drop them, they are fetched again when scrolled to.
      const { pages } = get();
      if (Object.keys(pages).some((page) => !wanted.includes(Number(page)))) {
        const kept: Record<number, RunRow[]> = {};
        for (const page of wanted) if (pages[page]) kept[page] = pages[page];
        set({ pages: kept });
      }
      await Promise.all((wanted.length ? wanted : [0]).map((page) => fetchPage(page, true)));
      if (gen === generation) void fetchScope();
      set({ revision: get().revision + 1 });
      refreshing = false;
      if (again) {
        again = false;
        changedSoon.call();
      }
    };
    const changedSoon = debounce(() => void refetchShown(), REFETCH_DEBOUNCE_MS);
    // Once a burst of changes is over, one more look: a refetch that failed, or raced the
    // write it was told about, must not leave a finished run showing RUNNING.
    const settledSoon = debounce(() => void refetchShown(), SETTLE_AFTER_CHANGES_MS);

    const onChange = (change: RunsChanged): void => {
      const shown = get().query.projectId;
      if (shown !== null && change.projectId !== null && change.projectId !== shown) return;
      changedSoon.call();
      settledSoon.call();
    };

    const fetchIds = async (query: RunsQuery, first: number, last: number): Promise<string[] | null> => {
      const result = await fetchRunIds(client, query, first, last);
      if (result.ok) return result.value;
      set({ notice: `Could not list the runs to select: ${result.error.message}` });
      return null;
    };

    return {
      query: initialQuery(),
      appliedFilter: '',
      appliedSource: null,
      resetKey: 0,
      total: null,
      pages: {},
      groups: null,
      collapsed: [],
      mixedColumns: [],
      status: 'idle',
      error: null,
      filterError: null,
      available: null,
      sources: [],
      scopeTotal: null,
      revision: 0,
      notice: null,
      setVisibleRange(first, last) {
        if (first === visible.first && last === visible.last) return;
        visible = { first: Math.max(0, first), last: Math.max(first, last) };
        ensurePages();
      },
      toggleSort(column, additive) {
        get().setOrder(nextOrder(get().query.orderBy, column, additive));
      },
      setOrder(orderBy) {
        requery({ ...get().query, orderBy }, true);
      },
      setGroupBy(groupBy) {
        const current = get().query.groupBy;
        if ((current === null ? null : columnKey(current)) === (groupBy === null ? null : columnKey(groupBy))) return;
        requery({ ...get().query, groupBy }, true, { collapsed: [], groups: null });
      },
      toggleGroup(key) {
        const { collapsed } = get();
        set({ collapsed: collapsed.includes(key) ? collapsed.filter((k) => k !== key) : [...collapsed, key] });
        ensurePages();
      },
      setIncludeHidden(includeHidden) {
        if (get().query.includeHidden === includeHidden) return;
        requery({ ...get().query, includeHidden }, false);
        void fetchScope();
      },
      async refresh() {
        if (get().status === 'error') set({ status: Object.keys(get().pages).length ? 'ready' : 'loading', error: null });
        generation += 1;
        inFlight.clear();
        ensurePages();
      },
      async annotate(runIds, patch) {
        const ids = new Set(runIds);
        const update = (annotations: (row: RunRow) => RunAnnotation): void => {
          const pages: Record<number, RunRow[]> = {};
          for (const [page, rows] of Object.entries(get().pages)) {
            pages[Number(page)] = rows.some((row) => ids.has(row.id)) ? rows.map((row) => (ids.has(row.id) ? { ...row, annotation: annotations(row) } : row)) : rows;
          }
          set({ pages });
        };
        update((row) => patchedAnnotation(row.annotation, patch));
        const result = await client.annotate({ runIds, ...patch });
        if (result.ok) {
          const returned = result.value.annotations;
          update((row) => returned[row.id] ?? row.annotation ?? emptyAnnotation);
        } else {
          set({ notice: `Could not save the change: ${result.error.message}` });
        }
        // Starred, hidden and tags can change which runs match and their order.
        changedSoon.call();
        return result.ok ? { ok: true, value: result.value.annotations } : result;
      },
      async idsInRange(first, last) {
        const lo = Math.max(0, Math.min(first, last));
        const hi = Math.min(Math.max(first, last), lo + MAX_SELECT_ALL - 1, (get().total ?? Infinity) - 1);
        return heldRunIds(get().pages, lo, hi) ?? fetchIds(get().query, lo, hi);
      },
      async allMatchingIds() {
        const { query, total } = get();
        const last = Math.min(total ?? MAX_SELECT_ALL, MAX_SELECT_ALL) - 1;
        const ids = await fetchIds({ ...query, groupBy: null }, 0, last);
        return ids === null ? null : { ids, capped: (total ?? 0) > MAX_SELECT_ALL };
      },
      dismissNotice: () => set({ notice: null }),
      startSync() {
        syncing = true;
        const ui = deps.ui.getState();
        // The filter first, then one query for scope and filter together.
        applyFilter(ui.runFilter, ui.sourceFilter, false);
        applyScope(ui, true);
        const offUi = deps.ui.subscribe((next, prev) => {
          const projectChanged = next.selectedProjectId !== prev.selectedProjectId;
          if (projectChanged || next.showDeleted !== prev.showDeleted) applyScope(next, projectChanged);
          if (next.sourceFilter !== prev.sourceFilter) {
            filterSoon.cancel();
            applyFilter(next.runFilter, next.sourceFilter);
          } else if (next.runFilter !== prev.runFilter) filterSoon.call();
        });
        const offLayout = deps.layout.subscribe((next) => {
          if (applyingScope) return;
          const columns = valueColumns(next);
          const { query } = get();
          const before = new Set(query.columns.map(columnKey));
          const added = columns.some((c) => !before.has(columnKey(c)));
          const removed = columns.length !== query.columns.length || added;
          if (!added && !removed) return;
          const aggregateMetrics = metricNames(columns);
          const updated = { ...query, columns, aggregateMetrics };
          // A new column needs its values: fetch again, keeping scroll and rows. One gone needs nothing.
          if (added) requery(updated, false);
          else set({ query: updated });
        });
        const offChanges = client.onChanged(onChange);
        return () => {
          syncing = false;
          offUi();
          offLayout();
          offChanges();
          filterSoon.cancel();
          changedSoon.cancel();
          settledSoon.cancel();
        };
      },
    };
  });
}

export const runsStore = createRunsStore(runsClient, { ui: uiStore, layout: columnLayoutStore });

export function useRunsStore<T>(selector: (state: RunsState) => T): T {
  return useStore(runsStore, selector);
}

export { displayRowAt, groupKey };

// Which columns the runs table shows, in which order, how wide, which pinned,
// and how dense: remembered per project in localStorage as one versioned object.
import { createStore, useStore, type StoreApi } from 'zustand';
import { columnKey, type RunColumn, type RunColumnsAvailable } from '../../../shared/runQuery';

export type Density = 'compact' | 'comfortable';
export const rowHeights: Record<Density, number> = { compact: 28, comfortable: 36 };

export interface LayoutColumn {
  column: RunColumn;
  width: number;
  pinned: boolean;
}

export interface ColumnLayout {
  version: 1;
  columns: LayoutColumn[];
  density: Density;
  /** False until the user changes the columns: the first metrics and params are added when known. */
  customized: boolean;
}

/** How many metrics and params the default layout adds. */
export const DEFAULT_METRICS = 6;
export const DEFAULT_PARAMS = 6;
export const MIN_WIDTH = 48;
export const MAX_WIDTH = 800;

const attribute = (name: Extract<RunColumn, { kind: 'attribute' }>['name'], width: number, pinned = false): LayoutColumn => ({
  column: { kind: 'attribute', name },
  width,
  pinned,
});

/** Wide enough for the header text, within bounds; the edge can be dragged for more. */
export function widthFor(label: string): number {
  return Math.min(220, Math.max(90, Math.round(7 * label.length) + 36));
}

export function defaultLayout(): ColumnLayout {
  return {
    version: 1,
    columns: [
      attribute('name', 240, true),
      attribute('status', 110),
      attribute('source', 110),
      attribute('experiment', 140),
      attribute('start_time', 160),
      attribute('duration', 96),
    ],
    density: 'compact',
    customized: false,
  };
}

/** The label a column's header shows (without its kind prefix). */
export function columnLabel(column: RunColumn): string {
  if (column.kind !== 'attribute') return column.kind === 'metric' && column.summary && column.summary !== 'last' ? `${column.name} (${column.summary})` : column.name;
  const labels: Record<string, string> = {
    name: 'Name',
    status: 'Status',
    source: 'Source',
    experiment: 'Experiment',
    start_time: 'Started',
    end_time: 'Ended',
    duration: 'Duration',
    run_id: 'Run id',
    last_activity: 'Last activity',
    starred: 'Starred',
  };
  return labels[column.name] ?? column.name;
}

export function newLayoutColumn(column: RunColumn): LayoutColumn {
  return { column, width: widthFor(`${column.kind} ${columnLabel(column)}`), pinned: false };
}

/** The default layout with the first metrics (last values) and params the runs have. */
export function withDefaults(layout: ColumnLayout, available: RunColumnsAvailable): ColumnLayout {
  if (layout.customized) return layout;
  const base = defaultLayout().columns;
  const metrics = available.metrics.slice(0, DEFAULT_METRICS).map((name) => newLayoutColumn({ kind: 'metric', name }));
  const params = available.params.slice(0, DEFAULT_PARAMS).map((name) => newLayoutColumn({ kind: 'param', name }));
  return { ...layout, columns: [...base, ...metrics, ...params] };
}

/** Pinned columns first (in their order), then the rest: the table draws them so. */
export function ordered(columns: LayoutColumn[]): LayoutColumn[] {
  return [...columns.filter((c) => c.pinned), ...columns.filter((c) => !c.pinned)];
}

function isColumn(value: unknown): value is RunColumn {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return ['attribute', 'param', 'tag', 'metric'].includes(v.kind as string) && typeof v.name === 'string';
}

/** Reads a stored layout; anything damaged or of an unknown version gives null (the default then). */
export function parseLayout(text: string | null): ColumnLayout | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as Partial<ColumnLayout>;
    if (value.version !== 1 || !Array.isArray(value.columns)) return null;
    const columns = value.columns
      .filter((c): c is LayoutColumn => typeof c === 'object' && c !== null && isColumn((c as LayoutColumn).column))
      .map((c) => ({
        column: c.column,
        width: typeof c.width === 'number' && Number.isFinite(c.width) ? Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, c.width)) : newLayoutColumn(c.column).width,
        pinned: c.pinned === true,
      }));
    return {
      version: 1,
      columns,
      density: value.density === 'comfortable' ? 'comfortable' : 'compact',
      customized: value.customized === true,
    };
  } catch {
    return null;
  }
}

export interface LayoutStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export const layoutKey = (projectId: number | null): string => `runlens.runs.layout.${projectId ?? 'all'}`;

export interface ColumnLayoutState {
  projectId: number | null;
  layout: ColumnLayout;
  /** Loads the layout remembered for this project (the default when none); true when one was remembered. */
  load(projectId: number | null): boolean;
  /** Fills an uncustomized layout with the first metrics and params. */
  offer(available: RunColumnsAvailable): void;
  /** Shows or hides a column (added at the end). */
  toggle(column: RunColumn, shown: boolean): void;
  /** Moves the column with this key to where `beforeKey` is (the end for null). */
  move(key: string, beforeKey: string | null): void;
  /** Moves a column one place left (-1) or right (+1). */
  nudge(key: string, by: -1 | 1): void;
  resize(key: string, width: number): void;
  pin(key: string, pinned: boolean): void;
  setDensity(density: Density): void;
  /** Back to the default columns (with the first metrics and params, when known). */
  reset(available: RunColumnsAvailable | null): void;
}

export function createColumnLayoutStore(storage: LayoutStorage | null): StoreApi<ColumnLayoutState> {
  return createStore<ColumnLayoutState>()((set, get) => {
    const save = (layout: ColumnLayout): void => {
      set({ layout });
      try {
        storage?.setItem(layoutKey(get().projectId), JSON.stringify(layout));
      } catch {
        // full or blocked storage: the layout lives for this session only
      }
    };
    const change = (columns: LayoutColumn[]): void => save({ ...get().layout, columns: ordered(columns), customized: true });
    const keyed = (key: string) => get().layout.columns.findIndex((c) => columnKey(c.column) === key);
    return {
      projectId: null,
      layout: defaultLayout(),
      load(projectId) {
        let stored: string | null = null;
        try {
          stored = storage?.getItem(layoutKey(projectId)) ?? null;
        } catch {
          stored = null;
        }
        const layout = parseLayout(stored);
        set({ projectId, layout: layout ?? defaultLayout() });
        return layout !== null;
      },
      offer(available) {
        const { layout } = get();
        if (layout.customized) return;
        const next = withDefaults(layout, available);
        // Remembered uncustomized: the next start asks for these columns without waiting for the list.
        if (JSON.stringify(next.columns) !== JSON.stringify(layout.columns)) save(next);
      },
      toggle(column, shown) {
        const key = columnKey(column);
        const columns = get().layout.columns;
        const has = columns.some((c) => columnKey(c.column) === key);
        if (shown && !has) change([...columns, newLayoutColumn(column)]);
        if (!shown && has) change(columns.filter((c) => columnKey(c.column) !== key));
      },
      move(key, beforeKey) {
        const columns = [...get().layout.columns];
        const from = keyed(key);
        if (from === -1 || key === beforeKey) return;
        const [moved] = columns.splice(from, 1);
        const to = beforeKey === null ? columns.length : columns.findIndex((c) => columnKey(c.column) === beforeKey);
        const target = beforeKey === null || to === -1 ? columns.length : to;
        // Dropped among the pinned columns it becomes pinned, among the others unpinned.
        const neighbour = columns[target] ?? columns[target - 1];
        columns.splice(target, 0, { ...moved, pinned: neighbour ? neighbour.pinned : moved.pinned });
        change(columns);
      },
      nudge(key, by) {
        const columns = ordered(get().layout.columns);
        const from = columns.findIndex((c) => columnKey(c.column) === key);
        const to = from + by;
        if (from === -1 || to < 0 || to >= columns.length || columns[to].pinned !== columns[from].pinned) return;
        [columns[from], columns[to]] = [columns[to], columns[from]];
        change(columns);
      },
      resize(key, width) {
        const index = keyed(key);
        if (index === -1) return;
        const columns = [...get().layout.columns];
        columns[index] = { ...columns[index], width: Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, width))) };
        change(columns);
      },
      pin(key, pinned) {
        const index = keyed(key);
        if (index === -1) return;
        const columns = [...get().layout.columns];
        const [column] = columns.splice(index, 1);
        // A newly pinned column goes last among the pinned; an unpinned one first among the rest.
        const pinnedCount = columns.filter((c) => c.pinned).length;
        columns.splice(pinnedCount, 0, { ...column, pinned });
        change(columns);
      },
      setDensity(density) {
        save({ ...get().layout, density });
      },
      reset(available) {
        const fresh = { ...defaultLayout(), density: get().layout.density };
        save(available ? withDefaults(fresh, available) : fresh);
      },
    };
  });
}

function browserStorage(): LayoutStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export const columnLayoutStore = createColumnLayoutStore(browserStorage());

export function useColumnLayout<T>(selector: (state: ColumnLayoutState) => T): T {
  return useStore(columnLayoutStore, selector);
}

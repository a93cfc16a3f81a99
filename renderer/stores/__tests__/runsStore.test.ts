import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../../shared/errors';
import type { RunAnnotation, RunColumnsAvailable, RunGroup, RunRow, RunsPage } from '../../../shared/runQuery';
import type { AnnotateArgs, RunsChanged, RunsClient, RunsQueryArgs } from '../../api/runsClient';
import { createColumnLayoutStore, layoutKey, type LayoutStorage } from '../runs/columnLayout';
import { PAGE_SIZE } from '../runs/query';
import { rowAtOffset, selectDisplayCount, selectMixedSortColumns } from '../runs/selectors';
import { createRunsStore, type FilterParser } from '../runs/store';
import { createUiStore } from '../ui/store';

function row(id: string, overrides: Partial<RunRow> = {}): RunRow {
  return {
    id,
    projectId: 1,
    source: 'native',
    experiment: 'default',
    name: id,
    sourceRunId: id,
    path: `/p/${id}`,
    status: 'FINISHED',
    statusReason: null,
    startTime: 1000,
    endTime: 2000,
    lastActivity: 2000,
    warningCount: 0,
    deleted: false,
    annotation: null,
    values: {},
    ...overrides,
  };
}

/** `total` runs named r0…r(total-1); the window asked for. */
function pageOf(args: RunsQueryArgs, total: number, extra: Partial<RunsPage> = {}): RunsPage {
  const rows: RunRow[] = [];
  for (let i = args.offset; i < Math.min(total, args.offset + args.limit); i += 1) rows.push(row(`r${i}`));
  return { total, offset: args.offset, rows, groups: null, mixedColumns: [], ...extra };
}

/** A client whose answers the test releases by hand, in any order. */
function scriptedClient() {
  const queries: { args: RunsQueryArgs; resolve: (r: Result<RunsPage>) => void }[] = [];
  const columns: { resolve: (r: Result<RunColumnsAvailable>) => void }[] = [];
  const annotates: { args: AnnotateArgs; resolve: (r: Result<{ annotations: Record<string, RunAnnotation> }>) => void }[] = [];
  let listener: ((change: RunsChanged) => void) | null = null;
  const unused = () => Promise.reject(new Error('unused'));
  const client: RunsClient = {
    list: unused,
    get: unused,
    metricSeries: unused,
    series: unused,
    artifact: unused,
    query: (args) => new Promise((resolve) => queries.push({ args, resolve })),
    columns: () => new Promise((resolve) => columns.push({ resolve })),
    annotate: (args) => new Promise((resolve) => annotates.push({ args, resolve })),
    onChanged(l) {
      listener = l;
      return () => {
        listener = null;
      };
    },
  };
  /** The row-window requests (the sources query asks for limit 0). */
  const windows = () => queries.filter((q) => q.args.limit > 0);
  const pending = new Set<number>();
  return {
    client,
    queries,
    columns,
    annotates,
    windows,
    emit: (change: RunsChanged) => listener?.(change),
    hasListener: () => listener !== null,
    /** Answers every unanswered window request with `total` runs. */
    answerWindows(total: number, extra: Partial<RunsPage> = {}) {
      queries.forEach((q, i) => {
        if (q.args.limit > 0 && !pending.has(i)) {
          pending.add(i);
          q.resolve({ ok: true, value: pageOf(q.args, total, extra) });
        }
      });
    },
    answerSources(total: number) {
      queries.forEach((q, i) => {
        if (q.args.limit === 0 && !pending.has(i)) {
          pending.add(i);
          q.resolve({ ok: true, value: { total, offset: 0, rows: [], groups: [{ value: 'native', count: total, aggregates: {} }], mixedColumns: [] } });
        }
      });
    },
  };
}

function memoryStorage(initial: Record<string, string> = {}): LayoutStorage & { data: Record<string, string> } {
  const data = { ...initial };
  return { data, getItem: (k) => data[k] ?? null, setItem: (k, v) => void (data[k] = v) };
}

/** Fails on "!!" (at its position), like a parser would. */
const parser: FilterParser = (text) => {
  const at = text.indexOf('!!');
  return at === -1 ? { ok: true } : { ok: false, error: { message: 'unexpected "!!"', position: at, length: 2 } };
};

const flush = async () => {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
};

function setup(options: { storage?: LayoutStorage; projectId?: number | null } = {}) {
  const api = scriptedClient();
  const ui = createUiStore(null);
  if (options.projectId !== undefined) ui.getState().selectProject(options.projectId);
  const layout = createColumnLayoutStore(options.storage ?? memoryStorage());
  const store = createRunsStore(api.client, { ui, layout, parseFilter: parser });
  return { api, ui, layout, store };
}

const storedLayout = (projectId: number | null) =>
  memoryStorage({
    [layoutKey(projectId)]: JSON.stringify({
      version: 1,
      customized: true,
      density: 'compact',
      columns: [
        { column: { kind: 'attribute', name: 'name' }, width: 200, pinned: true },
        { column: { kind: 'metric', name: 'loss' }, width: 100, pinned: false },
      ],
    }),
  });

describe('runs query store', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('waits for the first metric and param columns when no layout is remembered, then asks for them', async () => {
    const { api, store, layout } = setup({ projectId: 3 });
    store.getState().startSync();
    expect(store.getState().status).toBe('loading');
    expect(api.windows()).toHaveLength(0); // the columns come first
    api.columns[0].resolve({ ok: true, value: { metrics: ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7'], params: ['lr'], tags: ['team'] } });
    await flush();
    const [first] = api.windows();
    expect(first.args).toMatchObject({ projectId: 3, offset: 0, limit: PAGE_SIZE });
    expect(first.args.columns.map((c) => c.name)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'lr']);
    expect(layout.getState().layout.customized).toBe(false);
    api.answerWindows(3);
    await flush();
    expect(store.getState().status).toBe('ready');
    expect(store.getState().total).toBe(3);
    expect(rowAtOffset(store.getState().pages, 2)?.id).toBe('r2');
  });

  it('asks at once, with the remembered columns, when a layout is stored; only the shown columns', async () => {
    const { api, store } = setup({ projectId: 1, storage: storedLayout(1) });
    store.getState().startSync();
    expect(api.windows()).toHaveLength(1);
    expect(api.windows()[0].args.columns).toEqual([{ kind: 'metric', name: 'loss' }]);
  });

  it('follows the UI filter after a debounce, drops the older answer, and ANDs the source filter', async () => {
    const { api, ui, store } = setup({ projectId: 1, storage: storedLayout(1) });
    store.getState().startSync();
    const first = api.windows()[0];
    ui.getState().setRunFilter('metrics.loss < 1');
    expect(api.windows()).toHaveLength(1); // debounced
    await vi.advanceTimersByTimeAsync(150);
    const second = api.windows()[1];
    expect(second.args.filter).toBe('metrics.loss < 1');
    second.resolve({ ok: true, value: pageOf(second.args, 2) });
    first.resolve({ ok: true, value: pageOf(first.args, 50) }); // late and stale
    await flush();
    expect(store.getState().total).toBe(2);

    ui.getState().setSourceFilter('mlflow');
    const third = api.windows()[2];
    expect(third.args.filter).toBe("attributes.source = 'mlflow' and (metrics.loss < 1)");
  });

  it('shows where the filter fails without asking, keeping the rows; a good filter asks again', async () => {
    const { api, ui, store } = setup({ projectId: 1, storage: storedLayout(1) });
    store.getState().startSync();
    api.answerWindows(5);
    await flush();
    ui.getState().setRunFilter('lr !! 3');
    await vi.advanceTimersByTimeAsync(150);
    expect(store.getState().filterError).toEqual({ message: 'unexpected "!!"', position: 3, length: 2 });
    expect(api.windows()).toHaveLength(1);
    expect(rowAtOffset(store.getState().pages, 0)?.id).toBe('r0');
    ui.getState().setRunFilter('lr');
    await vi.advanceTimersByTimeAsync(150);
    expect(store.getState().filterError).toBeNull();
    expect(api.windows()[1].args.filter).toBe('lr');
  });

  it('maps a backend bad-filter position back to the user text and returns to the last good filter', async () => {
    const { api, ui, store } = setup({ projectId: 1, storage: storedLayout(1) });
    store.getState().startSync();
    api.answerWindows(5);
    await flush();
    ui.getState().setSourceFilter('mlflow');
    ui.getState().setRunFilter('params.x = 1');
    await vi.advanceTimersByTimeAsync(150);
    const bad = api.windows().at(-1)!;
    expect(bad.args.filter).toBe("attributes.source = 'mlflow' and (params.x = 1)");
    // "col 46" is 1-based in the combined text, whose user part starts at 0-based 34: the "1" at 11.
    bad.resolve({ ok: false, error: { code: 'bad-filter', message: 'col 46: params compare as text' } });
    await flush();
    expect(store.getState().filterError).toMatchObject({ position: 11, message: 'params compare as text' });
    expect(api.windows().at(-1)!.args.filter).toBeUndefined(); // back to what worked (no filter)
    expect(rowAtOffset(store.getState().pages, 0)?.id).toBe('r0');
  });

  it('fetches the pages around what is in view and drops far ones', async () => {
    const { api, store } = setup({ projectId: 1, storage: storedLayout(1) });
    store.getState().startSync();
    api.answerWindows(10_000);
    await flush();
    store.getState().setVisibleRange(5000, 5040);
    const offsets = api.windows().slice(1).map((q) => q.args.offset);
    expect(offsets).toEqual([4900, 5000]); // 4960..5080 with the margin
    api.answerWindows(10_000);
    await flush();
    expect(Object.keys(store.getState().pages).map(Number).sort((a, b) => a - b)).toEqual([49, 50]);
    // Back near the top: the first page again, nothing asked twice while in flight.
    store.getState().setVisibleRange(10, 50);
    store.getState().setVisibleRange(11, 51);
    expect(api.windows().filter((q) => q.args.offset === 0)).toHaveLength(2);
  });

  it('refetches what is shown after runs change, debounced, without clearing it', async () => {
    const { api, store } = setup({ projectId: 1, storage: storedLayout(1) });
    store.getState().startSync();
    api.answerWindows(3);
    await flush();
    const before = store.getState().revision;
    api.emit({ projectId: 2, runIds: [] }); // another project: ignored
    api.emit({ projectId: 1, runIds: ['r1'] });
    api.emit({ projectId: 1, runIds: ['r2'] });
    await vi.advanceTimersByTimeAsync(150);
    expect(api.windows()).toHaveLength(2);
    expect(rowAtOffset(store.getState().pages, 1)?.id).toBe('r1'); // still shown
    api.answerWindows(4);
    await flush();
    expect(store.getState().total).toBe(4);
    expect(store.getState().revision).toBe(before + 1);
    expect(store.getState().status).toBe('ready');
  });

  it('stars at once, keeps the answer, then refetches', async () => {
    const { api, store } = setup({ projectId: 1, storage: storedLayout(1) });
    store.getState().startSync();
    api.answerWindows(3);
    await flush();
    const done = store.getState().annotate(['r1'], { starred: true, tags: { team: 'vision' } });
    expect(rowAtOffset(store.getState().pages, 1)?.annotation).toMatchObject({ starred: true, tags: { team: 'vision' } });
    expect(api.annotates[0].args).toEqual({ runIds: ['r1'], starred: true, tags: { team: 'vision' } });
    const saved: RunAnnotation = { starred: true, note: 'kept', color: null, hidden: false, tags: { team: 'vision' } };
    api.annotates[0].resolve({ ok: true, value: { annotations: { r1: saved } } });
    await done;
    expect(rowAtOffset(store.getState().pages, 1)?.annotation).toEqual(saved);
    await vi.advanceTimersByTimeAsync(150);
    expect(api.windows()).toHaveLength(2);
  });

  it('sorts by header clicks: asc, desc, off; shift adds a key; a mixed sort column is named', async () => {
    const { api, store } = setup({ projectId: 1, storage: storedLayout(1) });
    store.getState().startSync();
    const loss = { kind: 'metric', name: 'loss' } as const;
    const name = { kind: 'attribute', name: 'name' } as const;
    store.getState().toggleSort(loss, false);
    expect(store.getState().query.orderBy).toEqual([{ column: loss, descending: false }]);
    store.getState().toggleSort(name, true);
    expect(store.getState().query.orderBy).toEqual([{ column: loss, descending: false }, { column: name, descending: false }]);
    store.getState().toggleSort(loss, true);
    store.getState().toggleSort(loss, true);
    expect(store.getState().query.orderBy).toEqual([{ column: name, descending: false }]);
    store.getState().toggleSort({ kind: 'param', name: 'lr' }, false);
    const last = api.windows().at(-1)!;
    expect(last.args.orderBy).toEqual([{ column: { kind: 'param', name: 'lr' }, descending: false }]);
    last.resolve({ ok: true, value: pageOf(last.args, 3, { mixedColumns: ['params.lr'] }) });
    await flush();
    expect(selectMixedSortColumns(store.getState())).toEqual(['params.lr']);
  });

  it('selects every match by asking for ids only, 2000 at a time, capped at 10,000', async () => {
    const { api, store } = setup({ projectId: 1, storage: storedLayout(1) });
    store.getState().startSync();
    api.answerWindows(12_000);
    await flush();
    const all = store.getState().allMatchingIds();
    for (let i = 0; i < 5; i += 1) {
      await flush();
      const ask = api.windows().at(-1)!;
      expect(ask.args).toMatchObject({ offset: i * 2000, limit: 2000, columns: [] });
      ask.resolve({ ok: true, value: pageOf(ask.args, 12_000) });
    }
    const result = await all;
    expect(result?.ids).toHaveLength(10_000);
    expect(result?.capped).toBe(true);
  });

  it('gives the ids of a range from the rows held, or asks for the missing ones', async () => {
    const { api, store } = setup({ projectId: 1, storage: storedLayout(1) });
    store.getState().startSync();
    api.answerWindows(1000);
    await flush();
    const asked = api.windows().length;
    expect(await store.getState().idsInRange(12, 10)).toEqual(['r10', 'r11', 'r12']);
    expect(api.windows()).toHaveLength(asked);
    const far = store.getState().idsInRange(10, 700);
    await flush();
    const ask = api.windows().at(-1)!;
    expect(ask.args).toMatchObject({ offset: 10, limit: 691, columns: [] });
    ask.resolve({ ok: true, value: pageOf(ask.args, 1000) });
    expect(await far).toHaveLength(691);
  });

  it('groups: sends groupBy with the shown metrics, and folds a group out of the display rows', async () => {
    const { api, store } = setup({ projectId: 1, storage: storedLayout(1) });
    store.getState().startSync();
    store.getState().setGroupBy({ kind: 'param', name: 'model' });
    const ask = api.windows().at(-1)!;
    expect(ask.args).toMatchObject({ groupBy: { kind: 'param', name: 'model' }, aggregateMetrics: ['loss'] });
    const groups: RunGroup[] = [
      { value: 'cnn', count: 2, aggregates: { loss: { mean: 0.5, min: 0.4, max: 0.6 } } },
      { value: 'mlp', count: 1, aggregates: {} },
    ];
    ask.resolve({ ok: true, value: pageOf(ask.args, 3, { groups }) });
    await flush();
    expect(selectDisplayCount(store.getState())).toBe(5);
    store.getState().toggleGroup('"cnn"');
    expect(selectDisplayCount(store.getState())).toBe(3);
  });

  it('starts over for another project, with that project’s layout, and stops listening when asked', async () => {
    const { api, ui, store } = setup({ projectId: 1, storage: storedLayout(1) });
    const stop = store.getState().startSync();
    api.answerWindows(3);
    await flush();
    ui.getState().selectProject(2);
    expect(store.getState().total).toBeNull();
    expect(store.getState().status).toBe('loading');
    expect(Object.keys(store.getState().pages)).toHaveLength(0);
    stop();
    expect(api.hasListener()).toBe(false);
  });

  it('shows an error with the message, and a retry asks again', async () => {
    const { api, store } = setup({ projectId: 1, storage: storedLayout(1) });
    store.getState().startSync();
    api.windows()[0].resolve({ ok: false, error: { code: 'internal', message: 'disk gone' } });
    await flush();
    expect(store.getState().status).toBe('error');
    expect(store.getState().error?.message).toBe('disk gone');
    void store.getState().refresh();
    expect(api.windows()).toHaveLength(2);
    api.answerWindows(1);
    await flush();
    expect(store.getState().status).toBe('ready');
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../../../shared/errors';
import type { RunColumnsAvailable, RunsPage } from '../../../../shared/runQuery';
import type { RunsChanged, RunsColumnsArgs, RunsQueryArgs } from '../../../api/runsClient';
import { REFETCH_DEBOUNCE_MS } from '../../../stores/latest';
import { createUiStore } from '../../../stores/ui/store';
import { createCompareStore, type CompareClient } from '../compareStore';
import { makeRow } from './rows';

/** A client whose answers the test releases by hand. */
function scriptedClient() {
  const columns: { args: RunsColumnsArgs; resolve: (r: Result<RunColumnsAvailable>) => void }[] = [];
  const queries: { args: RunsQueryArgs; resolve: (r: Result<RunsPage>) => void }[] = [];
  let listener: ((change: RunsChanged) => void) | null = null;
  const client: CompareClient = {
    columns: (args) => new Promise((resolve) => columns.push({ args, resolve })),
    query: (args) => new Promise((resolve) => queries.push({ args, resolve })),
    onChanged(l) {
      listener = l;
      return () => {
        listener = null;
      };
    },
  };
  return { client, columns, queries, emit: (change: RunsChanged) => listener?.(change) };
}

const page = (rows: RunsPage['rows']): Result<RunsPage> => ({
  ok: true,
  value: { total: rows.length, offset: 0, rows, groups: null, mixedColumns: [] },
});
const available = (metrics: string[] = ['loss']): Result<RunColumnsAvailable> => ({ ok: true, value: { params: ['lr'], tags: [], metrics } });

describe('compare store', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
  afterEach(() => vi.useRealTimers());

  async function answer(s: ReturnType<typeof scriptedClient>, ids: string[]) {
    s.columns.at(-1)!.resolve(available());
    await vi.advanceTimersByTimeAsync(0);
    s.queries.at(-1)!.resolve(page(ids.map((id) => makeRow(id, { 'params.lr': 0.1 }))));
    await vi.advanceTimersByTimeAsync(0);
  }

  it('asks for the compared runs only, every param and the metric summaries, and keeps the compared order', async () => {
    const ui = createUiStore(null);
    ui.getState().compareRuns(['b', 'a']);
    const s = scriptedClient();
    const store = createCompareStore(s.client, ui);
    const stop = store.getState().startSync();
    expect(s.columns[0].args).toEqual({ includeDeleted: true, includeHidden: true, runIds: ['b', 'a'] });
    s.columns[0].resolve(available());
    await vi.advanceTimersByTimeAsync(0);
    expect(s.queries[0].args).toMatchObject({ runIds: ['b', 'a'], offset: 0, limit: 2, includeDeleted: true, includeHidden: true });
    expect(s.queries[0].args.columns).toEqual([
      { kind: 'param', name: 'lr' },
      { kind: 'metric', name: 'loss', summary: 'last' },
      { kind: 'metric', name: 'loss', summary: 'min' },
      { kind: 'metric', name: 'loss', summary: 'max' },
    ]);
    s.queries[0].resolve(page([makeRow('a'), makeRow('b')]));
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().status).toBe('ready');
    expect(store.getState().rows.map((r) => r.id)).toEqual(['b', 'a']);
    stop();
  });

  it('follows the comparison: a new set of runs refetches, an older answer is dropped', async () => {
    const ui = createUiStore(null);
    ui.getState().compareRuns(['a', 'b']);
    const s = scriptedClient();
    const store = createCompareStore(s.client, ui);
    const stop = store.getState().startSync();
    ui.getState().compareRuns(['a', 'c']);
    expect(s.columns).toHaveLength(2);
    s.columns[0].resolve(available());
    await vi.advanceTimersByTimeAsync(0);
    expect(s.queries).toHaveLength(0); // the first request is stale
    await answer(s, ['a', 'c']);
    expect(store.getState().rows.map((r) => r.id)).toEqual(['a', 'c']);
    stop();
  });

  it('drops a run the store no longer has, says so, and forgets it in the ui store', async () => {
    const ui = createUiStore(null);
    ui.getState().compareRuns(['a', 'b', 'gone']);
    const s = scriptedClient();
    const store = createCompareStore(s.client, ui);
    const stop = store.getState().startSync();
    await answer(s, ['a', 'b']);
    expect(store.getState().gone).toEqual(['gone']);
    expect(ui.getState().comparedRunIds).toEqual(['a', 'b']);
    // Forgetting asked again, without it; the notice stays until dismissed.
    expect(s.columns.at(-1)!.args.runIds).toEqual(['a', 'b']);
    await answer(s, ['a', 'b']);
    expect(store.getState().gone).toEqual(['gone']);
    store.getState().dismissGone();
    expect(store.getState().gone).toEqual([]);
    stop();
  });

  it('refetches on a change to a compared run, not on others', async () => {
    const ui = createUiStore(null);
    ui.getState().compareRuns(['a', 'b']);
    const s = scriptedClient();
    const store = createCompareStore(s.client, ui);
    const stop = store.getState().startSync();
    await answer(s, ['a', 'b']);
    s.emit({ projectId: 1, runIds: ['other'] });
    await vi.advanceTimersByTimeAsync(REFETCH_DEBOUNCE_MS * 2);
    expect(s.columns).toHaveLength(1);
    s.emit({ projectId: 1, runIds: ['b'] });
    s.emit({ projectId: 1, runIds: ['a'] });
    await vi.advanceTimersByTimeAsync(REFETCH_DEBOUNCE_MS * 2);
    expect(s.columns).toHaveLength(2); // one refetch for the burst
    stop();
    s.emit({ projectId: 1, runIds: ['a'] });
    await vi.advanceTimersByTimeAsync(REFETCH_DEBOUNCE_MS * 2);
    expect(s.columns).toHaveLength(2);
  });

  it('ignores wanted metrics it has or that do not exist', async () => {
    const ui = createUiStore(null);
    ui.getState().compareRuns(['a', 'b']);
    const s = scriptedClient();
    const store = createCompareStore(s.client, ui);
    const stop = store.getState().startSync();
    await answer(s, ['a', 'b']);
    store.getState().wantMetrics(['loss', 'nope']);
    await vi.advanceTimersByTimeAsync(REFETCH_DEBOUNCE_MS * 2);
    expect(s.columns).toHaveLength(1);
    stop();
  });

  it('asks again with a wanted metric past the first ones by name', async () => {
    const ui = createUiStore(null);
    ui.getState().compareRuns(['a', 'b']);
    const s = scriptedClient();
    const store = createCompareStore(s.client, ui);
    const stop = store.getState().startSync();
    const many = Array.from({ length: 100 }, (_, i) => `m${String(i).padStart(3, '0')}`);
    s.columns[0].resolve(available(many));
    await vi.advanceTimersByTimeAsync(0);
    s.queries[0].resolve(page([makeRow('a'), makeRow('b')]));
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().plan?.metrics).not.toContain('m099');
    store.getState().wantMetrics(['m099']);
    store.getState().wantMetrics(['m099']);
    await vi.advanceTimersByTimeAsync(REFETCH_DEBOUNCE_MS * 2);
    expect(s.columns).toHaveLength(2);
    s.columns[1].resolve(available(many));
    await vi.advanceTimersByTimeAsync(0);
    expect(s.queries[1].args.columns).toContainEqual({ kind: 'metric', name: 'm099', summary: 'last' });
    stop();
  });

  it('shows an error, keeping what it had, and does not ask with fewer than two runs', async () => {
    const ui = createUiStore(null);
    ui.getState().compareRuns(['a']);
    const s = scriptedClient();
    const store = createCompareStore(s.client, ui);
    const stop = store.getState().startSync();
    expect(s.columns).toHaveLength(0);
    expect(store.getState().status).toBe('idle');
    ui.getState().compareRuns(['a', 'b']);
    s.columns[0].resolve({ ok: false, error: { code: 'internal', message: 'boom' } });
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState()).toMatchObject({ status: 'error', error: { message: 'boom' } });
    stop();
  });
});

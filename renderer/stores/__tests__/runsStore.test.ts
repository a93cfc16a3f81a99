import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Run, RunDetail } from '../../../shared/domain';
import type { Result } from '../../../shared/errors';
import type { RunsChanged, RunsClient } from '../../api/runsClient';
import { createRunsStore } from '../runs/store';
import { makeRun } from './fixtures';

/** A client whose answers the test releases by hand, in any order. */
function scriptedClient() {
  const pending: { projectId: number | null; includeDeleted: boolean; resolve: (r: Result<Run[]>) => void }[] = [];
  const gets: { runId: string; resolve: (r: Result<RunDetail>) => void }[] = [];
  let listener: ((change: RunsChanged) => void) | null = null;
  const client: RunsClient = {
    list: (projectId, options) =>
      new Promise((resolve) => pending.push({ projectId, includeDeleted: options?.includeDeleted ?? false, resolve })),
    get: (runId) => new Promise((resolve) => gets.push({ runId, resolve })),
    metricSeries: () => Promise.reject(new Error('unused')),
    onChanged(l) {
      listener = l;
      return () => {
        listener = null;
      };
    },
  };
  return {
    client,
    pending,
    gets,
    emit: (change: RunsChanged) => listener?.(change),
    hasListener: () => listener !== null,
  };
}

const flush = () => new Promise<void>((resolve) => queueMicrotask(resolve));

describe('runs store', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('loads the runs of the project it is asked to show', async () => {
    const api = scriptedClient();
    const store = createRunsStore(api.client);
    store.getState().show(3);
    expect(store.getState().status).toBe('loading');
    expect(api.pending[0].projectId).toBe(3);
    api.pending[0].resolve({ ok: true, value: [makeRun({ id: 'r1', projectId: 3 })] });
    await flush();
    expect(store.getState().status).toBe('ready');
    expect(store.getState().runs.map((r) => r.id)).toEqual(['r1']);
  });

  it('ignores an answer that arrives after a newer request', async () => {
    const api = scriptedClient();
    const store = createRunsStore(api.client);
    store.getState().show(1);
    store.getState().show(2);
    api.pending[1].resolve({ ok: true, value: [makeRun({ id: 'from-2', projectId: 2 })] });
    api.pending[0].resolve({ ok: true, value: [makeRun({ id: 'from-1', projectId: 1 })] });
    await flush();
    expect(store.getState().projectId).toBe(2);
    expect(store.getState().runs.map((r) => r.id)).toEqual(['from-2']);
  });

  it('keeps the backend error to show it', async () => {
    const api = scriptedClient();
    const store = createRunsStore(api.client);
    store.getState().show(null);
    api.pending[0].resolve({ ok: false, error: { code: 'store-busy', message: 'The index is locked' } });
    await flush();
    expect(store.getState().status).toBe('error');
    expect(store.getState().error?.message).toBe('The index is locked');
  });

  it('refetches once, 150 ms after a burst of change events for the shown project', async () => {
    const api = scriptedClient();
    const store = createRunsStore(api.client);
    const stop = store.getState().startSync();
    store.getState().show(5);
    api.pending[0].resolve({ ok: true, value: [] });
    await flush();

    api.emit({ projectId: 5, runIds: ['a'] });
    api.emit({ projectId: 5, runIds: ['b'] });
    api.emit({ projectId: null, runIds: [] });
    vi.advanceTimersByTime(149);
    expect(api.pending).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(api.pending).toHaveLength(2);
    expect(api.pending[1].projectId).toBe(5);

    stop();
    expect(api.hasListener()).toBe(false);
  });

  it('does not refetch for changes in another project', async () => {
    const api = scriptedClient();
    const store = createRunsStore(api.client);
    store.getState().startSync();
    store.getState().show(5);
    api.emit({ projectId: 6, runIds: ['x'] });
    vi.advanceTimersByTime(500);
    expect(api.pending).toHaveLength(1);
  });

  it('keeps showing the old runs while a refresh is on its way', async () => {
    const api = scriptedClient();
    const store = createRunsStore(api.client);
    store.getState().show(null);
    api.pending[0].resolve({ ok: true, value: [makeRun({ id: 'old' })] });
    await flush();
    void store.getState().refresh();
    expect(store.getState().runs.map((r) => r.id)).toEqual(['old']);
    expect(store.getState().status).toBe('ready');
  });

  it('fetches only the changed runs when a few known runs change', async () => {
    const api = scriptedClient();
    const store = createRunsStore(api.client);
    store.getState().startSync();
    store.getState().show(null);
    const a = makeRun({ id: 'a' });
    const b = makeRun({ id: 'b' });
    api.pending[0].resolve({ ok: true, value: [a, b] });
    await flush();

    api.emit({ projectId: 1, runIds: ['b'] });
    vi.advanceTimersByTime(150);
    expect(api.pending).toHaveLength(1); // no whole-list refetch
    expect(api.gets.map((g) => g.runId)).toEqual(['b']);
    const newer = { ...makeRun({ id: 'b', status: 'FAILED' }), experimentTags: {}, artifacts: [], warnings: [] };
    api.gets[0].resolve({ ok: true, value: newer });
    await flush();
    await flush();
    const runs = store.getState().runs;
    expect(runs.map((r) => [r.id, r.status])).toEqual([['a', 'FINISHED'], ['b', 'FAILED']]);
    expect(runs[0]).toBe(a); // untouched runs keep their identity
    expect('artifacts' in runs[1]).toBe(false);
  });

  it('refetches the list when a changed run is new or gone', async () => {
    const api = scriptedClient();
    const store = createRunsStore(api.client);
    store.getState().startSync();
    store.getState().show(null);
    api.pending[0].resolve({ ok: true, value: [makeRun({ id: 'a' })] });
    await flush();

    api.emit({ projectId: 1, runIds: ['new-run'] });
    vi.advanceTimersByTime(150);
    expect(api.pending).toHaveLength(2);
    api.pending[1].resolve({ ok: true, value: [makeRun({ id: 'a' })] });
    await flush();

    api.emit({ projectId: 1, runIds: ['a'] });
    vi.advanceTimersByTime(150);
    api.gets[0].resolve({ ok: false, error: { code: 'not-found', message: 'No run a' } });
    await flush();
    await flush();
    vi.advanceTimersByTime(150);
    expect(api.pending).toHaveLength(3);
  });

  it('keeps one list request in flight and follows it with one more', async () => {
    const api = scriptedClient();
    const store = createRunsStore(api.client);
    store.getState().startSync();
    store.getState().show(null);
    api.pending[0].resolve({ ok: true, value: [] });
    await flush();

    api.emit({ projectId: null, runIds: [] });
    vi.advanceTimersByTime(150);
    expect(api.pending).toHaveLength(2);
    api.emit({ projectId: null, runIds: [] });
    vi.advanceTimersByTime(150);
    api.emit({ projectId: null, runIds: [] });
    vi.advanceTimersByTime(150);
    expect(api.pending).toHaveLength(2); // still waiting for the first answer
    api.pending[1].resolve({ ok: true, value: [] });
    await flush();
    await flush();
    vi.advanceTimersByTime(150);
    expect(api.pending).toHaveLength(3);
  });

  it('refetches the list when a changed run was deleted in its source', async () => {
    const api = scriptedClient();
    const store = createRunsStore(api.client);
    store.getState().startSync();
    store.getState().show(null);
    api.pending[0].resolve({ ok: true, value: [makeRun({ id: 'a' })] });
    await flush();

    api.emit({ projectId: 1, runIds: ['a'] });
    vi.advanceTimersByTime(150);
    api.gets[0].resolve({ ok: true, value: { ...makeRun({ id: 'a', deleted: true }), experimentTags: {}, artifacts: [], warnings: [] } });
    await flush();
    await flush();
    vi.advanceTimersByTime(150);
    expect(api.pending).toHaveLength(2);
    expect(store.getState().runs[0].deleted).toBe(false); // the list, not the single fetch, removes it
  });

  it('asks for deleted runs only once they are to be shown', async () => {
    const api = scriptedClient();
    const store = createRunsStore(api.client);
    store.getState().show(2);
    expect(api.pending[0].includeDeleted).toBe(false);
    api.pending[0].resolve({ ok: true, value: [makeRun({ id: 'kept' })] });
    await flush();

    store.getState().setIncludeDeleted(true);
    expect(api.pending).toHaveLength(2);
    expect(api.pending[1]).toMatchObject({ projectId: 2, includeDeleted: true });
    // The rows stay up while the longer list is on its way.
    expect(store.getState().runs.map((r) => r.id)).toEqual(['kept']);
    expect(store.getState().status).toBe('ready');
    api.pending[1].resolve({ ok: true, value: [makeRun({ id: 'kept' }), makeRun({ id: 'gone', deleted: true })] });
    await flush();
    expect(store.getState().runs.map((r) => r.id)).toEqual(['kept', 'gone']);

    store.getState().setIncludeDeleted(true); // no change, no request
    expect(api.pending).toHaveLength(2);
    store.getState().setIncludeDeleted(false);
    expect(api.pending[2].includeDeleted).toBe(false);
  });

  it('asks the first list with the flag set before anything was shown, once', () => {
    const api = scriptedClient();
    const store = createRunsStore(api.client);
    store.getState().setIncludeDeleted(true);
    expect(api.pending).toHaveLength(0);
    store.getState().show(null);
    expect(api.pending).toHaveLength(1);
    expect(api.pending[0].includeDeleted).toBe(true);
  });

  it('keeps asking for deleted runs on refetches after change events', async () => {
    const api = scriptedClient();
    const store = createRunsStore(api.client);
    store.getState().startSync();
    store.getState().setIncludeDeleted(true);
    store.getState().show(1);
    api.pending[0].resolve({ ok: true, value: [] });
    await flush();
    api.emit({ projectId: 1, runIds: [] });
    vi.advanceTimersByTime(150);
    expect(api.pending[1].includeDeleted).toBe(true);
  });

  it('updates a run deleted in its source in place while deleted runs are shown', async () => {
    const api = scriptedClient();
    const store = createRunsStore(api.client);
    store.getState().startSync();
    store.getState().setIncludeDeleted(true);
    store.getState().show(null);
    api.pending[0].resolve({ ok: true, value: [makeRun({ id: 'a' })] });
    await flush();

    api.emit({ projectId: 1, runIds: ['a'] });
    vi.advanceTimersByTime(150);
    api.gets[0].resolve({ ok: true, value: { ...makeRun({ id: 'a', deleted: true }), experimentTags: {}, artifacts: [], warnings: [] } });
    await flush();
    await flush();
    vi.advanceTimersByTime(150);
    expect(api.pending).toHaveLength(1); // no whole-list refetch
    expect(store.getState().runs[0].deleted).toBe(true);
  });
});

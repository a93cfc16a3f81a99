import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IngestWarning } from '../../../shared/domain';
import type { Result } from '../../../shared/errors';
import type { WarningsClient } from '../../api/warningsClient';
import { selectWarningCount } from '../warnings/selectors';
import { createWarningsStore } from '../warnings/store';

/** A client whose answers the test releases by hand. */
function scriptedClient() {
  const pending: { projectId: number | null; resolve: (r: Result<IngestWarning[]>) => void }[] = [];
  let listener: ((projectId: number | null) => void) | null = null;
  const client: WarningsClient = {
    list: (projectId) => new Promise((resolve) => pending.push({ projectId, resolve })),
    onChanged(l) {
      listener = l;
      return () => {
        listener = null;
      };
    },
  };
  return { client, pending, emit: (projectId: number | null) => listener?.(projectId), hasListener: () => listener !== null };
}

const flush = () => new Promise<void>((resolve) => queueMicrotask(resolve));
const warning = (path: string): IngestWarning => ({ path, runId: null, message: 'Bad CRC', count: 1, at: 1 });

describe('warnings store', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('lists the warnings of the project it is asked to show', async () => {
    const api = scriptedClient();
    const store = createWarningsStore(api.client);
    store.getState().show(4);
    expect(store.getState().status).toBe('loading');
    expect(api.pending[0].projectId).toBe(4);
    api.pending[0].resolve({ ok: true, value: [warning('/p/a'), warning('/p/b')] });
    await flush();
    expect(store.getState().status).toBe('ready');
    expect(selectWarningCount(store.getState())).toBe(2);
  });

  it('ignores an answer that arrives after a newer request', async () => {
    const api = scriptedClient();
    const store = createWarningsStore(api.client);
    store.getState().show(1);
    store.getState().show(null);
    api.pending[1].resolve({ ok: true, value: [] });
    api.pending[0].resolve({ ok: true, value: [warning('/p/a')] });
    await flush();
    expect(store.getState().projectId).toBeNull();
    expect(store.getState().warnings).toEqual([]);
  });

  it('keeps the backend error', async () => {
    const api = scriptedClient();
    const store = createWarningsStore(api.client);
    store.getState().show(null);
    api.pending[0].resolve({ ok: false, error: { code: 'store-busy', message: 'The index is locked' } });
    await flush();
    expect(store.getState().status).toBe('error');
    expect(store.getState().error?.message).toBe('The index is locked');
  });

  it('refetches once, 150 ms after a burst of changes, and not for another project', async () => {
    const api = scriptedClient();
    const store = createWarningsStore(api.client);
    const stop = store.getState().startSync();
    store.getState().show(5);
    api.pending[0].resolve({ ok: true, value: [] });
    await flush();

    api.emit(6);
    vi.advanceTimersByTime(500);
    expect(api.pending).toHaveLength(1);

    api.emit(5);
    api.emit(null);
    vi.advanceTimersByTime(149);
    expect(api.pending).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(api.pending).toHaveLength(2);
    expect(api.pending[1].projectId).toBe(5);

    stop();
    expect(api.hasListener()).toBe(false);
  });

  it('does not fetch on changes before anything is shown', () => {
    const api = scriptedClient();
    const store = createWarningsStore(api.client);
    store.getState().startSync();
    api.emit(null);
    vi.advanceTimersByTime(500);
    expect(api.pending).toHaveLength(0);
  });
});

// The drift stores against a client whose answers arrive by hand, in any
// order: the newest request wins, a change of the open monitor refetches
// (another's does not), progress is followed, shown alerts are marked seen
// once and stay marked new, and a batch is fetched once per computation.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { REFETCH_DEBOUNCE_MS } from '../../latest';
import { createBatchStore } from '../batchStore';
import { createDriftListStore } from '../listStore';
import { createMonitorStore } from '../monitorStore';
import { createDriftRouteStore } from '../route';
import { alert, batch, detail, failed, monitor, ok, scriptedDrift } from './harness';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

const flush = () => vi.advanceTimersByTimeAsync(0);

describe('the monitors list store', () => {
  it('lists monitors and alerts, refetches after events, and stops listening', async () => {
    const s = scriptedDrift();
    const store = createDriftListStore(s.client);
    const stop = store.getState().startSync();
    expect(s.alertLists[0].args).toEqual({ id: undefined, limit: 200 });
    s.monitorLists[0].resolve(ok([monitor({ unseenAlerts: 2 })]));
    s.alertLists[0].resolve(ok([alert(1)]));
    await flush();
    expect(store.getState()).toMatchObject({ status: 'ready', alertsStatus: 'ready' });
    s.emitAlert({ alerts: [alert(2)] });
    s.emitChanged(1);
    s.emitProgress({ monitorId: 1, done: 1, total: 3, batch: 'w1', phase: 'batches' });
    await vi.advanceTimersByTimeAsync(REFETCH_DEBOUNCE_MS);
    expect(s.monitorLists).toHaveLength(2); // one burst, one refetch; progress between batches does not count
    s.emitProgress({ monitorId: 1, done: 3, total: 3, batch: null, phase: 'done' });
    await vi.advanceTimersByTimeAsync(REFETCH_DEBOUNCE_MS);
    expect(s.monitorLists).toHaveLength(3);
    stop();
    expect(s.listeners()).toBe(0);
  });

  it('keeps the newest list whatever order the answers come in', async () => {
    const s = scriptedDrift();
    const store = createDriftListStore(s.client);
    void store.getState().load();
    void store.getState().load();
    s.monitorLists[1].resolve(ok([monitor({ name: 'new' })]));
    await flush();
    s.monitorLists[0].resolve(ok([monitor({ name: 'old' })]));
    await flush();
    expect(store.getState().monitors.map((m) => m.name)).toEqual(['new']);
  });

  it('shows the backend’s refusal of a new monitor, and lists the monitor it adds', async () => {
    const s = scriptedDrift();
    const store = createDriftListStore(s.client);
    const adding = store.getState().add({ name: 'x', reference: { kind: 'file', path: '/nope.csv' }, current: { kind: 'folder', path: '/d' } });
    expect(store.getState().adding).toBe(true);
    s.adds[0].resolve(failed('The reference /nope.csv does not exist'));
    await adding;
    expect(store.getState()).toMatchObject({ adding: false, addError: { message: 'The reference /nope.csv does not exist' } });
    const again = store.getState().add({ name: 'x', reference: { kind: 'file', path: '/r.csv' }, current: { kind: 'folder', path: '/d' } });
    expect(store.getState().addError).toBeNull();
    s.adds[1].resolve(ok(monitor({ id: 4 })));
    expect(await again).toMatchObject({ ok: true, value: { id: 4 } });
    expect(s.monitorLists).toHaveLength(1);
  });
});

function monitorSetup(route = { view: 'monitor' as const, id: 1, batch: null }) {
  const s = scriptedDrift();
  const routes = createDriftRouteStore();
  routes.getState().open(route);
  const seenAfter = vi.fn();
  const store = createMonitorStore(s.client, routes, seenAfter);
  const stop = store.getState().startSync();
  return { s, routes, store, stop, seenAfter };
}

describe('the monitor page store', () => {
  it('opens the routed monitor once, and not again for another batch or column of it', async () => {
    const { s, routes, store } = monitorSetup();
    expect(s.monitors.map((m) => m.args)).toEqual([1]);
    s.monitors[0].resolve(ok(detail({ batches: [batch('w1', [])] })));
    await flush();
    expect(store.getState().status).toBe('ready');
    routes.getState().open({ view: 'monitor', id: 1, batch: 'w1' });
    routes.getState().open({ view: 'column', id: 1, column: 'clinic', batch: 'w1' });
    routes.getState().open({ view: 'list' });
    expect(s.monitors).toHaveLength(1);
    routes.getState().open({ view: 'monitor', id: 2, batch: null });
    expect(store.getState()).toMatchObject({ id: 2, detail: null, status: 'loading' });
    expect(s.monitors.map((m) => m.args)).toEqual([1, 2]);
  });

  it('shows the newest monitor only, whatever order the answers come in', async () => {
    const { s, routes, store } = monitorSetup();
    routes.getState().open({ view: 'monitor', id: 2, batch: null });
    s.monitors[1].resolve(ok(detail({ monitor: monitor({ id: 2 }) })));
    await flush();
    s.monitors[0].resolve(ok(detail({ monitor: monitor({ id: 1 }) })));
    await flush();
    expect(store.getState().detail?.monitor.id).toBe(2);
  });

  it('refetches on a change of its monitor (or a lost connection), not of another', async () => {
    const { s } = monitorSetup();
    s.monitors[0].resolve(ok(detail()));
    await flush();
    s.emitChanged(2);
    await vi.advanceTimersByTimeAsync(REFETCH_DEBOUNCE_MS);
    expect(s.monitors).toHaveLength(1);
    s.emitChanged(1);
    s.emitChanged(1);
    await vi.advanceTimersByTimeAsync(REFETCH_DEBOUNCE_MS);
    expect(s.monitors).toHaveLength(2);
    s.emitChanged(null);
    await vi.advanceTimersByTimeAsync(REFETCH_DEBOUNCE_MS);
    expect(s.monitors).toHaveLength(3);
  });

  it('follows its run’s progress and refetches when the run ends', async () => {
    const { s, store } = monitorSetup();
    s.monitors[0].resolve(ok(detail()));
    await flush();
    s.emitProgress({ monitorId: 2, done: 1, total: 5, batch: 'x', phase: 'batches' });
    expect(store.getState().progress).toBeNull();
    s.emitProgress({ monitorId: 1, done: 2, total: 5, batch: 'w3', phase: 'batches' });
    expect(store.getState().progress).toMatchObject({ done: 2, batch: 'w3' });
    s.emitProgress({ monitorId: 1, done: 5, total: 5, batch: null, phase: 'done' });
    await vi.advanceTimersByTimeAsync(REFETCH_DEBOUNCE_MS);
    expect(s.monitors).toHaveLength(2);
  });

  it('marks shown alerts seen once and keeps them marked new while the page is open', async () => {
    const { s, store, seenAfter } = monitorSetup();
    s.monitors[0].resolve(ok(detail({ alerts: [alert(1), alert(2, { seenAt: 100 })] })));
    await flush();
    expect(s.seen.map((x) => x.args)).toEqual([1]);
    expect(store.getState().newAlertIds).toEqual([1]);
    s.seen[0].resolve(ok({ seen: 1 }));
    await flush();
    expect(seenAfter).toHaveBeenCalledTimes(1);
    store.getState().reload();
    s.monitors[1].resolve(ok(detail({ alerts: [alert(1, { seenAt: 200 }), alert(2, { seenAt: 100 })] })));
    await flush();
    expect(s.seen).toHaveLength(1);
    expect(store.getState().newAlertIds).toEqual([1]);
  });

  it('runs and cancels the open monitor, showing a refusal', async () => {
    const { s, store } = monitorSetup();
    void store.getState().run();
    expect(s.runs.map((r) => r.args)).toEqual([1]);
    s.runs[0].resolve(failed('The reference is gone'));
    await flush();
    expect(store.getState().actionError?.message).toBe('The reference is gone');
    void store.getState().cancel();
    expect(s.cancels.map((c) => c.args)).toEqual([1]);
  });

  it('shows a monitor that cannot be opened as an error', async () => {
    const { s, store } = monitorSetup();
    s.monitors[0].resolve(failed('No monitor 1', 'not-found'));
    await flush();
    expect(store.getState()).toMatchObject({ status: 'error', error: { code: 'not-found' }, detail: null });
  });
});

describe('the batch store', () => {
  it('fetches a batch once per computation, and keeps the newest answer', async () => {
    const s = scriptedDrift();
    const store = createBatchStore(s.client);
    store.getState().want(1, 'w1', 10);
    store.getState().want(1, 'w1', 10);
    expect(s.batches).toHaveLength(1);
    store.getState().want(1, 'w2', 10);
    s.batches[1].resolve(ok({ batch: batch('w2', []), distributions: [], prediction: null }));
    await flush();
    s.batches[0].resolve(ok({ batch: batch('w1', []), distributions: [], prediction: null }));
    await flush();
    expect(store.getState().detail?.batch.key).toBe('w2');
    // Back to w2 from the cache; w2 recomputed (another computedAt) is fetched again.
    store.getState().want(1, 'w1', 10);
    store.getState().want(1, 'w2', 10);
    expect(s.batches).toHaveLength(3);
    expect(store.getState()).toMatchObject({ status: 'ready', detail: { batch: { key: 'w2' } } });
    store.getState().want(1, 'w2', 11);
    expect(s.batches).toHaveLength(4);
    s.batches[2].resolve(ok({ batch: batch('w1', []), distributions: [], prediction: null }));
    await flush();
    expect(store.getState().status).toBe('loading'); // the older w1 answer does not land over w2's
  });

  it('retries after an error', async () => {
    const s = scriptedDrift();
    const store = createBatchStore(s.client);
    store.getState().want(1, 'w1', 10);
    s.batches[0].resolve(failed('No batch w1', 'not-found'));
    await flush();
    expect(store.getState().status).toBe('error');
    store.getState().want(1, 'w1', 10);
    expect(s.batches).toHaveLength(2);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { REFETCH_DEBOUNCE_MS } from '../../latest';
import { createModelStore } from '../modelStore';
import { failed, modelDetail, ok, routeStore, scriptedRegistry, settle } from './harness';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

function setup(name = 'fraud') {
  const s = scriptedRegistry();
  const ui = routeStore({ view: 'model', name });
  const store = createModelStore(s.client, ui);
  const stop = store.getState().startSync();
  return { s, ui, store, stop };
}

describe('the model page store', () => {
  it('opens the model the route names: its detail and its audit trail', async () => {
    const { s, store } = setup();
    expect(s.models.map((m) => m.args)).toEqual(['fraud']);
    expect(s.audits.map((a) => a.args)).toEqual(['fraud']);
    expect(store.getState().status).toBe('loading');
    s.models[0].resolve(ok(modelDetail()));
    s.audits[0].resolve(ok([]));
    await settle();
    expect(store.getState()).toMatchObject({ status: 'ready', name: 'fraud', auditStatus: 'ready' });
  });

  it('shows the newest model only, whatever order the answers come in', async () => {
    const { s, ui, store } = setup('a');
    ui.setState({ registryRoute: { view: 'model', name: 'b' } });
    expect(s.models.map((m) => m.args)).toEqual(['a', 'b']);
    s.models[1].resolve(ok(modelDetail({ name: 'b' })));
    await settle();
    s.models[0].resolve(ok(modelDetail({ name: 'a' })));
    await settle();
    expect(store.getState().detail?.name).toBe('b');
    expect(store.getState().name).toBe('b');
  });

  it('clears the model before when another opens, so nothing of it shows', async () => {
    const { s, ui, store } = setup('a');
    s.models[0].resolve(ok(modelDetail({ name: 'a' })));
    await settle();
    store.getState().setAsOfAt(5000);
    ui.setState({ registryRoute: { view: 'model', name: 'b' } });
    expect(store.getState()).toMatchObject({ detail: null, status: 'loading', asOfAt: null, asOf: null, audit: [] });
  });

  it('refetches on a change of its own model, not of another, after the burst settles', async () => {
    const { s } = setup();
    s.models[0].resolve(ok(modelDetail()));
    await settle();
    s.emitChanged('other');
    await vi.advanceTimersByTimeAsync(REFETCH_DEBOUNCE_MS);
    expect(s.models).toHaveLength(1);
    s.emitChanged('fraud');
    s.emitChanged('fraud');
    await vi.advanceTimersByTimeAsync(REFETCH_DEBOUNCE_MS);
    expect(s.models).toHaveLength(2);
    expect(s.audits).toHaveLength(2);
    // A lost connection (null) may have hidden any change.
    s.emitChanged(null);
    await vi.advanceTimersByTimeAsync(REFETCH_DEBOUNCE_MS);
    expect(s.models).toHaveLength(3);
  });

  it('keeps the detail shown while it is refetched, and shows a refusal as an error', async () => {
    const { s, store } = setup();
    s.models[0].resolve(ok(modelDetail()));
    await settle();
    store.getState().reload();
    expect(store.getState().status).toBe('ready');
    s.models[1].resolve(failed('No registered model named "fraud"', 'not-found'));
    await settle();
    expect(store.getState()).toMatchObject({ status: 'error', error: { code: 'not-found' }, detail: null });
  });

  it('answers as of the moment asked last, never an older one', async () => {
    const { s, store } = setup();
    store.getState().setAsOfAt(2000);
    store.getState().setAsOfAt(3000);
    expect(s.asOfs.map((a) => a.args.at)).toEqual([2000, 3000]);
    const answer = (at: number, version: number) => ok({ model: 'fraud', at, stages: { None: [], Staging: [], Production: [version], Archived: [] }, aliases: { champion: version }, lastEvent: null });
    s.asOfs[1].resolve(answer(3000, 2));
    await settle();
    s.asOfs[0].resolve(answer(2000, 1));
    await settle();
    expect(store.getState().asOf?.at).toBe(3000);
    expect(store.getState().asOf?.aliases.champion).toBe(2);
    store.getState().setAsOfAt(null);
    expect(store.getState()).toMatchObject({ asOf: null, asOfStatus: 'idle' });
  });

  it('asks the as-of answer again when the model changes', async () => {
    const { s, store } = setup();
    store.getState().setAsOfAt(2000);
    s.emitChanged('fraud');
    await vi.advanceTimersByTimeAsync(REFETCH_DEBOUNCE_MS);
    expect(s.asOfs.map((a) => a.args.at)).toEqual([2000, 2000]);
  });

  it("keeps the backend's refusal of the gates until the next save, and reloads after one taken", async () => {
    const { s, store } = setup();
    const rule = { id: 'e1', kind: 'expression' as const, expression: 'metrics.f1 >>', targets: [{ kind: 'stage' as const, stage: 'Production' as const }] };
    const saving = store.getState().saveGates([rule]);
    expect(store.getState().gatesSaving).toBe(true);
    s.gateSaves[0].resolve(failed('gate e1: col 14: expected a value'));
    expect(await saving).toBe(false);
    expect(store.getState().gatesError?.message).toContain('col 14');
    const again = store.getState().saveGates([{ ...rule, expression: 'metrics.f1 >= 0.8' }]);
    expect(store.getState().gatesError).toBeNull();
    s.gateSaves[1].resolve(ok(modelDetail()));
    expect(await again).toBe(true);
    expect(s.models).toHaveLength(2);
  });

  it('removes an alias and reloads the model and its trail', async () => {
    const { s, store } = setup();
    const removal = store.getState().removeAlias('champion');
    expect(store.getState().removingAlias).toBe('champion');
    s.removals[0].resolve(ok({ removed: true }));
    await removal;
    expect(s.removals[0].args).toEqual({ name: 'fraud', alias: 'champion' });
    expect(store.getState().removingAlias).toBeNull();
    expect(s.models).toHaveLength(2);
    expect(s.audits).toHaveLength(2);
  });

  it('follows nothing once stopped, and a version page leaves the model as it was', async () => {
    const { s, ui, stop } = setup();
    ui.setState({ registryRoute: { view: 'version', name: 'other', version: 2 } });
    expect(s.models.map((m) => m.args)).toEqual(['fraud']);
    stop();
    expect(s.listening()).toBe(false);
    ui.setState({ registryRoute: { view: 'model', name: 'third' } });
    expect(s.models).toHaveLength(1);
  });
});

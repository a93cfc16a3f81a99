// The list, register, version and compare stores over a scripted client.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RegisteredModel } from '../../../../shared/domain';
import { REFETCH_DEBOUNCE_MS } from '../../latest';
import { createCompareStore } from '../compareStore';
import { createRegistryListStore, mlflowKey } from '../listStore';
import { createRegisterStore, suggestedName } from '../registerStore';
import { createVersionStore } from '../versionStore';
import { failed, modelDetail, ok, passed, routeStore, scriptedRegistry, settle, versionRecord } from './harness';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

const mlflowModel: RegisteredModel = {
  name: 'ElasticnetWineModel',
  projectId: 1,
  source: 'mlflow',
  location: '/p/mlruns/models',
  description: null,
  createdTime: 1,
  updatedTime: 1,
  tags: {},
  aliases: {},
  versions: [],
};

describe('the registry list', () => {
  it("lists Runlens's models and the MLflow registries, each refetched on its own events", async () => {
    const s = scriptedRegistry();
    const store = createRegistryListStore(s.client);
    const stop = store.getState().startSync();
    expect(s.lists).toHaveLength(1);
    expect(s.mlflows).toHaveLength(1);
    s.lists[0].resolve(ok([modelDetail()]));
    s.mlflows[0].resolve(ok([mlflowModel]));
    await settle();
    expect(store.getState()).toMatchObject({ status: 'ready', mlflowStatus: 'ready' });
    s.emitChanged('fraud');
    await vi.advanceTimersByTimeAsync(REFETCH_DEBOUNCE_MS);
    expect(s.lists).toHaveLength(2);
    expect(s.mlflows).toHaveLength(1);
    s.emitProjects();
    await vi.advanceTimersByTimeAsync(REFETCH_DEBOUNCE_MS);
    expect(s.mlflows).toHaveLength(2);
    // A failed refetch shows its error; the list that was there stays.
    s.lists[1].resolve(failed('store busy'));
    await settle();
    expect(store.getState()).toMatchObject({ status: 'error', models: [modelDetail()] });
    stop();
    expect(s.listening()).toBe(false);
  });

  it('copies an MLflow version, marks which one, and lists the models again', async () => {
    const s = scriptedRegistry();
    const store = createRegistryListStore(s.client);
    const key = { location: '/p/mlruns/models', name: 'ElasticnetWineModel', version: 1 };
    const copy = store.getState().copyFromMlflow(key, '  ');
    expect(store.getState().copying).toBe(mlflowKey(key));
    expect(s.copies[0].args).toEqual(key); // a blank "as" is not sent
    s.copies[0].resolve(ok(versionRecord({ model: 'ElasticnetWineModel', origin: { kind: 'mlflow', ...key } })));
    await copy;
    expect(store.getState().copying).toBeNull();
    expect(store.getState().copied).toMatchObject({ key: mlflowKey(key), version: { model: 'ElasticnetWineModel' } });
    expect(s.lists).toHaveLength(1);
    const second = store.getState().copyFromMlflow({ ...key, version: 2 }, 'wine');
    expect(s.copies[1].args.as).toBe('wine');
    s.copies[1].resolve(failed('no version 2'));
    await second;
    expect(store.getState().copyError).toMatchObject({ key: mlflowKey({ ...key, version: 2 }), error: { message: 'no version 2' } });
  });
});

describe('the register dialog', () => {
  it('offers the file or folder name and the existing names', async () => {
    expect(suggestedName('models/iris_forest.onnx')).toBe('iris_forest');
    expect(suggestedName('model/')).toBe('model');
    const s = scriptedRegistry();
    const store = createRegisterStore(s.client);
    store.getState().open({ runId: 'r1', artifactPath: 'model.onnx' });
    expect(store.getState().form.name).toBe('model');
    s.lists[0].resolve(ok([modelDetail({ name: 'fraud' }), modelDetail({ name: 'churn' })]));
    await settle();
    expect(store.getState().names).toEqual(['fraud', 'churn']);
  });

  it('sends only what was given: trimmed name and description, parsed tags, a copy when asked', async () => {
    const s = scriptedRegistry();
    const store = createRegisterStore(s.client);
    store.getState().open({ runId: 'r1', artifactPath: 'm/model.onnx' });
    store.getState().setForm({ name: '  fraud  ', description: '  ', tags: [] });
    void store.getState().submit();
    expect(s.registers[0].args).toEqual({ runId: 'r1', artifactPath: 'm/model.onnx', name: 'fraud' });
    s.registers[0].resolve(failed('a name must not hold control characters'));
    await settle();
    expect(store.getState().error?.message).toContain('control characters');
    store.getState().setForm({ description: 'first cut', tags: ['team=fraud', 'reviewed'], keepCopy: true });
    const submit = store.getState().submit();
    expect(s.registers[1].args).toEqual({ runId: 'r1', artifactPath: 'm/model.onnx', name: 'fraud', description: 'first cut', tags: { team: 'fraud', reviewed: '' }, keepCopy: true });
    s.registers[1].resolve(ok(versionRecord({ version: 3 })));
    await submit;
    expect(store.getState()).toMatchObject({ registered: { version: 3 }, error: null, submitting: false });
  });

  it('drops the answer of a dialog closed meanwhile', async () => {
    const s = scriptedRegistry();
    const store = createRegisterStore(s.client);
    store.getState().open({ runId: 'r1', artifactPath: 'model.onnx' });
    const submit = store.getState().submit();
    store.getState().close();
    s.registers[0].resolve(ok(versionRecord()));
    await submit;
    expect(store.getState()).toMatchObject({ target: null, registered: null });
  });
});

describe('the version page', () => {
  it('loads the lineage of the routed version, saves its edits and reloads', async () => {
    const s = scriptedRegistry();
    const ui = routeStore({ view: 'version', name: 'fraud', version: 2 });
    const store = createVersionStore(s.client, ui);
    store.getState().startSync();
    expect(s.lineages[0].args).toEqual({ name: 'fraud', version: 2 });
    s.lineages[0].resolve(ok({ version: versionRecord({ version: 2 }), run: null, datasets: [], gitCommit: null, scoringJobs: [] }));
    await settle();
    expect(store.getState().status).toBe('ready');
    const save = store.getState().save({ description: 'ok for prod', tags: { team: 'fraud' } });
    expect(s.edits[0].args).toEqual({ name: 'fraud', version: 2, description: 'ok for prod', tags: { team: 'fraud' } });
    s.edits[0].resolve(ok(versionRecord({ version: 2, description: 'ok for prod' })));
    expect(await save).toBe(true);
    expect(s.lineages).toHaveLength(2);
  });

  it('ignores the lineage of a version left before it answered', async () => {
    const s = scriptedRegistry();
    const ui = routeStore({ view: 'version', name: 'fraud', version: 1 });
    const store = createVersionStore(s.client, ui);
    store.getState().startSync();
    ui.setState({ registryRoute: { view: 'version', name: 'fraud', version: 2 } });
    s.lineages[0].resolve(ok({ version: versionRecord({ version: 1 }), run: null, datasets: [], gitCommit: null, scoringJobs: [] }));
    await settle();
    expect(store.getState().lineage).toBeNull();
    s.lineages[1].resolve(failed('fraud has no version 2', 'not-found'));
    await settle();
    expect(store.getState()).toMatchObject({ status: 'error', error: { code: 'not-found' } });
  });
});

describe('the compare', () => {
  it('checks both versions for the chosen target, and again when it changes', async () => {
    const s = scriptedRegistry();
    const ui = routeStore({ view: 'compare', name: 'fraud', a: 1, b: 2 });
    const store = createCompareStore(s.client, ui);
    store.getState().startSync();
    expect(s.models.map((m) => m.args)).toEqual(['fraud']);
    expect(s.checks.map((c) => [c.args.version, c.args.target])).toEqual([
      [1, { kind: 'stage', stage: 'Production' }],
      [2, { kind: 'stage', stage: 'Production' }],
    ]);
    store.getState().setTarget({ kind: 'alias', alias: 'champion' });
    expect(s.checks.slice(2).map((c) => [c.args.version, c.args.target])).toEqual([
      [1, { kind: 'alias', alias: 'champion' }],
      [2, { kind: 'alias', alias: 'champion' }],
    ]);
    // The first pair answers last: the newer target's results stay.
    s.checks[2].resolve(ok([passed('new-a')]));
    s.checks[3].resolve(failed('no such alias'));
    await settle();
    s.checks[0].resolve(ok([passed('old-a')]));
    s.checks[1].resolve(ok([passed('old-b')]));
    await settle();
    expect(store.getState().gatesA).toMatchObject({ status: 'ready', results: [passed('new-a')] });
    expect(store.getState().gatesB).toMatchObject({ status: 'error', error: { message: 'no such alias' } });
  });
});

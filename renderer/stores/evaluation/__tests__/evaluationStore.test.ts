import { describe, expect, it } from 'vitest';
import type { ColumnMapping } from '../../../../shared/evaluation/predictionSets';
import { binaryEvaluation, multiclassEvaluation, predictions, tableOf } from './evaluations';
import { flush, ok, setup } from './harness';

describe('evaluation store', () => {
  it('lists the run\'s sets, loads the one the route names with its progress, and opens at threshold 0.5', async () => {
    const { ui, s, store, threshold } = setup();
    ui.getState().openEvaluation({ runId: 'r1', setPath: 'predictions/test.csv' });
    expect(s.sets.map((p) => p.args)).toEqual(['r1']);
    s.sets[0].resolve(ok(predictions));
    await flush();
    expect(store.getState().runName).toBe('name of r1');
    expect(s.loads.map((p) => p.args)).toEqual([{ runId: 'r1', path: 'predictions/test.csv' }]);
    expect(store.getState().status).toBe('loading');
    s.progress({ runId: 'r1', path: 'other.csv', bytesRead: 1, totalBytes: 2, rowsRead: 1 });
    expect(store.getState().progress).toBeNull();
    s.progress({ runId: 'r1', path: 'predictions/test.csv', bytesRead: 50, totalBytes: 100, rowsRead: 10 });
    expect(store.getState().progress?.rowsRead).toBe(10);
    threshold.setState({ threshold: 0.9 });
    s.loads[0].resolve(ok(binaryEvaluation([0.9, 0.6, 0.2])));
    await flush();
    expect(store.getState().status).toBe('ready');
    expect(store.getState().progress).toBeNull();
    expect(threshold.getState().threshold).toBe(0.5);
  });

  it('opens at the nearest score when 0.5 is outside the scores', async () => {
    const { ui, s, store, threshold } = setup();
    ui.getState().openEvaluation({ runId: 'r1', setPath: 'predictions/test.csv' });
    s.sets[0].resolve(ok(predictions));
    await flush();
    s.loads[0].resolve(ok(binaryEvaluation([-1, -2.5, -4])));
    await flush();
    expect(store.getState().status).toBe('ready');
    expect(threshold.getState().threshold).toBe(-1);
  });

  it('drops an older set\'s answer and cancels its load when another set is opened', async () => {
    const { ui, s, store } = setup();
    ui.getState().openEvaluation({ runId: 'r1', setPath: 'predictions/test.csv' });
    s.sets[0].resolve(ok(predictions));
    await flush();
    ui.getState().openEvaluation({ runId: 'r1', setPath: 'predictions/val.csv' });
    expect(s.cancelled).toEqual([{ runId: 'r1', path: 'predictions/test.csv' }]);
    expect(s.loads.map((p) => p.args.path)).toEqual(['predictions/test.csv', 'predictions/val.csv']);
    s.loads[1].resolve(ok(multiclassEvaluation()));
    s.loads[0].resolve(ok(binaryEvaluation([0.9])));
    await flush();
    expect(store.getState().evaluation?.kind).toBe('multiclass');
    expect(store.getState().set?.path).toBe('predictions/val.csv');
  });

  it('stops a load on Cancel and ignores its late answer; Reload reads it again', async () => {
    const { ui, s, store } = setup();
    ui.getState().openEvaluation({ runId: 'r1', setPath: 'predictions/test.csv' });
    s.sets[0].resolve(ok(predictions));
    await flush();
    await store.getState().cancel();
    expect(store.getState().status).toBe('cancelled');
    expect(s.cancelled).toEqual([{ runId: 'r1', path: 'predictions/test.csv' }]);
    s.loads[0].resolve({ ok: false, error: { code: 'bad-request', message: 'The evaluation was cancelled' } });
    await flush();
    expect(store.getState().status).toBe('cancelled');
    store.getState().reload();
    s.sets[1].resolve(ok(predictions));
    await flush();
    expect(s.loads).toHaveLength(2);
    s.loads[1].resolve(ok(binaryEvaluation([0.7])));
    await flush();
    expect(store.getState().status).toBe('ready');
  });

  it('shows the backend\'s error for a load that fails', async () => {
    const { ui, s, store } = setup();
    ui.getState().openEvaluation({ runId: 'r1', setPath: 'predictions/test.csv' });
    s.sets[0].resolve(ok(predictions));
    await flush();
    s.loads[0].resolve({ ok: false, error: { code: 'unreadable', message: 'no label column "y"' } });
    await flush();
    expect(store.getState()).toMatchObject({ status: 'error', error: { message: 'no label column "y"' } });
  });

  it('asks for a mapping before loading an unmapped artifact, saves it, then loads', async () => {
    const { ui, s, store } = setup();
    ui.getState().openEvaluation({ runId: 'r1', setPath: 'custom.csv' });
    s.sets[0].resolve(ok(predictions));
    await flush();
    expect(store.getState().status).toBe('needs-mapping');
    expect(store.getState().mappingOpen).toBe(true);
    expect(s.loads).toHaveLength(0);
    expect(s.columns.map((p) => p.args)).toEqual([{ runId: 'r1', path: 'custom.csv' }]);
    const mapping: ColumnMapping = { label: 'target', scores: ['p'], scoreClasses: ['1'], positive: '1' };
    const saved = store.getState().saveMapping(mapping);
    expect(store.getState().saving).toBe(true);
    s.mappings[0].resolve(ok({ mapping }));
    await saved;
    expect(store.getState().mappingOpen).toBe(false);
    expect(store.getState().set?.mapping).toEqual(mapping);
    expect(store.getState().predictions?.sets.find((set) => set.path === 'custom.csv')?.mapping).toEqual(mapping);
    expect(s.loads.map((p) => p.args.path)).toEqual(['custom.csv']);
  });

  it('keeps the dialog open with the error when the mapping is refused', async () => {
    const { ui, s, store } = setup();
    ui.getState().openEvaluation({ runId: 'r1', setPath: 'custom.csv' });
    s.sets[0].resolve(ok(predictions));
    await flush();
    const saved = store.getState().saveMapping({ label: 'target', scores: [], scoreClasses: [], positive: null });
    s.mappings[0].resolve({ ok: false, error: { code: 'bad-request', message: 'A mapping names at least one score column' } });
    await saved;
    expect(store.getState()).toMatchObject({ mappingOpen: true, saving: false, saveError: { code: 'bad-request' } });
    expect(s.loads).toHaveLength(0);
  });

  it('treats an artifact the sets list does not name as one to map', async () => {
    const { ui, s, store } = setup();
    ui.getState().openEvaluation({ runId: 'r1', setPath: 'outputs/scored.tsv' });
    s.sets[0].resolve(ok(predictions));
    await flush();
    expect(store.getState().set).toMatchObject({ path: 'outputs/scored.tsv', origin: 'artifact', name: 'scored', mapping: null });
    expect(store.getState().status).toBe('needs-mapping');
  });

  it('offers the sets without loading when the route names none', async () => {
    const { ui, s, store } = setup();
    ui.getState().openEvaluation({ runId: 'r1', setPath: null });
    s.sets[0].resolve(ok(predictions));
    await flush();
    expect(store.getState()).toMatchObject({ status: 'idle', setsStatus: 'ready', set: null });
    expect(s.loads).toHaveLength(0);
  });

  it('fetches the group tables of the column picked; a newer pick wins', async () => {
    const { ui, s, store } = setup();
    ui.getState().openEvaluation({ runId: 'r1', setPath: 'predictions/test.csv' });
    s.sets[0].resolve(ok(predictions));
    await flush();
    s.loads[0].resolve(ok(binaryEvaluation([0.9, 0.1])));
    await flush();
    store.getState().setGroupColumn('clinic');
    store.getState().setGroupColumn('sex');
    expect(s.groups.map((p) => p.args.column)).toEqual(['clinic', 'sex']);
    s.groups[1].resolve(ok([{ group: 'f', table: tableOf([0.9]) }]));
    s.groups[0].resolve(ok([{ group: 'north', table: tableOf([0.9]) }]));
    await flush();
    expect(store.getState().groupColumn).toBe('sex');
    expect(store.getState().groupTables?.map((g) => g.group)).toEqual(['f']);
  });

  it('keeps the loaded evaluation when the view mounts again on the same target', async () => {
    const { ui, s, store, stop } = setup();
    ui.getState().openEvaluation({ runId: 'r1', setPath: 'predictions/test.csv' });
    s.sets[0].resolve(ok(predictions));
    await flush();
    s.loads[0].resolve(ok(binaryEvaluation([0.9])));
    await flush();
    stop();
    const again = store.getState().startSync();
    expect(s.sets).toHaveLength(1);
    expect(s.loads).toHaveLength(1);
    expect(store.getState().status).toBe('ready');
    again();
  });

  it('brings view settings into range', () => {
    const { store } = setup();
    store.getState().setView({ calibrationBins: 1000, histogramBins: Number.NaN, cost: { falsePositiveCost: -1, falseNegativeCost: 5, truePositiveBenefit: 0 } });
    expect(store.getState()).toMatchObject({ calibrationBins: 100, histogramBins: 30, cost: { falsePositiveCost: 1, falseNegativeCost: 5, truePositiveBenefit: 0 } });
  });
});

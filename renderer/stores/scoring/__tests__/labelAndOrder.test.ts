import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { guessLabelColumn } from '../../../../shared/evaluation/labelColumn';
import { featureOrderView, proposalIssue } from '../featureOrder';
import { featureOrderSource } from '../helpers';
import { selectFeatureOrder } from '../selectors';
import { dataset, inspected, inspection, ok, progressOf, recordedJob } from './harness';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A matrix model that names no order: featureNames null, featureOrder null. */
const unnamed = { featureNames: null };

describe('the label column guess', () => {
  it('takes the column named like a label (y_true, label, target, y, class, …, ignoring case and spaces), else the one column that is not a feature', () => {
    expect(guessLabelColumn(['a', 'Target', 'y'])).toBe('Target');
    expect(guessLabelColumn(['x', ' Y_TRUE ', 'ground_truth'])).toBe(' Y_TRUE ');
    expect(guessLabelColumn(['Ground_Truth'])).toBe('Ground_Truth');
    expect(guessLabelColumn(['a', 'labels'])).toBe('labels');
    expect(guessLabelColumn(['a', 'labelled'])).toBeNull();
    // The model's features known: the one other column, but never a feature named like a label.
    expect(guessLabelColumn(['sepal_length', 'petal_width', 'species'], ['sepal_length', 'petal_width'])).toBe('species');
    expect(guessLabelColumn(['y', 'x', 'kind'], ['y', 'x'])).toBe('kind');
    expect(guessLabelColumn(['a', 'b', 'c'], ['a'])).toBeNull();
    expect(guessLabelColumn(['a', 'b'])).toBeNull();
    expect(guessLabelColumn([])).toBeNull();
  });
});

describe('the feature order shown', () => {
  it('says where a known order came from, and needs none for one input per column', () => {
    expect(featureOrderSource(inspection('/m.onnx'))).toBe("2 features into “X”, from the model's feature_names");
    expect(featureOrderSource(inspection('/m.onnx', unnamed, { features: ['b', 'a'], source: 'remembered' }))).toBe('2 features into “X”, as you confirmed');
    expect(featureOrderSource(inspection('/m.onnx', unnamed))).toMatch(/^Not known yet: 2 features/);
    const columns = inspection('/m.onnx', { featureNames: null, inputLayout: { kind: 'columns', inputs: [{ name: 'a', elementType: 'float' }] } });
    expect(featureOrderView({ inspection: columns, confirmedOrder: null, inputColumns: null, labelColumn: null, dataset: null, leftOut: [] })).toEqual({ kind: 'none' });
  });

  it('proposes the input\'s columns in file order less the label and the columns left out, and says when the count is off', () => {
    const base = { inspection: inspection('/m.onnx', unnamed), confirmedOrder: null, dataset, leftOut: [] as string[] };
    const view = featureOrderView({ ...base, inputColumns: { path: '/in.csv', columns: ['id', 'a', 'y', 'b'] }, labelColumn: 'y' });
    expect(view).toMatchObject({ kind: 'proposed', from: 'input', columns: ['id', 'a', 'b'], features: ['id', 'a', 'b'], expected: 2 });
    expect(proposalIssue(view)).toBe('The model takes 2 features; 3 columns are ticked.');
    const fixed = featureOrderView({ ...base, inputColumns: { path: '/in.csv', columns: ['id', 'a', 'y', 'b'] }, labelColumn: 'y', leftOut: ['id'] });
    expect(fixed).toMatchObject({ features: ['a', 'b'] });
    expect(proposalIssue(fixed)).toBeNull();
    // No input header: the dataset's number columns (a category cannot feed a float matrix).
    expect(featureOrderView({ ...base, inputColumns: null, labelColumn: null })).toMatchObject({ kind: 'proposed', from: 'dataset', features: ['a', 'b'] });
    expect(featureOrderView({ ...base, dataset: null, inputColumns: null, labelColumn: null })).toEqual({ kind: 'unknown', expected: 2 });
  });
});

describe('scoring store: the label column', () => {
  it('reads the input\'s header once the path rests, guesses the label, and sends the one picked', async () => {
    const { s, store } = await inspected();
    store.getState().setForm({ input: '/in', output: '/out.csv' });
    store.getState().setForm({ input: '/in.csv' });
    expect(s.headers).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(300);
    expect(s.headers.map((h) => h.args)).toEqual(['/in.csv']);
    s.headers[0].resolve(ok({ path: '/in.csv', columns: ['a', 'b', 'Target'] }));
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().form.labelColumn).toBe('Target');
    store.getState().setForm({ labelColumn: null });
    const started = store.getState().start();
    expect(s.scores[0].args).toMatchObject({ input: '/in.csv', labelColumn: null });
    s.scores[0].resolve(ok({ jobId: 1 }));
    await started;
  });

  it('drops a header read for a path typed before, and leaves the guess to the backend until a header is read', async () => {
    const { s, store } = await inspected();
    store.getState().setForm({ input: '/old.csv', output: '/out.csv' });
    void store.getState().loadInputColumns();
    store.getState().setForm({ input: '/new.csv' });
    s.headers[0].resolve(ok({ path: '/old.csv', columns: ['label'] }));
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().inputColumns).toBeNull();
    expect(store.getState().form.labelColumn).toBeNull();
    const started = store.getState().start();
    expect(s.scores[0].args).not.toHaveProperty('labelColumn');
    s.scores[0].resolve(ok({ jobId: 1 }));
    await started;
  });

  it('shows why the header could not be read', async () => {
    const { s, store } = await inspected();
    store.getState().setForm({ input: '/nope.csv' });
    void store.getState().loadInputColumns();
    s.headers[0].resolve({ ok: false, error: { code: 'not-found', message: 'No such file' } });
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState()).toMatchObject({ inputColumnsStatus: 'error', inputColumnsError: { message: 'No such file' }, inputColumns: null });
  });
});

describe('scoring store: a finished job opens its evaluation', () => {
  async function started(jobId: number) {
    const t = await inspected();
    t.store.getState().setForm({ input: '/in.csv', output: '/out.csv' });
    const start = t.store.getState().start();
    t.s.scores[0].resolve(ok({ jobId }));
    await start;
    return t;
  }

  it('when the job kept a label column', async () => {
    const { s, opened } = await started(7);
    s.setJobs([recordedJob({ id: 7 })]);
    s.progress(progressOf(7, { status: 'finished' }));
    await vi.advanceTimersByTimeAsync(0);
    expect(opened).toEqual([7]);
    // Once only: a later list does not open it again.
    s.progress(progressOf(8, { status: 'finished' }));
    await vi.advanceTimersByTimeAsync(0);
    expect(opened).toEqual([7]);
  });

  it('not when it kept none, failed, or was another window\'s job, nor once the area is left', async () => {
    const unlabeled = await started(7);
    unlabeled.s.setJobs([recordedJob({ id: 7, labelColumn: null })]);
    unlabeled.s.progress(progressOf(7, { status: 'finished' }));
    await vi.advanceTimersByTimeAsync(0);
    expect(unlabeled.opened).toEqual([]);

    const failed = await started(7);
    failed.s.setJobs([recordedJob({ id: 7, status: 'failed' })]);
    failed.s.progress(progressOf(7, { status: 'failed', error: 'bad row' }));
    failed.s.progress(progressOf(9, { status: 'finished' }));
    await vi.advanceTimersByTimeAsync(0);
    expect(failed.opened).toEqual([]);

    const left = await started(7);
    left.s.setJobs([recordedJob({ id: 7 })]);
    left.s.progress(progressOf(7, { status: 'finished' }));
    left.stop();
    await vi.advanceTimersByTimeAsync(0);
    expect(left.opened).toEqual([]);
  });

  it('when the job finished before its id came back', async () => {
    const { s, store, opened } = await inspected();
    store.getState().setForm({ input: '/in.csv', output: '/out.csv' });
    const start = store.getState().start();
    s.setJobs([recordedJob({ id: 3 })]);
    s.progress(progressOf(3, { status: 'finished' }));
    s.scores[0].resolve(ok({ jobId: 3 }));
    await start;
    await vi.advanceTimersByTimeAsync(0);
    expect(opened).toEqual([3]);
  });
});

describe('scoring store: the feature order', () => {
  it('does not score a 2-D input whose order is unknown; confirming sends it until the re-inspection shows it remembered', async () => {
    const { s, store } = await inspected('/m.onnx', unnamed);
    store.getState().setForm({ input: '/in.csv', output: '/out.csv' });
    void store.getState().loadInputColumns();
    s.headers[0].resolve(ok({ path: '/in.csv', columns: ['a', 'y', 'b'] }));
    await vi.advanceTimersByTimeAsync(0);
    expect(selectFeatureOrder(store.getState())).toMatchObject({ kind: 'proposed', features: ['a', 'b'] });
    await store.getState().start();
    expect(s.scores).toHaveLength(0);

    const confirmed = store.getState().confirmFeatureOrder();
    expect(s.orders[0].args).toEqual({ model: { kind: 'file', path: '/m.onnx' }, features: ['a', 'b'] });
    s.orders[0].resolve(ok({ featureOrder: { features: ['a', 'b'], source: 'remembered' } }));
    await vi.advanceTimersByTimeAsync(0);
    expect(selectFeatureOrder(store.getState())).toMatchObject({ kind: 'known', source: 'remembered', pending: true });
    const first = store.getState().start();
    expect(s.scores[0].args).toMatchObject({ features: ['a', 'b'], labelColumn: 'y' });
    s.scores[0].resolve(ok({ jobId: 1 }));
    await first;
    s.progress(progressOf(1, { status: 'finished' }));

    s.inspects[1].resolve(ok(inspection('/m.onnx', unnamed, { features: ['a', 'b'], source: 'remembered' })));
    await confirmed;
    expect(selectFeatureOrder(store.getState())).toMatchObject({ kind: 'known', source: 'remembered', pending: false });
    const second = store.getState().start();
    expect(s.scores[1].args).not.toHaveProperty('features');
    s.scores[1].resolve(ok({ jobId: 2 }));
    await second;
  });

  it('leaves out the columns unticked, and refuses a count the model does not take', async () => {
    const { s, store } = await inspected('/m.onnx', unnamed);
    store.getState().setForm({ input: '/in.csv' });
    void store.getState().loadInputColumns();
    s.headers[0].resolve(ok({ path: '/in.csv', columns: ['id', 'a', 'b', 'label'] }));
    await vi.advanceTimersByTimeAsync(0);
    await store.getState().confirmFeatureOrder();
    expect(s.orders).toHaveLength(0);
    store.getState().setOrderColumn('id', false);
    void store.getState().confirmFeatureOrder();
    expect(s.orders[0].args.features).toEqual(['a', 'b']);
  });

  it('forgets a remembered order, then inspects again', async () => {
    const { s, store } = await inspected('/m.onnx', unnamed, { features: ['b', 'a'], source: 'remembered' });
    const forgotten = store.getState().forgetFeatureOrder();
    expect(s.orders[0].args.features).toBeNull();
    s.orders[0].resolve(ok({ featureOrder: null }));
    await vi.advanceTimersByTimeAsync(0);
    expect(s.inspects).toHaveLength(2);
    s.inspects[1].resolve(ok(inspection('/m.onnx', unnamed, null)));
    await forgotten;
    expect(selectFeatureOrder(store.getState())).toEqual({ kind: 'unknown', expected: 2 });
  });

  it('does not re-inspect the old model when another was opened while the order was saved', async () => {
    const { s, store } = await inspected('/m.onnx', unnamed);
    store.getState().setDatasetPath('/d.csv');
    const loaded = store.getState().loadDataset();
    s.datasets[0].resolve(ok(dataset));
    await loaded;
    const confirmed = store.getState().confirmFeatureOrder();
    store.getState().setModelPath('/other.onnx');
    void store.getState().inspect();
    s.orders[0].resolve(ok({ featureOrder: { features: ['a', 'b'], source: 'remembered' } }));
    await confirmed;
    expect(s.inspects.map((p) => p.args)).toEqual([
      { kind: 'file', path: '/m.onnx' },
      { kind: 'file', path: '/other.onnx' },
    ]);
    expect(store.getState().confirmedOrder).toBeNull();
  });
});

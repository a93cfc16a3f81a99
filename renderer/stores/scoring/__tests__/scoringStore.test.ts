import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { answer, answerPredictions, dataset, inspected, inspection, ok, progressOf, setup } from './harness';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('scoring store: the model', () => {
  it('inspects the path typed, and keeps only the newest answer', async () => {
    const { s, store } = await setup();
    store.getState().setModelPath('  /first.onnx ');
    const first = store.getState().inspect();
    store.getState().setModelPath('/second.onnx');
    const second = store.getState().inspect();
    expect(s.inspects.map((p) => p.args)).toEqual([
      { kind: 'file', path: '/first.onnx' },
      { kind: 'file', path: '/second.onnx' },
    ]);
    s.inspects[1].resolve(ok(inspection('/second.onnx')));
    s.inspects[0].resolve(ok(inspection('/first.onnx')));
    await Promise.all([first, second]);
    expect(store.getState().inspection?.file).toBe('/second.onnx');
    expect(store.getState().inspectStatus).toBe('ready');
  });

  it('shows an inspection error', async () => {
    const { s, store } = await setup();
    store.getState().setModelPath('/nope.onnx');
    const done = store.getState().inspect();
    s.inspects[0].resolve({ ok: false, error: { code: 'not-found', message: 'no such file' } });
    await done;
    expect(store.getState().inspectStatus).toBe('error');
    expect(store.getState().inspectError?.message).toBe('no such file');
  });
});

describe('scoring store: batch jobs', () => {
  it('starts a job with the form, follows its progress, and refetches the jobs when it ends', async () => {
    const { s, store } = await inspected();
    store.getState().setForm({ input: '/in.csv', output: '/out.csv', missing: 'nan', threads: 2 });
    const started = store.getState().start();
    expect(s.scores[0].args).toEqual({ model: { kind: 'file', path: '/m.onnx' }, input: '/in.csv', output: '/out.csv', missing: 'nan', threads: 2 });
    s.scores[0].resolve(ok({ jobId: 7 }));
    await started;
    s.progress(progressOf(8)); // another window's job
    expect(store.getState().job?.progress).toBeNull();
    s.progress(progressOf(7));
    expect(store.getState().job?.progress?.rows).toBe(10);
    const before = s.jobCalls();
    s.progress(progressOf(7, { status: 'failed', error: 'bad row 3' }));
    expect(store.getState().job?.progress?.error).toBe('bad row 3');
    expect(s.jobCalls()).toBe(before + 1);
    await store.getState().cancel();
    expect(s.cancelled).toEqual([7]);
  });

  it('keeps the progress of a job that ended before its id came back', async () => {
    const { s, store } = await inspected();
    store.getState().setForm({ input: '/in.csv', output: '/out.csv' });
    const started = store.getState().start();
    s.progress(progressOf(3, { status: 'finished', bytesRead: 100 }));
    s.scores[0].resolve(ok({ jobId: 3 }));
    await started;
    expect(store.getState().job).toMatchObject({ jobId: 3, progress: { status: 'finished' } });
    // Ended: another job may start; one still running may not.
    const again = store.getState().start();
    expect(s.scores).toHaveLength(2);
    s.scores[1].resolve(ok({ jobId: 4 }));
    await again;
    await store.getState().start();
    expect(s.scores).toHaveLength(2);
  });

  it('does not start without a scorable model, an input and an output', async () => {
    const { s, store } = await inspected('/m.onnx', { unscorable: 'It has two 2-D inputs' });
    store.getState().setForm({ input: '/in.csv', output: '/out.csv' });
    await store.getState().start();
    expect(s.scores).toHaveLength(0);
  });

  it('shows why a job could not start', async () => {
    const { s, store } = await inspected();
    store.getState().setForm({ input: '/in.csv', output: '/out.csv' });
    const started = store.getState().start();
    s.scores[0].resolve({ ok: false, error: { code: 'bad-request', message: 'The output exists' } });
    await started;
    expect(store.getState().startError?.message).toBe('The output exists');
    expect(store.getState().job).toBeNull();
  });
});

describe('scoring store: what if', () => {
  it('builds the fields from the model and the dataset, starts from the first row, and predicts at once', async () => {
    const { s, store } = await inspected();
    store.getState().setDatasetPath('/d.csv');
    const loaded = store.getState().loadDataset();
    s.datasets[0].resolve(ok(dataset));
    await loaded;
    expect(store.getState().fields.map((f) => [f.feature, f.kind])).toEqual([
      ['a', 'number'],
      ['b', 'number'],
    ]);
    expect(store.getState().values).toEqual({ a: 1, b: 0.5 });
    await answerPredictions(s); // the model's own fields were being scored: the dataset's row goes next
    expect(s.predicts.at(-1)?.args).toEqual({ rows: [{ a: 1, b: 0.5 }], features: undefined });
  });

  it('keeps one prediction in flight, sends the newest values after it, and drops an answer a new form made stale', async () => {
    const { s, store } = await inspected();
    await answerPredictions(s);
    const first = s.predicts.length;
    store.getState().setValue('a', 3);
    expect(s.predicts.length).toBe(first + 1); // sent with no delay
    store.getState().setValue('a', 4);
    store.getState().setValue('a', 5);
    expect(s.predicts.length).toBe(first + 1); // merged while the first is in flight
    s.predicts.at(-1)!.resolve(answer('x'));
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().prediction?.rows[0].label).toBe('x'); // shown while the newest is on its way
    expect(s.predicts.length).toBe(first + 2);
    expect(s.predicts.at(-1)?.args.rows).toEqual([{ a: 5, b: 0 }]);
    // A dataset loaded meanwhile rebuilds the form: the answer for the old form is dropped.
    store.getState().setDatasetPath('/d.csv');
    const loaded = store.getState().loadDataset();
    s.datasets[0].resolve(ok(dataset));
    await loaded;
    s.predicts.at(-1)!.resolve(answer('y'));
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().prediction).toBeNull();
    expect(s.predicts.at(-1)?.args.rows).toEqual([{ a: 1, b: 0.5 }]);
    s.predicts.at(-1)!.resolve(answer('y'));
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().prediction?.rows[0].label).toBe('y');
  });

  it('resets to the reference row, and sends the feature list when the model names none (once confirmed, until the re-inspection lands)', async () => {
    const { s, store } = await inspected('/m.onnx', { featureNames: null });
    store.getState().setDatasetPath('/d.csv');
    const loaded = store.getState().loadDataset();
    s.datasets[0].resolve(ok(dataset));
    await loaded;
    // The order is not known yet: nothing is scored until it is confirmed.
    expect(store.getState().fields).toEqual([]);
    const confirmed = store.getState().confirmFeatureOrder();
    expect(s.orders[0].args.features).toEqual(['a', 'b']);
    s.orders[0].resolve(ok({ featureOrder: { features: ['a', 'b'], source: 'remembered' } }));
    await vi.advanceTimersByTimeAsync(0);
    store.getState().pickReference(1);
    expect(store.getState().values).toEqual({ a: 2, b: 0 }); // an empty cell starts at the mean
    store.getState().setValue('a', 9);
    store.getState().resetToReference();
    expect(store.getState().values).toEqual({ a: 2, b: 0 });
    await answerPredictions(s);
    expect(s.predicts.at(-1)?.args.features).toEqual(['a', 'b']);
    s.inspects[1].resolve(ok(inspection('/m.onnx', { featureNames: null }, { features: ['a', 'b'], source: 'remembered' })));
    await confirmed;
    await answerPredictions(s);
    expect(s.predicts.at(-1)?.args.features).toBeUndefined();
  });
});

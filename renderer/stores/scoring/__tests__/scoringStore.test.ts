import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../../../shared/errors';
import type { DatasetSummary, ModelInspection, ModelSource, WhatIfPrediction } from '../../../../shared/scoring/inspection';
import type { OnnxModelInfo } from '../../../../shared/scoring/model';
import type { ScoringJob } from '../../../../shared/scoring/jobs';
import type { ScoreArgs, ScoringClient, ScoringProgress, WhatIfRow } from '../../../api/scoringClient';
import { createScoringStore } from '../store';

interface Pending<A, T> {
  args: A;
  resolve(result: Result<T>): void;
}

const ok = <T>(value: T): Result<T> => ({ ok: true, value });

function scriptedClient() {
  const inspects: Pending<ModelSource, ModelInspection>[] = [];
  const scores: Pending<ScoreArgs, { jobId: number }>[] = [];
  const predicts: Pending<{ rows: WhatIfRow[]; features?: string[] }, WhatIfPrediction>[] = [];
  const datasets: Pending<string, DatasetSummary>[] = [];
  const cancelled: number[] = [];
  let jobCalls = 0;
  let progress: ((p: ScoringProgress) => void) | null = null;
  const pending = <A, T>(list: Pending<A, T>[], args: A) => new Promise<Result<T>>((resolve) => list.push({ args, resolve }));
  const client: ScoringClient = {
    inspect: (model) => pending(inspects, model),
    score: (args) => pending(scores, args),
    cancel: (jobId) => {
      cancelled.push(jobId);
      return Promise.resolve(ok({ cancelled: true }));
    },
    jobs: () => {
      jobCalls++;
      return Promise.resolve(ok<ScoringJob[]>([]));
    },
    predict: (_model, rows, features) => pending(predicts, { rows, features }),
    dataset: (path) => pending(datasets, path),
    onProgress(listener) {
      progress = listener;
      return () => {
        progress = null;
      };
    },
  };
  return { client, inspects, scores, predicts, datasets, cancelled, jobCalls: () => jobCalls, progress: (p: ScoringProgress) => progress?.(p) };
}

function info(patch: Partial<OnnxModelInfo> = {}): OnnxModelInfo {
  return {
    sha256: 'ab'.repeat(32),
    irVersion: 8,
    producerName: 'skl2onnx',
    producerVersion: '1.16',
    opsets: [{ domain: '', version: 17 }],
    domains: [''],
    metadata: [],
    featureNames: ['a', 'b'],
    inputs: [{ name: 'X', type: 'tensor(float)', elementType: 'float', shape: [{ value: null, param: 'N' }, { value: 2, param: null }] }],
    graphOutputs: [],
    zipMaps: [],
    inputLayout: { kind: 'matrix', input: 'X', featureCount: 2, elementType: 'float' },
    outputs: { label: 'label', probabilities: 'probabilities', probabilityForm: 'perClass', classLabels: ['x', 'y'] },
    unscorable: null,
    ...patch,
  };
}

const inspection = (path: string, patch: Partial<OnnxModelInfo> = {}): ModelInspection => ({
  source: { kind: 'file', path },
  file: path,
  size: 100,
  info: info(patch),
  unscorable: patch.unscorable ?? null,
});

const dataset: DatasetSummary = {
  path: '/d.csv',
  columns: [
    { name: 'a', kind: 'number', min: 0, max: 10, mean: 5 },
    { name: 'b', kind: 'number', min: -1, max: 1, mean: 0 },
    { name: 'c', kind: 'category', values: ['u', 'v'] },
  ],
  rows: [
    ['1', '0.5', 'u'],
    ['2', '', 'v'],
  ],
  rowsRead: 2,
};

const progressOf = (jobId: number, patch: Partial<ScoringProgress> = {}): ScoringProgress => ({
  jobId,
  rows: 10,
  rowsPerSecond: 100,
  bytesRead: 50,
  totalBytes: 100,
  status: 'running',
  error: null,
  ...patch,
});

async function setup() {
  const s = scriptedClient();
  const store = createScoringStore({ client: s.client, now: () => 1000, predictDelayMs: 120 });
  const stop = store.getState().startSync();
  return { s, store, stop };
}

async function inspected(path = '/m.onnx', patch: Partial<OnnxModelInfo> = {}) {
  const t = await setup();
  t.store.getState().setModelPath(path);
  const done = t.store.getState().inspect();
  t.s.inspects[0].resolve(ok(inspection(path, patch)));
  await done;
  return t;
}

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
  it('builds the fields from the model and the dataset, starts from the first row, and predicts after the debounce', async () => {
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
    const beforeDebounce = s.predicts.length;
    await vi.advanceTimersByTimeAsync(130);
    expect(s.predicts.length).toBe(beforeDebounce + 1);
    expect(s.predicts.at(-1)?.args).toEqual({ rows: [{ a: 1, b: 0.5 }], features: undefined });
  });

  it('coalesces quick changes and drops a late answer', async () => {
    const { s, store } = await inspected();
    await vi.advanceTimersByTimeAsync(130);
    const base = s.predicts.length;
    store.getState().setValue('a', 3);
    await vi.advanceTimersByTimeAsync(50);
    store.getState().setValue('a', 4);
    await vi.advanceTimersByTimeAsync(130);
    expect(s.predicts.length).toBe(base + 1);
    const slow = s.predicts.at(-1)!;
    store.getState().setValue('a', 5);
    await vi.advanceTimersByTimeAsync(130);
    const fast = s.predicts.at(-1)!;
    fast.resolve(ok({ classLabels: ['x', 'y'], rows: [{ label: 'y', probabilities: [0.2, 0.8] }] }));
    slow.resolve(ok({ classLabels: ['x', 'y'], rows: [{ label: 'x', probabilities: [0.9, 0.1] }] }));
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().prediction?.rows[0].label).toBe('y');
  });

  it('resets to the reference row, and sends the feature list when the model names none', async () => {
    const { s, store } = await inspected('/m.onnx', { featureNames: null });
    store.getState().setDatasetPath('/d.csv');
    const loaded = store.getState().loadDataset();
    s.datasets[0].resolve(ok(dataset));
    await loaded;
    store.getState().pickReference(1);
    expect(store.getState().values).toEqual({ a: 2, b: 0 }); // an empty cell starts at the mean
    store.getState().setValue('a', 9);
    store.getState().resetToReference();
    expect(store.getState().values).toEqual({ a: 2, b: 0 });
    await vi.advanceTimersByTimeAsync(130);
    expect(s.predicts.at(-1)?.args.features).toEqual(['a', 'b']);
  });
});

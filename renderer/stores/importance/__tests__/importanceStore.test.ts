import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../../../shared/errors';
import type { ImportanceResult, ScoringJob } from '../../../../shared/scoring/jobs';
import type { ImportanceArgs, ImportanceClient, ImportanceProgress } from '../../../api/importanceClient';
import { createImportanceStore, type ModelTarget } from '../store';
import type { ImportanceModel } from '../selectors';

interface Pending<A, T> {
  args: A;
  resolve(result: Result<T>): void;
}

const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const failed = (message: string): Result<never> => ({ ok: false, error: { code: 'not-found', message } });

function scriptedClient() {
  const starts: Pending<ImportanceArgs, { jobId: number }>[] = [];
  const headers: Pending<string, { path: string; columns: string[] }>[] = [];
  const cancelled: number[] = [];
  let cancelAnswer: Result<{ cancelled: boolean }> = ok({ cancelled: true });
  let jobs: ScoringJob[] = [];
  let jobCalls = 0;
  let listener: ((p: ImportanceProgress) => void) | null = null;
  const pending = <A, T>(list: Pending<A, T>[], args: A) => new Promise<Result<T>>((resolve) => list.push({ args, resolve }));
  const client: ImportanceClient = {
    start: (args) => pending(starts, args),
    cancel: (jobId) => {
      cancelled.push(jobId);
      return Promise.resolve(cancelAnswer);
    },
    jobs: () => {
      jobCalls++;
      return Promise.resolve(ok(jobs));
    },
    columns: (path) => pending(headers, path),
    onProgress(l) {
      listener = l;
      return () => {
        listener = null;
      };
    },
  };
  return {
    client,
    starts,
    headers,
    cancelled,
    jobCalls: () => jobCalls,
    setJobs: (next: ScoringJob[]) => void (jobs = next),
    setCancelAnswer: (answer: Result<{ cancelled: boolean }>) => void (cancelAnswer = answer),
    progress: (p: ImportanceProgress) => listener?.(p),
    listening: () => listener !== null,
  };
}

/** A model target the test moves by hand, as the scoring store's inspection would. */
function modelTarget(initial: ImportanceModel | null) {
  let model = initial;
  const listeners = new Set<() => void>();
  const target: ModelTarget = {
    current: () => model,
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  return { target, set: (next: ImportanceModel | null) => ((model = next), listeners.forEach((l) => l())) };
}

const modelA: ImportanceModel = { source: { kind: 'file', path: '/a.onnx' }, sha256: 'aa'.repeat(32), file: '/a.onnx', features: [] };
const modelB: ImportanceModel = { source: { kind: 'file', path: '/b.onnx' }, sha256: 'bb'.repeat(32), file: '/b.onnx', features: [] };

const result = (baselineScore = 0.965): ImportanceResult => ({
  scorer: 'accuracy',
  baselineScore,
  features: [
    { name: 'f2', mean: 0.2, std: 0.01, importances: [0.19, 0.21] },
    { name: 'f1', mean: -0.01, std: 0.005, importances: [-0.015, -0.005] },
  ],
  repeats: 2,
  seed: 7,
  rows: 114,
});

function job(id: number, patch: Partial<ScoringJob> = {}, model: ImportanceModel = modelA): ScoringJob {
  return {
    id,
    kind: 'importance',
    model: { path: model.file ?? '', sha256: model.sha256, runId: null, artifactPath: null },
    input: { path: '/d.csv', sha256: null, rows: 114 },
    outputPath: null,
    settings: { scorer: 'accuracy' },
    startedAt: id * 1000,
    durationMs: 10,
    rowsPerSecond: null,
    status: 'finished',
    error: null,
    labelColumn: null,
    importance: result(),
    ...patch,
  };
}

const progressOf = (jobId: number, patch: Partial<ImportanceProgress> = {}): ImportanceProgress => ({
  jobId,
  featuresDone: 3,
  featureCount: 30,
  status: 'running',
  error: null,
  ...patch,
});

function setup(model: ImportanceModel | null = modelA) {
  const s = scriptedClient();
  const m = modelTarget(model);
  let clock = 1000;
  const store = createImportanceStore({ client: s.client, model: m.target, now: () => clock, columnsDelayMs: 300 });
  const stop = store.getState().startSync();
  return { s, m, store, stop, tick: (ms: number) => void (clock += ms) };
}

/** Types a path, waits out the pause, and answers its header. */
async function withHeader(t: ReturnType<typeof setup>, columns: string[], path = '/d.csv') {
  t.store.getState().setData(path);
  vi.advanceTimersByTime(300);
  const last = t.s.headers[t.s.headers.length - 1];
  last.resolve(ok({ path: last.args, columns }));
  await vi.waitFor(() => expect(t.store.getState().columnsStatus).toBe('ready'));
}

/** Fills the form, starts, and answers the job id. */
async function started(t: ReturnType<typeof setup>, jobId = 7) {
  await withHeader(t, ['x', 'label']);
  const done = t.store.getState().start();
  t.s.starts[t.s.starts.length - 1].resolve(ok({ jobId }));
  await done;
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('importance store: the form', () => {
  it('reads the header after a pause, only for the newest path, and guesses the label', async () => {
    const t = setup();
    t.store.getState().setData('/first.csv');
    vi.advanceTimersByTime(100);
    t.store.getState().setData(' /second.csv ');
    vi.advanceTimersByTime(299);
    expect(t.s.headers).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(t.s.headers.map((h) => h.args)).toEqual(['/second.csv']);
    t.s.headers[0].resolve(ok({ path: '/second.csv', columns: ['a', 'Y_True', 'Target'] }));
    await vi.waitFor(() => expect(t.store.getState().columnsStatus).toBe('ready'));
    // y_true outranks target in the one list of label names, whatever the header's order.
    expect(t.store.getState().form.label).toBe('Y_True');
    expect(t.store.getState().labelGuessed).toBe(true);
  });

  it('drops an answer for a path typed over, and shows a header error as text', async () => {
    const t = setup();
    t.store.getState().setData('/old.csv');
    const read = t.store.getState().loadColumns();
    t.store.getState().setData('/new.csv');
    t.s.headers[0].resolve(ok({ path: '/old.csv', columns: ['label'] }));
    await read;
    expect(t.store.getState().columns).toBeNull();
    vi.advanceTimersByTime(300);
    t.s.headers[1].resolve(failed('no such file: /new.csv'));
    await vi.waitFor(() => expect(t.store.getState().columnsStatus).toBe('error'));
    expect(t.store.getState().columnsError).toBe('no such file: /new.csv');
  });

  it('keeps a label the user picked when the next file has it, and guesses when it has not', async () => {
    const t = setup();
    await withHeader(t, ['a', 'b', 'label'], '/one.csv');
    t.store.getState().setLabel('b');
    await withHeader(t, ['b', 'label'], '/two.csv');
    expect(t.store.getState().form.label).toBe('b');
    expect(t.store.getState().labelGuessed).toBe(false);
    await withHeader(t, ['a', 'class'], '/three.csv');
    expect(t.store.getState().form.label).toBe('class');
    await withHeader(t, ['a', 'c'], '/four.csv');
    expect(t.store.getState().form.label).toBeNull();
  });
});

describe('importance store: a job', () => {
  it('sends the form, follows its progress with the elapsed time, and shows its result when it finishes', async () => {
    const t = setup();
    await withHeader(t, ['x', 'label']);
    t.store.getState().setForm({ scorer: 'roc_auc', repeats: 12, seed: 42 });
    const done = t.store.getState().start();
    expect(t.s.starts[0].args).toEqual({ model: modelA.source, data: '/d.csv', label: 'label', scorer: 'roc_auc', repeats: 12, seed: 42 });
    t.s.starts[0].resolve(ok({ jobId: 7 }));
    await done;
    expect(t.store.getState().job).toMatchObject({ jobId: 7, startedAt: 1000, endedAt: null, progress: null });

    t.s.progress(progressOf(99)); // another window's job
    t.s.progress(progressOf(7, { featuresDone: 3 }));
    expect(t.store.getState().job?.progress?.featuresDone).toBe(3);

    const calls = t.s.jobCalls();
    t.tick(4000);
    t.s.setJobs([job(3), job(7, { importance: result(0.9) })]);
    t.s.progress(progressOf(7, { featuresDone: 30, status: 'finished' }));
    expect(t.store.getState().job?.endedAt).toBe(5000);
    expect(t.store.getState().selectedJobId).toBe(7);
    await vi.waitFor(() => expect(t.s.jobCalls()).toBe(calls + 1));
    await vi.waitFor(() => expect(t.store.getState().jobs.map((j) => j.id)).toEqual([3, 7]));

    // A late 'running' does not undo the ending.
    t.s.progress(progressOf(7, { featuresDone: 29 }));
    expect(t.store.getState().job?.progress?.status).toBe('finished');
  });

  it('sends no seed when none is given, and refuses a form that is not ready', async () => {
    const t = setup();
    await t.store.getState().start();
    expect(t.s.starts).toHaveLength(0); // no data yet
    await withHeader(t, ['x', 'label']);
    t.store.getState().setForm({ repeats: 0 });
    await t.store.getState().start();
    expect(t.s.starts).toHaveLength(0);
    t.store.getState().setForm({ repeats: 5 });
    void t.store.getState().start();
    expect(t.s.starts[0].args).not.toHaveProperty('seed');
  });

  it('keeps progress that came before the job id', async () => {
    const t = setup();
    await withHeader(t, ['x', 'label']);
    const done = t.store.getState().start();
    t.s.progress(progressOf(8, { featuresDone: 2, featureCount: 4 }));
    t.s.starts[0].resolve(ok({ jobId: 8 }));
    await done;
    expect(t.store.getState().job?.progress).toMatchObject({ featuresDone: 2, featureCount: 4 });
  });

  it('shows a start failure, a failed job and a cancel failure as text', async () => {
    const t = setup();
    await withHeader(t, ['x', 'label']);
    const refused = t.store.getState().start();
    t.s.starts[0].resolve(failed('The file has no column "label"'));
    await refused;
    expect(t.store.getState().startError).toBe('The file has no column "label"');
    expect(t.store.getState().job).toBeNull();

    const again = t.store.getState().start();
    t.s.starts[1].resolve(ok({ jobId: 9 }));
    await again;
    t.s.setCancelAnswer(failed('the worker is gone'));
    await t.store.getState().cancel();
    expect(t.s.cancelled).toEqual([9]);
    expect(t.store.getState().cancelError).toBe('the worker is gone');

    t.s.progress(progressOf(9, { status: 'failed', error: 'row 12: "abc" is not a number' }));
    expect(t.store.getState().job?.progress?.error).toBe('row 12: "abc" is not a number');
    expect(t.store.getState().selectedJobId).toBeNull();
  });

  it('cancels only a running job, and not twice once it ended', async () => {
    const t = setup();
    await t.store.getState().cancel();
    expect(t.s.cancelled).toEqual([]);
    await started(t, 11);
    await t.store.getState().cancel();
    t.s.progress(progressOf(11, { status: 'cancelled' }));
    await t.store.getState().cancel();
    expect(t.s.cancelled).toEqual([11]);
  });

  it('refuses a second start while one runs', async () => {
    const t = setup();
    await started(t, 12);
    await t.store.getState().start();
    expect(t.s.starts).toHaveLength(1);
  });
});

describe('importance store: the model', () => {
  it('starts nothing without a scorable model', async () => {
    const t = setup(null);
    await withHeader(t, ['label']);
    await t.store.getState().start();
    expect(t.s.starts).toHaveLength(0);
  });

  it('clears the pick and an ended job on another model, and keeps a running job to cancel', async () => {
    const t = setup();
    await started(t, 13);
    t.store.getState().select(3);
    t.m.set(modelB);
    expect(t.store.getState().model).toBe(modelB);
    expect(t.store.getState().selectedJobId).toBeNull();
    expect(t.store.getState().job?.jobId).toBe(13);

    // It finishes under model B: not picked, since it measured model A.
    t.s.progress(progressOf(13, { status: 'finished' }));
    expect(t.store.getState().selectedJobId).toBeNull();
    t.m.set(modelA);
    expect(t.store.getState().job).toBeNull();
  });

  it('keeps the pick when the same model is inspected again', () => {
    const t = setup();
    t.store.getState().select(3);
    t.m.set({ ...modelA, source: { kind: 'file', path: '/copy/of/a.onnx' } });
    expect(t.store.getState().selectedJobId).toBe(3);
  });

  it('stops listening when the sync stops', () => {
    const t = setup();
    expect(t.s.listening()).toBe(true);
    t.stop();
    expect(t.s.listening()).toBe(false);
    t.m.set(modelB);
    expect(t.store.getState().model).toBe(modelA);
  });
});

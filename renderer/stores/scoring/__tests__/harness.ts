// The scoring store over a client whose answers a test releases by hand, in any order.
import type { Result } from '../../../../shared/errors';
import type { DatasetSummary, FeatureOrder, ModelInspection, ModelSource, WhatIfPrediction } from '../../../../shared/scoring/inspection';
import type { OnnxModelInfo } from '../../../../shared/scoring/model';
import type { ScoringJob } from '../../../../shared/scoring/jobs';
import type { ScoreArgs, ScoringClient, ScoringProgress, WhatIfRow } from '../../../api/scoringClient';
import { vi } from 'vitest';
import { createScoringStore } from '../store';

export interface Pending<A, T> {
  args: A;
  resolve(result: Result<T>): void;
}

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export function scriptedClient() {
  const inspects: Pending<ModelSource, ModelInspection>[] = [];
  const scores: Pending<ScoreArgs, { jobId: number }>[] = [];
  const predicts: Pending<{ rows: WhatIfRow[]; features?: string[] }, WhatIfPrediction>[] = [];
  const datasets: Pending<string, DatasetSummary>[] = [];
  const headers: Pending<string, { path: string; columns: string[] }>[] = [];
  const orders: Pending<{ model: ModelSource; features: string[] | null }, { featureOrder: FeatureOrder | null }>[] = [];
  const cancelled: number[] = [];
  let jobList: ScoringJob[] = [];
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
      return Promise.resolve(ok<ScoringJob[]>(jobList));
    },
    columns: (path) => pending(headers, path),
    setFeatureOrder: (model, features) => pending(orders, { model, features }),
    predict: (_model, rows, features) => pending(predicts, { rows, features }),
    dataset: (path) => pending(datasets, path),
    onProgress(listener) {
      progress = listener;
      return () => {
        progress = null;
      };
    },
  };
  return {
    client,
    inspects,
    scores,
    predicts,
    datasets,
    headers,
    orders,
    cancelled,
    jobCalls: () => jobCalls,
    setJobs: (jobs: ScoringJob[]) => void (jobList = jobs),
    progress: (p: ScoringProgress) => progress?.(p),
  };
}

export function info(patch: Partial<OnnxModelInfo> = {}): OnnxModelInfo {
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

/** As the backend answers: a 2-D input's order from its feature_names (or `order`), else none known. */
export function inspection(path: string, patch: Partial<OnnxModelInfo> = {}, order?: FeatureOrder | null): ModelInspection {
  const model = info(patch);
  const named = model.featureNames && model.inputLayout?.kind === 'matrix' ? { features: model.featureNames, source: 'metadata' as const } : null;
  return { source: { kind: 'file', path }, file: path, size: 100, info: model, unscorable: patch.unscorable ?? null, featureOrder: order === undefined ? named : order };
}

export const dataset: DatasetSummary = {
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

export const progressOf = (jobId: number, patch: Partial<ScoringProgress> = {}): ScoringProgress => ({
  jobId,
  rows: 10,
  rowsPerSecond: 100,
  bytesRead: 50,
  totalBytes: 100,
  status: 'running',
  error: null,
  ...patch,
});

export async function setup() {
  const s = scriptedClient();
  const opened: number[] = [];
  const store = createScoringStore({ client: s.client, now: () => 1000, columnsDelayMs: 300, openEvaluation: (jobId) => opened.push(jobId) });
  const stop = store.getState().startSync();
  return { s, store, stop, opened };
}

export async function inspected(path = '/m.onnx', patch: Partial<OnnxModelInfo> = {}, order?: FeatureOrder | null) {
  const t = await setup();
  t.store.getState().setModelPath(path);
  const done = t.store.getState().inspect();
  t.s.inspects[0].resolve(ok(inspection(path, patch, order)));
  await done;
  return t;
}

/** A finished score job as the backend records it. */
export function recordedJob(patch: Partial<ScoringJob> = {}): ScoringJob {
  return {
    id: 7,
    kind: 'score',
    model: { path: '/m.onnx', sha256: 'ab'.repeat(32), runId: null, artifactPath: null },
    input: { path: '/in.csv', sha256: null, rows: 10 },
    outputPath: '/out.csv',
    settings: {},
    startedAt: 1000,
    durationMs: 50,
    rowsPerSecond: 200,
    status: 'finished',
    error: null,
    labelColumn: 'y',
    importance: null,
    ...patch,
  };
}

/** A what-if answer whose top class is `label` (of x and y). */
export const answer = (label: 'x' | 'y') => ok({ classLabels: ['x', 'y'], rows: [{ label, probabilities: label === 'x' ? [0.9, 0.1] : [0.2, 0.8] }] });

/** Answers every prediction sent so far (a resolved one ignores it), then lets the next one go out. */
export async function answerPredictions(s: ReturnType<typeof scriptedClient>): Promise<void> {
  for (const pending of s.predicts) pending.resolve(answer('x'));
  await vi.advanceTimersByTimeAsync(0);
}

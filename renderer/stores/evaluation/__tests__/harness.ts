// The evaluation store over clients whose answers a test releases by hand, in any order.
import type { Result } from '../../../../shared/errors';
import type { ColumnMapping, PredictionColumns, RunPredictions } from '../../../../shared/evaluation/predictionSets';
import type { Evaluation, GroupTable } from '../../../../shared/evaluation/types';
import type { ScoringJob } from '../../../../shared/scoring/jobs';
import type { EvaluationClient, EvaluationProgress, PredictionSetKey } from '../../../api/evaluationClient';
import { createUiStore } from '../../ui/store';
import { createEvaluationStore } from '../store';
import { createThresholdStore } from '../threshold';

export interface Pending<A, T> {
  args: A;
  resolve(result: Result<T>): void;
}

export function scriptedClient() {
  const sets: Pending<string, RunPredictions>[] = [];
  const loads: Pending<PredictionSetKey, Evaluation>[] = [];
  const columns: Pending<PredictionSetKey, PredictionColumns>[] = [];
  const mappings: Pending<{ key: PredictionSetKey; mapping: ColumnMapping | null }, { mapping: ColumnMapping | null }>[] = [];
  const groups: Pending<{ key: PredictionSetKey; column: string }, GroupTable[]>[] = [];
  const cancelled: PredictionSetKey[] = [];
  let progress: ((p: EvaluationProgress) => void) | null = null;
  const pending = <A, T>(list: Pending<A, T>[], args: A) => new Promise<Result<T>>((resolve) => list.push({ args, resolve }));
  const client: EvaluationClient = {
    sets: (runId) => pending(sets, runId),
    columns: (key) => pending(columns, key),
    setMapping: (key, mapping) => pending(mappings, { key, mapping }),
    load: (key) => pending(loads, key),
    cancel: (key) => {
      cancelled.push(key);
      return Promise.resolve({ ok: true, value: { cancelled: true } });
    },
    groups: (key, column) => pending(groups, { key, column }),
    rows: () => Promise.resolve({ ok: true, value: { columns: [], rows: [], total: 0 } }),
    onProgress(listener) {
      progress = listener;
      return () => {
        progress = null;
      };
    },
  };
  return { client, sets, loads, columns, mappings, groups, cancelled, progress: (p: EvaluationProgress) => progress?.(p) };
}

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

export function setup() {
  const ui = createUiStore(null);
  const s = scriptedClient();
  const jobs: Pending<number, ScoringJob | null>[] = [];
  const threshold = createThresholdStore();
  const store = createEvaluationStore(
    {
      client: s.client,
      runName: async (id) => ok(`name of ${id}`),
      scoringJob: (jobId) => new Promise((resolve) => jobs.push({ args: jobId, resolve })),
    },
    ui,
    threshold,
  );
  const stop = store.getState().startSync();
  return { ui, s, jobs, threshold, store, stop };
}

/** A finished score job that kept its label column. */
export function scoreJob(patch: Partial<ScoringJob> = {}): ScoringJob {
  return {
    id: 12,
    kind: 'score',
    model: { path: '/models/iris.onnx', sha256: 'ab'.repeat(32), runId: null, artifactPath: null },
    input: { path: '/data/iris.csv', sha256: null, rows: 150 },
    outputPath: '/out/iris-scored.csv',
    settings: {},
    startedAt: 1_700_000_000_000,
    durationMs: 120,
    rowsPerSecond: 1250,
    status: 'finished',
    error: null,
    labelColumn: 'species',
    importance: null,
    ...patch,
  };
}

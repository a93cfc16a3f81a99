// Scoring: open an ONNX model, score a CSV into a new CSV (a job with its
// progress events), the jobs recorded, a CSV's header, a 2-D input's feature
// order remembered per model, and the what-if form's predictions.
import type { ArgsOf, Events } from '../../shared/api';
import type { Result } from '../../shared/errors';
import type { DatasetSummary, FeatureOrder, ModelInspection, ModelSource, WhatIfPrediction } from '../../shared/scoring/inspection';
import type { ScoringJob } from '../../shared/scoring/jobs';
import { apiClient } from './client';

export type ScoringProgress = Events['scoring/progress'];
export type ScoreArgs = ArgsOf<'scoring/score'>;
export type WhatIfRow = ArgsOf<'scoring/predict'>['rows'][number];

export interface ScoringClient {
  inspect(model: ModelSource): Promise<Result<ModelInspection>>;
  /** Starts a job; its progress comes as `scoring/progress` events. */
  score(args: ScoreArgs): Promise<Result<{ jobId: number }>>;
  cancel(jobId: number): Promise<Result<{ cancelled: boolean }>>;
  jobs(limit?: number): Promise<Result<ScoringJob[]>>;
  /** A CSV's header only, for the label column and a proposed feature order. */
  columns(path: string): Promise<Result<{ path: string; columns: string[] }>>;
  /** Remembers a 2-D input's feature order for this model; null forgets it. */
  setFeatureOrder(model: ModelSource, features: string[] | null): Promise<Result<{ featureOrder: FeatureOrder | null }>>;
  predict(model: ModelSource, rows: WhatIfRow[], features?: string[]): Promise<Result<WhatIfPrediction>>;
  dataset(path: string): Promise<Result<DatasetSummary>>;
  /** Progress of every job in flight (the listener filters). */
  onProgress(listener: (progress: ScoringProgress) => void): () => void;
}

/** Only the fields the contract names: a caller's wider object must not reach the strict schema. */
export function modelArgs(model: ModelSource): ModelSource {
  return model.kind === 'file' ? { kind: 'file', path: model.path } : { kind: 'artifact', runId: model.runId, artifactPath: model.artifactPath };
}

export const scoringClient: ScoringClient = {
  inspect: (model) => apiClient().send('scoring/inspect', { model: modelArgs(model) }),
  score: (args) => apiClient().send('scoring/score', { ...args, model: modelArgs(args.model) }),
  cancel: (jobId) => apiClient().send('scoring/cancel', { jobId }),
  jobs: (limit) => apiClient().send('scoring/jobs', limit === undefined ? {} : { limit }),
  columns: (path) => apiClient().send('scoring/columns', { path }),
  setFeatureOrder: (model, features) => apiClient().send('scoring/setFeatureOrder', { model: modelArgs(model), features }),
  predict: (model, rows, features) => apiClient().send('scoring/predict', features ? { model: modelArgs(model), rows, features } : { model: modelArgs(model), rows }),
  dataset: (path) => apiClient().send('scoring/dataset', { path }),
  onProgress: (listener) => apiClient().subscribe('scoring/progress', listener),
};

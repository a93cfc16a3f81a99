// The what-if form's scoring: rows of field values scored by a model kept open
// in a worker of its own (one per model file, closed after a minute unused),
// or in this thread where the host has no worker script (the tests).
import { Worker } from 'node:worker_threads';
import { RequestFailed } from '../handlerTypes';
import { batchModelOf } from './batchModel';
import { castNumber, type FeatureSpec, type FeatureValues } from './batchScore';
import { openScoringModel } from './onnx/session';

export type WhatIfValue = string | number | boolean;
export interface WhatIfRequest {
  id: number;
  rows: Record<string, WhatIfValue>[];
}
export type WhatIfResponse =
  | { id: number; ok: true; labels: string[]; probabilities: number[][]; classLabels: string[] }
  | { id: number; ok: false; message: string };

export interface WhatIfPrediction {
  classLabels: string[];
  rows: { label: string; probabilities: number[] }[];
}

/** The form's rows as the model's feature columns; a field left out or not a number is named. */
export function columnsOfRows(features: FeatureSpec[], rows: Record<string, WhatIfValue>[]): FeatureValues[] {
  return features.map((spec) => {
    if (spec.kind === 'string') return rows.map((row) => String(row[spec.column] ?? ''));
    const values = new Float64Array(rows.length);
    rows.forEach((row, r) => {
      const value = row[spec.column];
      if (value === undefined) throw new RequestFailed('bad-request', `Row ${r + 1} has no value for "${spec.column}"`);
      values[r] = typeof value === 'number' ? value : castNumber(String(value), spec, r + 1, 'nan');
    });
    return values;
  });
}

function predictionOf(response: Extract<WhatIfResponse, { ok: true }>): WhatIfPrediction {
  return { classLabels: response.classLabels, rows: response.labels.map((label, r) => ({ label, probabilities: response.probabilities.map((column) => column[r]) })) };
}

interface OpenModel {
  predict(rows: Record<string, WhatIfValue>[]): Promise<WhatIfPrediction>;
  close(): Promise<void>;
}

function inWorker(script: string, modelFile: string, features: FeatureSpec[]): OpenModel {
  const worker = new Worker(script, { workerData: { modelFile, threads: 1, features } });
  const pending = new Map<number, (response: WhatIfResponse) => void>();
  let next = 1;
  worker.on('message', (response: WhatIfResponse) => {
    pending.get(response.id)?.(response);
    pending.delete(response.id);
  });
  worker.on('error', (error) => {
    for (const resolve of pending.values()) resolve({ id: 0, ok: false, message: `The model's worker stopped: ${error.message}` });
    pending.clear();
  });
  return {
    predict(rows) {
      const id = next++;
      return new Promise((resolve, reject) => {
        pending.set(id, (response) => (response.ok ? resolve(predictionOf(response)) : reject(new RequestFailed('bad-request', response.message))));
        worker.postMessage({ id, rows } satisfies WhatIfRequest);
      });
    },
    close: async () => void (await worker.terminate()),
  };
}

function inThread(modelFile: string, features: FeatureSpec[]): OpenModel {
  const opened = openScoringModel(modelFile, { threads: 1 });
  return {
    async predict(rows) {
      const result = await batchModelOf(await opened, features).score(columnsOfRows(features, rows), rows.length);
      return predictionOf({ id: 0, ok: true, labels: result.prediction ?? [], probabilities: result.probabilities?.map((c) => Array.from(c)) ?? [], classLabels: result.classLabels });
    },
    close: async () => (await opened).close(),
  };
}

const idleMs = 60_000;

/** One open model per file and feature order; closed when unused for a minute. */
export class WhatIfModels {
  private readonly open = new Map<string, { model: OpenModel; timer: NodeJS.Timeout }>();

  constructor(private readonly workerScript?: string) {}

  predict(modelFile: string, features: FeatureSpec[], rows: Record<string, WhatIfValue>[]): Promise<WhatIfPrediction> {
    const key = `${modelFile}\u0000${features.map((f) => f.column).join('\u0000')}`;
    let entry = this.open.get(key);
    if (!entry) {
      const model = this.workerScript ? inWorker(this.workerScript, modelFile, features) : inThread(modelFile, features);
      entry = { model, timer: setTimeout(() => {}, 0) };
      this.open.set(key, entry);
    }
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => void this.forget(key), idleMs);
    entry.timer.unref();
    return entry.model.predict(rows);
  }

  private async forget(key: string): Promise<void> {
    const entry = this.open.get(key);
    this.open.delete(key);
    if (entry) await entry.model.close();
  }

  async close(): Promise<void> {
    await Promise.all([...this.open.keys()].map((key) => this.forget(key)));
  }
}

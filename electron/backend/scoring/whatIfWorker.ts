// A long-lived worker holding one model open, for the what-if form: each
// request scores a few rows (a changed field, debounced) without blocking the
// thread that answers requests, and without loading the model again.
import { parentPort, workerData } from 'node:worker_threads';
import { batchModelOf } from './batchModel';
import type { FeatureSpec } from './batchScore';
import { openScoringModel } from './onnx/session';
import { columnsOfRows, type WhatIfRequest, type WhatIfResponse } from './whatIf';

const { modelFile, threads, features } = workerData as { modelFile: string; threads: number; features: FeatureSpec[] };
const opened = openScoringModel(modelFile, { threads });

parentPort!.on('message', async (request: WhatIfRequest) => {
  const reply = (response: WhatIfResponse) => parentPort!.postMessage(response);
  try {
    const model = batchModelOf(await opened, features);
    const result = await model.score(columnsOfRows(features, request.rows), request.rows.length);
    reply({ id: request.id, ok: true, labels: result.prediction ?? [], probabilities: result.probabilities?.map((column) => Array.from(column)) ?? [], classLabels: result.classLabels });
  } catch (error) {
    reply({ id: request.id, ok: false, message: (error as Error).message });
  }
});

// The scoring requests on a real backend: inspect a file, an MLflow model
// folder and a run's artifact; score in the bundled worker with progress and a
// recorded job; a cancel that leaves no file; outputs that would overwrite a
// file or write into a project folder refused.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArgsOf, Events, RequestName, ResultOf } from '../../shared/api';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { appendEvent, removeTempDirs, repoRoot, tempDir, waitFor, writeNativeRun } from '../helpers';

afterAll(removeTempDirs);

const models = path.join(repoRoot, 'test', 'fixtures', 'models');
const irisCsv = path.join(repoRoot, 'test', 'fixtures', 'datasets', 'iris', 'test.csv');
const scoringWorker = path.join(repoRoot, 'dist', 'electron', 'scoringWorker.cjs');

let backend: Backend;
let folder: string;
let project: string;
const progress: Events['scoring/progress'][] = [];

async function send<K extends RequestName>(name: K, args: ArgsOf<K>): Promise<ResultOf<K>> {
  const result = await backend.send(name, args);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}
async function failure<K extends RequestName>(name: K, args: ArgsOf<K>): Promise<string> {
  const result = await backend.send(name, args);
  if (result.ok) throw new Error(`${name} should have failed`);
  return result.error.message;
}

beforeAll(async () => {
  folder = tempDir('runlens-scoring-api-');
  project = path.join(folder, 'project');
  const run = writeNativeRun(path.join(project, 'runlens', 'a'), { name: 'with-model' });
  fs.mkdirSync(path.join(run, 'artifacts'), { recursive: true });
  fs.copyFileSync(path.join(models, 'iris_forest.onnx'), path.join(run, 'artifacts', 'model.onnx'));
  appendEvent(run, { type: 'artifact', path: 'artifacts/model.onnx', size: fs.statSync(path.join(run, 'artifacts', 'model.onnx')).size });
  backend = await createBackend({ dataDir: path.join(folder, 'data'), mode: 'cli', version: 'test', watch: false, scoringWorker, emit: (name, payload) => name === 'scoring/progress' && progress.push(payload as Events['scoring/progress']) });
  await send('projects/add', { path: project });
}, 60_000);
afterAll(async () => backend?.close());

describe('scoring/inspect', () => {
  it('describes a file, a run artifact and an MLflow folder, and says why a sklearn flavor cannot be scored', async () => {
    const file = await send('scoring/inspect', { model: { kind: 'file', path: path.join(models, 'breast_cancer_logreg.onnx') } });
    expect(file.unscorable).toBeNull();
    expect(file.info?.inputLayout).toMatchObject({ kind: 'matrix', featureCount: 30 });
    expect(file.info?.sha256).toMatch(/^[0-9a-f]{64}$/);
    const [run] = await send('runs/list', {});
    const artifact = await send('scoring/inspect', { model: { kind: 'artifact', runId: run.id, artifactPath: 'artifacts/model.onnx' } });
    expect(artifact.info?.outputs.classLabels).toEqual(['setosa', 'versicolor', 'virginica']);
    const sklearn = path.join(folder, 'sklearn-model');
    fs.mkdirSync(sklearn);
    fs.writeFileSync(path.join(sklearn, 'MLmodel'), 'flavors:\n  python_function:\n    loader_module: mlflow.sklearn\n  sklearn:\n    pickled_model: model.pkl\n');
    const refused = await send('scoring/inspect', { model: { kind: 'file', path: sklearn } });
    expect(refused.unscorable).toMatch(/sklearn flavor and no onnx flavor/);
    const onnx = path.join(folder, 'onnx-model');
    fs.mkdirSync(onnx);
    fs.copyFileSync(path.join(models, 'wine_softmax.onnx'), path.join(onnx, 'model.onnx'));
    fs.writeFileSync(path.join(onnx, 'MLmodel'), 'flavors:\n  onnx:\n    data: model.onnx\n    onnx_version: 1.14.0\n');
    const mlflow = await send('scoring/inspect', { model: { kind: 'file', path: onnx } });
    expect(mlflow).toMatchObject({ file: path.join(onnx, 'model.onnx'), unscorable: null });
  });
});

describe('scoring/score', () => {
  it('scores in the worker, reports progress, and records the job', async () => {
    const output = path.join(folder, 'scored.csv');
    const { jobId } = await send('scoring/score', { model: { kind: 'file', path: path.join(models, 'iris_forest_zipmap.onnx') }, input: irisCsv, output, features: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'] });
    await waitFor(() => progress.find((p) => p.jobId === jobId && p.status === 'finished'), 'the job to finish');
    expect(fs.readFileSync(output, 'utf8').split('\n')[0]).toBe('sepal_length,sepal_width,petal_length,petal_width,species,prediction,proba_setosa,proba_versicolor,proba_virginica');
    const [job] = await send('scoring/jobs', {});
    expect(job).toMatchObject({ id: jobId, status: 'finished', input: { path: irisCsv, rows: 60 }, outputPath: output, settings: { feature_order: 'given' } });
  });

  it('refuses an output that exists, one inside a project folder, and a relative one', async () => {
    const model = { kind: 'file' as const, path: path.join(models, 'iris_forest.onnx') };
    expect(await failure('scoring/score', { model, input: irisCsv, output: path.join(folder, 'scored.csv') })).toContain('exists already');
    expect(await failure('scoring/score', { model, input: irisCsv, output: path.join(project, 'out.csv') })).toContain('does not write into a project folder');
    expect(await failure('scoring/score', { model, input: irisCsv, output: 'out.csv' })).toContain('absolute path');
  });

  it('is cancelled between batches, leaving no output and no temporary file', async () => {
    const input = path.join(folder, 'big.csv');
    const lines = ['sepal_length,sepal_width,petal_length,petal_width'];
    for (let i = 0; i < 400_000; i++) lines.push(`${5 + (i % 10) / 10},${3 + (i % 7) / 10},${1 + (i % 50) / 10},${(i % 25) / 10}`);
    fs.writeFileSync(input, lines.join('\n') + '\n');
    const outputFolder = tempDir('runlens-scoring-out-');
    const { jobId } = await send('scoring/score', { model: { kind: 'file', path: path.join(models, 'iris_forest.onnx') }, input, output: path.join(outputFolder, 'out.csv'), batchRows: 1000 });
    await waitFor(() => progress.find((p) => p.jobId === jobId && p.rows > 0), 'the first batch');
    expect((await send('scoring/cancel', { jobId })).cancelled).toBe(true);
    await waitFor(() => progress.find((p) => p.jobId === jobId && p.status === 'cancelled'), 'the job to stop');
    expect(fs.readdirSync(outputFolder)).toEqual([]);
    const [job] = await send('scoring/jobs', { limit: 1 });
    expect(job).toMatchObject({ id: jobId, status: 'cancelled' });
  }, 60_000);
});

describe('the what-if requests', () => {
  it('summarizes a reference dataset: ranges, categories and rows to start from', async () => {
    const summary = await send('scoring/dataset', { path: irisCsv });
    expect(summary.rowsRead).toBe(60);
    expect(summary.columns.find((c) => c.name === 'species')).toEqual({ name: 'species', kind: 'category', values: ['setosa', 'versicolor', 'virginica'] });
    const petal = summary.columns.find((c) => c.name === 'petal_length');
    expect(petal).toMatchObject({ kind: 'number' });
    const rows = fs.readFileSync(irisCsv, 'utf8').trim().split('\n').slice(1).map((line) => Number(line.split(',')[2]));
    expect(petal).toMatchObject({ min: Math.min(...rows), max: Math.max(...rows) });
    expect(summary.rows[0]).toEqual(fs.readFileSync(irisCsv, 'utf8').split(/\r?\n/)[1].split(','));
  });

  it('scores a changed field in the model\'s own worker: the probabilities move', async () => {
    const model = { kind: 'file' as const, path: path.join(models, 'iris_forest.onnx') };
    const reference = { sepal_length: 5.1, sepal_width: 3.8, petal_length: 1.9, petal_width: 0.4 };
    const before = await send('scoring/predict', { model, rows: [reference] });
    expect(before.classLabels).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(before.rows[0].label).toBe('setosa');
    expect(before.rows[0].probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    const after = await send('scoring/predict', { model, rows: [{ ...reference, petal_length: 6.1, petal_width: 2.1 }] });
    expect(after.rows[0].label).toBe('virginica');
    expect(after.rows[0].probabilities[2]).toBeGreaterThan(before.rows[0].probabilities[2]);
    const missing = await backend.send('scoring/predict', { model, rows: [{ sepal_length: 5 }] });
    expect(missing.ok ? 'scored' : missing.error.message).toContain('no value for "sepal_width"');
  });
});

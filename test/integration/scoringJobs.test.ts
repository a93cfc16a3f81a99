// Scoring jobs on a real backend with the bundled workers: a labeled input's
// output opens as an evaluation (by the job, never a path the caller names);
// permutation importance runs in its worker with progress, Cancel and its
// result recorded; a matrix model's feature order, confirmed once, is
// remembered by the model's SHA-256 across a restart.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArgsOf, Events, RequestName, ResultOf } from '../../shared/api';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { featuresOf } from '../../electron/backend/scoring/batchModel';
import { runImportanceJob } from '../../electron/backend/scoring/importance';
import { openScoringModel } from '../../electron/backend/scoring/onnx/session';
import { openDatabase } from '../../electron/backend/store/database';
import { removeTempDirs, repoRoot, tempDir, waitFor } from '../helpers';

afterAll(removeTempDirs);

const models = path.join(repoRoot, 'test', 'fixtures', 'models');
const datasets = path.join(repoRoot, 'test', 'fixtures', 'datasets');
const irisCsv = path.join(datasets, 'iris', 'test.csv');
const cancerCsv = path.join(datasets, 'breast_cancer', 'test.csv');
const scoringWorker = path.join(repoRoot, 'dist', 'electron', 'scoringWorker.cjs');
const expected = JSON.parse(fs.readFileSync(path.join(models, 'expected_test_predictions.json'), 'utf8')) as Record<string, number[] | number[][]>;
const irisFeatures = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];

let backend: Backend;
let folder: string;
let dataDir: string;
const scoring: Events['scoring/progress'][] = [];
const importance: Events['importance/progress'][] = [];

async function open(): Promise<Backend> {
  return createBackend({
    dataDir,
    mode: 'cli',
    version: 'test',
    watch: false,
    scoringWorker,
    emit: (name, payload) => {
      if (name === 'scoring/progress') scoring.push(payload as Events['scoring/progress']);
      if (name === 'importance/progress') importance.push(payload as Events['importance/progress']);
    },
  });
}

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

async function scored(args: ArgsOf<'scoring/score'>): Promise<ResultOf<'scoring/jobs'>[number]> {
  const { jobId } = await send('scoring/score', args);
  const end = await waitFor(() => scoring.find((p) => p.jobId === jobId && p.status !== 'running'), `scoring job ${jobId} to end`, 60_000);
  expect(end).toMatchObject({ status: 'finished', error: null });
  return (await send('scoring/jobs', {})).find((job) => job.id === jobId)!;
}

beforeAll(async () => {
  folder = tempDir('runlens-scoring-jobs-');
  dataDir = path.join(folder, 'data');
  backend = await open();
}, 60_000);
afterAll(async () => backend?.close());

describe('a labeled input', () => {
  it("finds the label column by the model's classes, keeps it, and opens the output's evaluation by the job", async () => {
    const output = path.join(folder, 'iris-scored.csv');
    const job = await scored({ model: { kind: 'file', path: path.join(models, 'iris_forest.onnx') }, input: irisCsv, output });
    expect(job.labelColumn).toBe('species');
    const evaluation = await send('evaluation/load', { jobId: job.id, path: 'iris-scored.csv' });
    if (evaluation.kind !== 'multiclass') throw new Error(`expected a multiclass evaluation, got ${evaluation.kind}`);
    expect(evaluation.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    // The matrix from the committed scikit-learn probabilities (arg-max) and the file's labels.
    const labels = fs.readFileSync(irisCsv, 'utf8').trim().split(/\r?\n/).slice(1).map((line) => line.split(',')[4]);
    const classes = evaluation.classes;
    const counts = classes.map(() => classes.map(() => 0));
    (expected.iris_forest as number[][]).forEach((p, row) => counts[classes.indexOf(labels[row])][p.indexOf(Math.max(...p))] += 1);
    expect(evaluation.confusion).toEqual(counts);
    const cell = await send('evaluation/rows', { jobId: job.id, path: 'iris-scored.csv', trueClass: 'setosa', predictedClass: 'setosa', offset: 0, limit: 100 });
    expect(cell.total).toBe(counts[0][0]);
    expect(cell.columns).toContain('proba_setosa');
  }, 60_000);

  it('keeps the label beside an id column, and a binary output evaluates against the reference probabilities', async () => {
    const output = path.join(folder, 'cancer-scored.csv');
    const job = await scored({ model: { kind: 'file', path: path.join(models, 'breast_cancer_logreg.onnx') }, input: cancerCsv, output, idColumn: 'clinic' });
    expect(job.labelColumn).toBe('target');
    expect(fs.readFileSync(output, 'utf8').split('\n')[0]).toBe('clinic,target,prediction,proba_0,proba_1');
    const evaluation = await send('evaluation/load', { jobId: job.id, path: 'cancer-scored.csv' });
    if (evaluation.kind !== 'binary') throw new Error(`expected a binary evaluation, got ${evaluation.kind}`);
    expect(evaluation.positiveClass).toBe('1');
    const reference = expected.breast_cancer_logreg as number[];
    expect(evaluation.table.positives + evaluation.table.negatives).toBe(reference.length);
    const groups = await send('evaluation/groups', { jobId: job.id, path: 'cancer-scored.csv', column: 'clinic' });
    expect(groups.reduce((sum, group) => sum + group.table.positives + group.table.negatives, 0)).toBe(reference.length);
  }, 60_000);

  it('says why an output cannot be evaluated, and takes no mapping for a job', async () => {
    const output = path.join(folder, 'iris-unlabeled.csv');
    const job = await scored({ model: { kind: 'file', path: path.join(models, 'iris_forest.onnx') }, input: irisCsv, output, labelColumn: null });
    expect(job.labelColumn).toBeNull();
    expect(await failure('evaluation/load', { jobId: job.id, path: 'iris-unlabeled.csv' })).toContain('had no label column');
    expect(await failure('evaluation/load', { jobId: 999_999, path: 'x.csv' })).toContain('No scoring job #999999');
    expect(await failure('evaluation/load', { jobId: job.id, path: '../../etc/passwd' })).toContain('not "../../etc/passwd"');
    expect(await failure('evaluation/load', { runId: 'abc', jobId: job.id, path: 'iris-unlabeled.csv' })).toContain('not both or neither');
    expect(await failure('evaluation/load', { path: 'iris-unlabeled.csv' })).toContain('not both or neither');
    const mapping = { label: 'species', scores: ['proba_setosa'], scoreClasses: ['setosa'], positive: 'setosa' };
    expect(await failure('evaluation/setMapping', { jobId: job.id, path: 'iris-unlabeled.csv', mapping })).toContain('needs no mapping');
    expect(await failure('scoring/score', { model: { kind: 'file', path: path.join(models, 'iris_forest.onnx') }, input: irisCsv, output: path.join(folder, 'nope.csv'), labelColumn: 'kind' })).toContain('no label column "kind"');
    expect(fs.existsSync(path.join(folder, 'nope.csv'))).toBe(false);
  }, 60_000);
});

describe('permutation importance as a job', () => {
  it('runs in its worker with progress, records its result, and agrees with the same seed computed in this thread', async () => {
    const model = { kind: 'file' as const, path: path.join(models, 'breast_cancer_logreg.onnx') };
    const { jobId } = await send('scoring/importance', { model, data: cancerCsv, label: 'target', repeats: 3, seed: 7, scorer: 'roc_auc' });
    const end = await waitFor(() => importance.find((p) => p.jobId === jobId && p.status !== 'running'), 'the importance job to end', 120_000);
    expect(end).toMatchObject({ status: 'finished', featuresDone: 30, featureCount: 30 });
    expect(importance.some((p) => p.jobId === jobId && p.status === 'running' && p.featuresDone > 0 && p.featuresDone < 30)).toBe(true);
    const job = (await send('scoring/jobs', {})).find((candidate) => candidate.id === jobId)!;
    expect(job).toMatchObject({ kind: 'importance', status: 'finished', input: { path: cancerCsv, rows: 171 } });
    const result = job.importance!;
    expect(result).toMatchObject({ scorer: 'roc_auc', repeats: 3, seed: 7, rows: 171 });
    expect(result.features).toHaveLength(30);
    const opened = await openScoringModel(model.path);
    const db = openDatabase(path.join(folder, 'reference-data'));
    try {
      const here = await runImportanceJob(db, { model: opened, modelInfo: { path: model.path, sha256: null, runId: null, artifactPath: null }, features: featuresOf(opened, null).features, input: cancerCsv, label: 'target', scorer: 'roc_auc', repeats: 3, seed: 7 });
      expect(result.baselineScore).toBeCloseTo(here.baselineScore, 12);
      expect(result.features.map((f) => f.name)).toEqual(here.features.map((f) => f.name));
      result.features.forEach((feature, i) => expect(feature.mean).toBeCloseTo(here.features[i].mean, 12));
    } finally {
      db.close();
      await opened.close();
    }
  }, 180_000);

  it('is cancelled, recorded as such, and refuses a label that is missing or a feature', async () => {
    const model = { kind: 'file' as const, path: path.join(models, 'breast_cancer_mlp.onnx') };
    const { jobId } = await send('scoring/importance', { model, data: cancerCsv, label: 'target', repeats: 200 });
    await waitFor(() => importance.find((p) => p.jobId === jobId && p.featuresDone > 0), 'the first feature', 120_000);
    expect((await send('scoring/cancel', { jobId })).cancelled).toBe(true);
    await waitFor(() => importance.find((p) => p.jobId === jobId && p.status === 'cancelled'), 'the job to stop', 60_000);
    const job = (await send('scoring/jobs', {})).find((candidate) => candidate.id === jobId)!;
    expect(job).toMatchObject({ status: 'cancelled', importance: null });
    expect(await failure('scoring/importance', { model, data: cancerCsv, label: 'diagnosis' })).toContain('no label column "diagnosis"');
    expect(await failure('scoring/importance', { model, data: cancerCsv, label: 'mean radius' })).toContain('is one of the model');
  }, 180_000);
});

describe('a feature order confirmed once', () => {
  const model = { kind: 'file' as const, path: path.join(models, 'iris_forest_zipmap.onnx') };

  it('is asked for, remembered by the model, used without being sent again, and kept over a restart (twice)', async () => {
    expect((await send('scoring/inspect', { model })).featureOrder).toBeNull();
    expect(await failure('scoring/score', { model, input: irisCsv, output: path.join(folder, 'unordered.csv') })).toContain('give their column order');
    expect(await failure('scoring/setFeatureOrder', { model, features: ['sepal_length', 'sepal_length', 'petal_length', 'petal_width'] })).toContain('named twice');
    expect(await failure('scoring/setFeatureOrder', { model, features: ['sepal_length'] })).toContain('takes 4 features');
    expect(await send('scoring/setFeatureOrder', { model, features: irisFeatures })).toEqual({ featureOrder: { features: irisFeatures, source: 'remembered' } });
    for (let restart = 0; restart < 2; restart++) {
      await backend.close();
      backend = await open();
      expect((await send('scoring/inspect', { model })).featureOrder).toEqual({ features: irisFeatures, source: 'remembered' });
    }
    const job = await scored({ model, input: irisCsv, output: path.join(folder, 'ordered.csv') });
    expect(job.settings).toMatchObject({ feature_order: 'remembered' });
    // A copy of the same model is the same SHA-256: it finds the order too.
    const copy = path.join(folder, 'copy.onnx');
    fs.copyFileSync(model.path, copy);
    expect((await send('scoring/inspect', { model: { kind: 'file', path: copy } })).featureOrder?.source).toBe('remembered');
    expect(await send('scoring/setFeatureOrder', { model, features: null })).toEqual({ featureOrder: null });
    expect((await send('scoring/inspect', { model })).featureOrder).toBeNull();
  }, 120_000);

  it("takes an MLflow model's column signature first, and a model's feature_names over any remembered order", async () => {
    const mlflow = path.join(folder, 'mlflow-model');
    fs.mkdirSync(mlflow);
    fs.copyFileSync(model.path, path.join(mlflow, 'model.onnx'));
    const signature = JSON.stringify(irisFeatures.map((name) => ({ name, type: 'double' })));
    fs.writeFileSync(path.join(mlflow, 'MLmodel'), `flavors:\n  onnx:\n    data: model.onnx\nsignature:\n  inputs: '${signature}'\n  outputs: null\n`);
    const inspected = await send('scoring/inspect', { model: { kind: 'file', path: mlflow } });
    expect(inspected.featureOrder).toEqual({ features: irisFeatures, source: 'signature' });
    expect(await failure('scoring/setFeatureOrder', { model: { kind: 'file', path: mlflow }, features: irisFeatures })).toContain('MLflow signature');
    const named = await send('scoring/inspect', { model: { kind: 'file', path: path.join(models, 'iris_forest.onnx') } });
    expect(named.featureOrder?.source).toBe('metadata');
    expect((await send('scoring/inspect', { model: { kind: 'file', path: path.join(models, 'breast_cancer_mlp.onnx') } })).featureOrder).toBeNull();
  });
});

describe('scoring/columns', () => {
  it("reads a CSV's header with quotes and a BOM, and names a file it cannot read", async () => {
    const file = path.join(folder, 'quoted.csv');
    fs.writeFileSync(file, '\uFEFF"id";"a; b";label\n1;"2; 3";x\n');
    expect(await send('scoring/columns', { path: file })).toEqual({ path: file, columns: ['id', 'a; b', 'label'] });
    expect(await failure('scoring/columns', { path: path.join(folder, 'missing.csv') })).toContain('missing.csv cannot be read');
  });
});

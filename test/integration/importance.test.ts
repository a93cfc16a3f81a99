// Permutation importance with real ONNX models and real onnxruntime against
// scikit-learn 1.2.1. The expected values and the row orders they used come
// from test/fixtures/importance/make_reference.py (run it with /usr/bin/python3):
//   manual:  baseline - score(X with column j = X[p, j]) for numpy
//            default_rng(42) permutations p, a fresh one per feature and repeat;
//   sklearn: permutation_importance(model, X, y, scoring=..., n_repeats=3,
//            random_state=42), whose row orders the script extracts.
// Tolerance 1e-6 absolute: the ONNX models compute in float32.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ImportanceScorer } from '../../shared/scoring/permutationImportance';
import { PermutationImportanceCancelled } from '../../shared/scoring/permutationImportance';
import { featuresOf } from '../../electron/backend/scoring/batchModel';
import { ScoringInputError } from '../../electron/backend/scoring/batchScore';
import { runImportanceJob, type ImportanceSummary } from '../../electron/backend/scoring/importance';
import { openScoringModel } from '../../electron/backend/scoring/onnx/session';
import { listJobs } from '../../electron/backend/scoring/queries';
import { openDatabase } from '../../electron/backend/store/database';
import { ImportanceInputError, ImportanceModelError, importanceForCli } from '../../electron/cliImportance';
import { removeTempDirs, repoRoot, tempDir } from '../helpers';

afterAll(removeTempDirs);

const fixtures = path.join(repoRoot, 'test', 'fixtures');
const models = path.join(fixtures, 'models');
const datasets = path.join(fixtures, 'datasets');

interface Expected {
  baseline_score: number;
  importances: number[][];
  importances_mean: number[];
  importances_std: number[];
}
interface Case {
  model: string;
  dataset: string;
  label: string;
  scorer: ImportanceScorer;
  features: string[];
  manual: Expected;
  sklearn: Expected;
}
const reference = JSON.parse(fs.readFileSync(path.join(fixtures, 'importance', 'reference.json'), 'utf8')) as {
  cases: Case[];
  datasets: Record<string, { permutations: number[][][]; sklearn_permutations: number[][] }>;
};

const tolerance = 1e-6;
const near = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThan(tolerance);

function expectMatches(summary: ImportanceSummary, c: Case, expected: Expected) {
  near(summary.baselineScore, expected.baseline_score);
  const byName = new Map(summary.features.map((f) => [f.name, f]));
  c.features.forEach((name, f) => {
    const got = byName.get(name)!;
    near(got.mean, expected.importances_mean[f]);
    near(got.std, expected.importances_std[f]);
    got.importances.forEach((value, r) => near(value, expected.importances[f][r]));
  });
  const means = summary.features.map((f) => f.mean);
  expect(means).toEqual([...means].sort((a, b) => b - a));
}

describe('permutation importance against scikit-learn', () => {
  const dataDir = path.join(tempDir('runlens-importance-'), 'data');

  for (const c of reference.cases) {
    it(`${c.model} with ${c.scorer}: the manual loop's and sklearn's own values (1e-6), and the job`, async () => {
      const model = await openScoringModel(path.join(models, `${c.model}.onnx`));
      const db = openDatabase(dataDir);
      try {
        const { features } = featuresOf(model, null);
        expect(features.map((f) => f.column)).toEqual(c.features);
        const orders = reference.datasets[c.dataset];
        const request = {
          model,
          modelInfo: { path: `${c.model}.onnx`, sha256: model.info.sha256, runId: null, artifactPath: null },
          features,
          input: path.join(datasets, c.dataset, 'test.csv'),
          label: c.label,
          scorer: c.scorer,
          batchRows: 50, // more than one batch per prediction
        };
        const manual = await runImportanceJob(db, { ...request, permutations: orders.permutations.map((f) => f.map((p) => Int32Array.from(p))) });
        expectMatches(manual, c, c.manual);
        // sklearn gives every feature the same row orders (one RandomState seed for all).
        const shared = orders.sklearn_permutations.map((p) => Int32Array.from(p));
        const sklearn = await runImportanceJob(db, { ...request, permutations: c.features.map(() => shared) });
        expectMatches(sklearn, c, c.sklearn);
        expect(sklearn).toMatchObject({ repeats: 3, seed: null, rows: orders.permutations[0][0].length });
        const job = listJobs(db, 10).find((j) => j.id === sklearn.jobId);
        expect(job).toMatchObject({ kind: 'importance', status: 'finished', outputPath: null, input: { rows: sklearn.rows, sha256: sklearn.inputSha256 }, settings: { scorer: c.scorer, permutations: 'given' } });
      } finally {
        db.close();
        await model.close();
      }
    });
  }
});

describe('importanceForCli', () => {
  const folder = tempDir('runlens-importance-cli-');
  const dataDir = path.join(folder, 'data');

  it('returns snake_case JSON sorted by mean importance and records the job', async () => {
    const out = await importanceForCli({ dataDir, model: path.join(models, 'iris_forest.onnx'), data: path.join(datasets, 'iris', 'test.csv'), label: 'species', repeats: 2, seed: 5, scorer: 'accuracy' });
    expect(out).toMatchObject({ scorer: 'accuracy', repeats: 2, seed: 5, rows: 60, job_id: expect.any(Number), baseline_score: expect.any(Number) });
    const features = out.features as { name: string; importance_mean: number; importance_std: number; importances: number[] }[];
    expect(features.map((f) => f.name).sort()).toEqual(['petal_length', 'petal_width', 'sepal_length', 'sepal_width']);
    for (const f of features) expect(f.importances).toHaveLength(2);
    expect(features.map((f) => f.importance_mean)).toEqual(features.map((f) => f.importance_mean).sort((a, b) => b - a));
    const again = await importanceForCli({ dataDir, model: path.join(models, 'iris_forest.onnx'), data: path.join(datasets, 'iris', 'test.csv'), label: 'species', repeats: 2, seed: 5 });
    expect(again.features).toEqual(out.features);
    const db = openDatabase(dataDir);
    const job = listJobs(db, 5).find((j) => j.id === out.job_id);
    db.close();
    expect(job).toMatchObject({ kind: 'importance', status: 'finished', input: { rows: 60 }, settings: { scorer: 'accuracy', repeats: 2, seed: 5, label: 'species', feature_order: 'metadata' } });
  });

  it('reads a model with one input per column and one with integer classes', async () => {
    const mlp = await importanceForCli({ dataDir, model: path.join(models, 'breast_cancer_mlp.onnx'), data: path.join(datasets, 'breast_cancer', 'test.csv'), label: 'target', repeats: 1, seed: 1, scorer: 'roc_auc' });
    expect(mlp).toMatchObject({ scorer: 'roc_auc', rows: 171, repeats: 1 });
    expect((mlp.features as { name: string }[]).map((f) => f.name)).toContain('mean_radius');
    const wine = await importanceForCli({ dataDir, model: path.join(models, 'wine_softmax.onnx'), data: path.join(datasets, 'wine', 'test.csv'), label: 'cultivar', repeats: 2, seed: 1, scorer: 'neg_log_loss' });
    expect(wine.baseline_score as number).toBeLessThan(0);
    expect(wine.features).toHaveLength(13);
  });

  it('names bad input (ImportanceInputError) and a model that cannot be loaded (ImportanceModelError)', async () => {
    const iris = path.join(datasets, 'iris', 'test.csv');
    const base = { dataDir, model: path.join(models, 'iris_forest.onnx'), data: iris, label: 'species' };
    await expect(importanceForCli({ ...base, label: 'kind' })).rejects.toThrow(new ImportanceInputError('The input has no label column "kind" (its columns: sepal_length, sepal_width, petal_length, petal_width, species)'));
    await expect(importanceForCli({ ...base, scorer: 'roc_auc' })).rejects.toThrow('roc_auc is for two classes');
    await expect(importanceForCli({ ...base, scorer: 'f1' })).rejects.toBeInstanceOf(ImportanceInputError);
    const bad = path.join(folder, 'bad.csv');
    const lines = fs.readFileSync(iris, 'utf8').trim().split(/\r?\n/);
    lines[5] = lines[5].replace(/^[^,]+/, 'abc');
    lines[8] = lines[8].replace(/[^,]+$/, 'tulip');
    fs.writeFileSync(bad, lines.join('\n') + '\n');
    await expect(importanceForCli({ ...base, data: bad })).rejects.toThrow('Line 6, column "sepal_length": "abc" is not a number');
    lines[5] = lines[6];
    fs.writeFileSync(bad, lines.join('\n') + '\n');
    await expect(importanceForCli({ ...base, data: bad })).rejects.toThrow('Line 9, column "species": "tulip" is not one of the model\'s classes');
    const broken = path.join(folder, 'broken.onnx');
    fs.writeFileSync(broken, 'not a model');
    await expect(importanceForCli({ ...base, model: broken })).rejects.toBeInstanceOf(ImportanceModelError);
    const db = openDatabase(dataDir);
    expect(listJobs(db, 1)[0]).toMatchObject({ kind: 'importance', status: 'failed', error: expect.stringContaining('Line 9') });
    db.close();
  });

  it('records a cancelled job, and refuses more rows than the cap', async () => {
    const model = await openScoringModel(path.join(models, 'breast_cancer_logreg.onnx'));
    const db = openDatabase(dataDir);
    const controller = new AbortController();
    const request = {
      model,
      modelInfo: { path: 'breast_cancer_logreg.onnx', sha256: model.info.sha256, runId: null, artifactPath: null },
      features: featuresOf(model, null).features,
      input: path.join(datasets, 'breast_cancer', 'test.csv'),
      label: 'target',
    };
    try {
      const job = runImportanceJob(db, { ...request, signal: controller.signal, onProgress: (done) => done === 2 && controller.abort() });
      await expect(job).rejects.toBeInstanceOf(PermutationImportanceCancelled);
      expect(listJobs(db, 1)[0]).toMatchObject({ kind: 'importance', status: 'cancelled', error: 'The permutation importance job was cancelled' });
      const capped = runImportanceJob(db, { ...request, maxRows: 100 });
      await expect(capped).rejects.toThrow(new ScoringInputError('The input has more than 100 rows, the most permutation importance reads into memory; take a sample'));
    } finally {
      db.close();
      await model.close();
    }
  });
});

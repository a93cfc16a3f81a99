// Batch scoring with real ONNX models and real onnxruntime: `runlens score` on
// every fixture model (the ZipMap one and the one-input-per-column one too)
// against scikit-learn's predictions, each job recorded in scoring_jobs; bad
// input named by line and column; a failed and a cancelled job leave no file.
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { batchModelOf, featuresOf } from '../../electron/backend/scoring/batchModel';
import { ScoringCancelled } from '../../electron/backend/scoring/batchScore';
import { openScoringModel } from '../../electron/backend/scoring/onnx/session';
import { runScoringJob } from '../../electron/backend/scoring/scoringJob';
import { listJobs } from '../../electron/backend/scoring/queries';
import { databaseFile, openDatabase } from '../../electron/backend/store/database';
import { removeTempDirs, repoRoot, tempDir } from '../helpers';

afterAll(removeTempDirs);

const bin = path.join(repoRoot, 'bin', 'runlens.cjs');
const models = path.join(repoRoot, 'test', 'fixtures', 'models');
const datasets = path.join(repoRoot, 'test', 'fixtures', 'datasets');
const expected = JSON.parse(fs.readFileSync(path.join(models, 'expected_test_predictions.json'), 'utf8')) as Record<string, number[] | number[][]>;

function runlens(args: string[]) {
  const result = spawnSync(process.execPath, [bin, 'score', ...args], { encoding: 'utf8', env: { ...process.env, CI: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function readCsv(file: string): { header: string[]; rows: string[][] } {
  const [header, ...rows] = fs.readFileSync(file, 'utf8').trim().split('\n').map((line) => line.split(','));
  return { header, rows };
}

/** The files in a folder other than `keep`: a job must leave no temporary or partial file. */
const leftovers = (folder: string, keep: string[]) => fs.readdirSync(folder).filter((name) => !keep.includes(name));

const cases = [
  { model: 'breast_cancer_logreg', data: 'breast_cancer', positiveOnly: true },
  { model: 'breast_cancer_mlp', data: 'breast_cancer', positiveOnly: true },
  { model: 'iris_forest', data: 'iris', positiveOnly: false },
  // skl2onnx's default: a ZipMap output, and no feature_names metadata (so the columns are named).
  { model: 'iris_forest_zipmap', data: 'iris', positiveOnly: false, reference: 'iris_forest', features: 'sepal_length,sepal_width,petal_length,petal_width' },
  { model: 'wine_softmax', data: 'wine', positiveOnly: false },
];

describe('runlens score', () => {
  const folder = tempDir('runlens-score-');
  const dataDir = path.join(folder, 'data');

  for (const c of cases) {
    it(`scores ${c.model} as scikit-learn does (1e-5), and records the job`, () => {
      const output = path.join(folder, `${c.model}.csv`);
      const out = runlens(['--model', path.join(models, `${c.model}.onnx`), '--input', path.join(datasets, c.data, 'test.csv'), '--output', output, '--data-dir', dataDir, '--json', ...(c.features ? ['--features', c.features] : [])]);
      expect(out.stderr).toBe('');
      expect(out.code).toBe(0);
      const summary = JSON.parse(out.stdout);
      const { header, rows } = readCsv(output);
      expect(summary).toMatchObject({ rows: rows.length, output, columns: header });
      expect(summary.rows_per_second).toBeGreaterThan(0);
      const probabilityColumns = header.map((name, i) => (name.startsWith('proba_') ? i : -1)).filter((i) => i >= 0);
      const reference = expected[c.reference ?? c.model];
      rows.forEach((row, r) => {
        const probabilities = probabilityColumns.map((i) => Number(row[i]));
        if (c.positiveOnly) expect(Math.abs(probabilities[1] - (reference[r] as number))).toBeLessThan(1e-5);
        else (reference[r] as number[]).forEach((p, k) => expect(Math.abs(probabilities[k] - p)).toBeLessThan(1e-5));
      });
      if (c.data === 'iris') expect(header.slice(-4)).toEqual(['prediction', 'proba_setosa', 'proba_versicolor', 'proba_virginica']);
      const db = new Database(databaseFile(dataDir), { readonly: true });
      const job = db.prepare('SELECT * FROM scoring_jobs WHERE id = ?').get(summary.job_id) as Record<string, unknown>;
      db.close();
      expect(job).toMatchObject({ kind: 'score', status: 'finished', input_rows: rows.length, model_sha256: summary.model_sha256, input_sha256: summary.input_sha256, output_path: output, error: null });
    });
  }

  it('names the line and column of a value that is no number, leaves no file, and records the failure', () => {
    const input = path.join(folder, 'bad.csv');
    const lines = fs.readFileSync(path.join(datasets, 'iris', 'test.csv'), 'utf8').trim().split('\n');
    lines[5] = lines[5].replace(/^[^,]+/, 'abc');
    fs.writeFileSync(input, lines.join('\n') + '\n');
    const out = runlens(['--model', path.join(models, 'iris_forest.onnx'), '--input', input, '--output', path.join(folder, 'bad-out.csv'), '--data-dir', dataDir]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('Line 6, column "sepal_length": "abc" is not a number');
    expect(fs.existsSync(path.join(folder, 'bad-out.csv'))).toBe(false);
    expect(leftovers(folder, [...cases.map((c) => `${c.model}.csv`), 'bad.csv', 'data'])).toEqual([]);
    const db = openDatabase(dataDir);
    const [latest] = listJobs(db, 1);
    db.close();
    expect(latest).toMatchObject({ status: 'failed', error: expect.stringContaining('Line 6') });
  });

  it('fails on an empty cell unless told to pass NaN; reads ";" with a BOM and quoted newlines', () => {
    const input = path.join(folder, 'semicolon.csv');
    const source = fs.readFileSync(path.join(datasets, 'iris', 'test.csv'), 'utf8').trim().split('\n');
    const rows = source.slice(1, 4).map((line, i) => `"id ${i}\nsecond line";${line.split(',').slice(0, 4).join(';')}`);
    rows.push(`"id 3";;3.0;1.5;0.2`);
    fs.writeFileSync(input, `\uFEFFname;sepal_length;sepal_width;petal_length;petal_width\n${rows.join('\n')}\n`);
    const output = path.join(folder, 'semicolon-out.csv');
    const failed = runlens(['--model', path.join(models, 'iris_forest.onnx'), '--input', input, '--output', output, '--data-dir', dataDir]);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain('column "sepal_length": the value is empty');
    const passed = runlens(['--model', path.join(models, 'iris_forest.onnx'), '--input', input, '--output', output, '--data-dir', dataDir, '--missing', 'nan', '--id', 'name', '--json']);
    expect(passed.code).toBe(0);
    expect(JSON.parse(passed.stdout)).toMatchObject({ rows: 4, columns: ['name', 'prediction', 'proba_setosa', 'proba_versicolor', 'proba_virginica'] });
    expect(fs.readFileSync(output, 'utf8')).toContain('"id 0\nsecond line"');
  });

  it('names a missing column (exit 2) and a model that cannot be loaded (exit 3)', () => {
    const output = path.join(folder, 'never.csv');
    const missing = runlens(['--model', path.join(models, 'breast_cancer_mlp.onnx'), '--input', path.join(datasets, 'iris', 'test.csv'), '--output', output, '--data-dir', dataDir]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no column "mean_radius"');
    const broken = path.join(folder, 'broken.onnx');
    fs.writeFileSync(broken, 'not a model');
    const unloadable = runlens(['--model', broken, '--input', path.join(datasets, 'iris', 'test.csv'), '--output', output, '--data-dir', dataDir]);
    expect(unloadable.code).toBe(3);
    expect(unloadable.stderr).toContain('cannot be loaded');
    expect(fs.existsSync(output)).toBe(false);
  });
});

describe('a cancelled job', () => {
  it('stops, leaves no output and no temporary file, and is recorded as cancelled', async () => {
    const folder = tempDir('runlens-score-cancel-');
    const input = path.join(folder, 'big.csv');
    const lines = ['sepal_length,sepal_width,petal_length,petal_width'];
    for (let i = 0; i < 200_000; i++) lines.push(`${5 + (i % 10) / 10},${3 + (i % 7) / 10},${1 + (i % 50) / 10},${(i % 25) / 10}`);
    fs.writeFileSync(input, lines.join('\n') + '\n');
    const model = await openScoringModel(path.join(models, 'iris_forest_zipmap.onnx'));
    const db = openDatabase(path.join(folder, 'data'));
    const controller = new AbortController();
    try {
      const { features } = featuresOf(model, ['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
      const job = runScoringJob(db, {
        model: batchModelOf(model, features),
        modelInfo: { path: 'iris_forest_zipmap.onnx', sha256: model.info.sha256, runId: null, artifactPath: null },
        input,
        output: path.join(folder, 'out.csv'),
        options: { batchRows: 1000, signal: controller.signal, onProgress: (p) => p.rows >= 20_000 && controller.abort() },
        settings: {},
        labelColumn: null,
      });
      await expect(job).rejects.toBeInstanceOf(ScoringCancelled);
      expect(leftovers(folder, ['big.csv', 'data'])).toEqual([]);
      expect(listJobs(db, 1)[0]).toMatchObject({ status: 'cancelled', error: 'The scoring job was cancelled' });
    } finally {
      db.close();
      await model.close();
    }
  }, 60_000);
});

describe('runlens importance', () => {
  const importance = (args: string[]) => spawnSync(process.execPath, [bin, 'importance', ...args], { encoding: 'utf8', env: { ...process.env, CI: '1' } });

  it('prints the permutation importances as JSON, highest first, with the seed to repeat them', () => {
    const dataDir = tempDir('runlens-importance-');
    const out = importance(['--model', path.join(models, 'iris_forest.onnx'), '--data', path.join(datasets, 'iris', 'test.csv'), '--label', 'species', '--repeats', '3', '--seed', '7', '--data-dir', dataDir, '--json']);
    expect(out.status).toBe(0);
    const report = JSON.parse(out.stdout);
    expect(report).toMatchObject({ scorer: 'accuracy', repeats: 3, seed: 7, rows: 60 });
    expect(report.features.map((f: { name: string }) => f.name).sort()).toEqual(['petal_length', 'petal_width', 'sepal_length', 'sepal_width']);
    const means = report.features.map((f: { importance_mean: number }) => f.importance_mean);
    expect(means).toEqual([...means].sort((a, b) => b - a));
    expect(report.features[0].importances).toHaveLength(3);
  });

  it('exits 2 for a missing label column and 3 for a model that cannot be loaded', () => {
    const dataDir = tempDir('runlens-importance-');
    const missing = importance(['--model', path.join(models, 'iris_forest.onnx'), '--data', path.join(datasets, 'iris', 'test.csv'), '--label', 'kind', '--data-dir', dataDir]);
    expect(missing.status).toBe(2);
    const broken = path.join(dataDir, 'broken.onnx');
    fs.writeFileSync(broken, 'not a model');
    expect(importance(['--model', broken, '--data', path.join(datasets, 'iris', 'test.csv'), '--label', 'species', '--data-dir', dataDir]).status).toBe(3);
  });
});

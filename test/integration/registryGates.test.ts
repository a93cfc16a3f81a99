// The promotion gates on a real registry: rows inserted into a fresh Runlens
// database (migration 10's tables, opened with openDatabase so the migrations
// run), read back into the shared types through the codec, and every rule kind
// evaluated, passing and failing. The beat-the-champion re-score runs the real
// ONNX fixture models on the frozen test sets with onnxruntime-node.
//
// Reference values: test/fixtures/registry/reference.json, written by
// test/fixtures/registry/make_reference.py (scikit-learn 1.2.1 on the committed
// scikit-learn probabilities test/fixtures/models/expected_test_predictions.json,
// e.g. f1_score(y, proba.argmax(1), pos_label=1) for breast cancer and
// f1_score(y, P.argmax(1), average='macro') for iris and wine). Tolerance 1e-6:
// onnxruntime computes in float32 where scikit-learn used float64.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decode, encode } from '../../shared/codec';
import { rescoreMetrics, stages, type GateResult, type GateRule, type GateTarget, type ModelVersionRecord, type RegistryModelDetail, type Stage } from '../../shared/registry/types';
import { evaluateGates } from '../../electron/backend/registry/gates';
import { rememberFeatureOrder } from '../../electron/backend/scoring/queries';
import { openDatabase, type Db } from '../../electron/backend/store/database';
import { removeTempDirs, repoRoot, tempDir } from '../helpers';

const models = path.join(repoRoot, 'test', 'fixtures', 'models');
const datasets = path.join(repoRoot, 'test', 'fixtures', 'datasets');
const cancerCsv = path.join(datasets, 'breast_cancer', 'test.csv');
const irisCsv = path.join(datasets, 'iris', 'test.csv');
const wineCsv = path.join(datasets, 'wine', 'test.csv');
interface Reference {
  models: Record<string, { metrics: Record<string, number> }>;
}
const reference = JSON.parse(fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'registry', 'reference.json'), 'utf8')) as Reference;

const production: GateTarget = { kind: 'stage', stage: 'Production' };
const staging: GateTarget = { kind: 'stage', stage: 'Staging' };
const championAlias: GateTarget = { kind: 'alias', alias: 'champion' };

let folder: string;
let dataDir: string;
let db: Db;

beforeAll(() => {
  folder = tempDir('runlens-gates-');
  dataDir = path.join(folder, 'data');
  db = openDatabase(dataDir);
});
afterAll(() => {
  db?.close();
  removeTempDirs();
});

const sha256Of = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
/** What `sha256sum` says, to check the recorded hash against the system's tool. */
const sha256sum = (file: string) => execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(/\s+/)[0];
const modelFile = (name: string) => path.join(models, `${name}.onnx`);

// ---- a registry state, written straight into migration 10's tables ----

function addModel(name: string, gates: GateRule[]): number {
  const now = 1_700_000_000_000;
  return Number(db.prepare('INSERT INTO registry_models (name, gates, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(name, encode(gates), 'tester', now, now).lastInsertRowid);
}

type VersionFields = Partial<Pick<ModelVersionRecord, 'stage' | 'filePath' | 'sha256' | 'copyPath' | 'datasets' | 'params' | 'metrics' | 'description' | 'tags'>>;

function addVersion(modelId: number, version: number, fields: VersionFields = {}): void {
  const filePath = fields.filePath ?? modelFile('breast_cancer_logreg');
  const sha256 = fields.sha256 ?? (fs.existsSync(filePath) ? sha256Of(filePath) : '0'.repeat(64));
  db.prepare(
    `INSERT INTO registry_versions (model_id, version, stage, run_id, artifact_path, file_path, sha256, size, copy_path, datasets, params, metrics, description, tags, created_by, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    modelId,
    version,
    fields.stage ?? 'None',
    `run-${version}`,
    'model.onnx',
    filePath,
    sha256,
    fs.existsSync(filePath) ? fs.statSync(filePath).size : 0,
    fields.copyPath ?? null,
    encode(fields.datasets ?? []),
    encode(fields.params ?? {}),
    encode(fields.metrics ?? {}),
    fields.description ?? null,
    encode(fields.tags ?? {}),
    'tester',
    1_700_000_000_000 + version,
    1_700_000_000_000 + version,
  );
}

function setAlias(modelId: number, alias: string, version: number): void {
  db.prepare('INSERT INTO registry_aliases (model_id, alias, version) VALUES (?, ?, ?)').run(modelId, alias, version);
}

interface VersionRow {
  version: number;
  stage: Stage;
  run_id: string | null;
  artifact_path: string;
  file_path: string;
  sha256: string;
  size: number;
  copy_path: string | null;
  schema: string;
  datasets: string;
  params: string;
  metrics: string;
  description: string | null;
  tags: string;
  origin: string;
  created_by: string;
  created_at: number;
  updated_at: number;
}

/** The model as the registry reads it: every JSON column through the codec, so NaN and ±Infinity metrics survive. */
function detail(name: string): RegistryModelDetail {
  const model = db.prepare('SELECT * FROM registry_models WHERE name = ?').get(name) as { id: number; gates: string; hooks: string; tags: string; description: string | null; created_by: string; created_at: number; updated_at: number };
  const aliasRows = db.prepare('SELECT alias, version FROM registry_aliases WHERE model_id = ?').all(model.id) as { alias: string; version: number }[];
  const aliases = Object.fromEntries(aliasRows.map((row) => [row.alias, row.version]));
  const rows = db.prepare('SELECT * FROM registry_versions WHERE model_id = ? ORDER BY version').all(model.id) as VersionRow[];
  const versions = rows.map(
    (row): ModelVersionRecord => ({
      model: name,
      version: row.version,
      stage: row.stage,
      aliases: aliasRows.filter((alias) => alias.version === row.version).map((alias) => alias.alias),
      runId: row.run_id,
      runName: null,
      experiment: null,
      artifactPath: row.artifact_path,
      filePath: row.file_path,
      sha256: row.sha256,
      size: row.size,
      copyPath: row.copy_path,
      fileState: 'ok',
      schema: decode(row.schema) as ModelVersionRecord['schema'],
      datasets: decode(row.datasets) as ModelVersionRecord['datasets'],
      gitCommit: null,
      params: decode(row.params) as Record<string, string>,
      metrics: decode(row.metrics) as Record<string, number>,
      description: row.description,
      tags: decode(row.tags) as Record<string, string>,
      createdBy: row.created_by,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      origin: decode(row.origin) as ModelVersionRecord['origin'],
    }),
  );
  const stageHolders = Object.fromEntries(stages.map((stage) => [stage, versions.filter((v) => v.stage === stage).map((v) => v.version)])) as Record<Stage, number[]>;
  return {
    name,
    description: model.description,
    tags: decode(model.tags) as Record<string, string>,
    createdBy: model.created_by,
    createdAt: model.created_at,
    updatedAt: model.updated_at,
    latestVersion: versions.at(-1)?.version ?? null,
    stageHolders,
    aliases,
    gates: decode(model.gates) as GateRule[],
    hooks: decode(model.hooks) as RegistryModelDetail['hooks'],
    versions,
  };
}

function gatesFor(name: string, version: number, target: GateTarget = production): Promise<GateResult[]> {
  const model = detail(name);
  const candidate = model.versions.find((v) => v.version === version)!;
  return evaluateGates({ db, dataDir, model, candidate, target });
}

async function byRule(name: string, version: number, target: GateTarget = production): Promise<Record<string, GateResult>> {
  return Object.fromEntries((await gatesFor(name, version, target)).map((result) => [result.ruleId, result]));
}

const on = [production];
const beats = (id: string, metric: string, fields: Partial<Extract<GateRule, { kind: 'beatsChampion' }>> = {}): GateRule => ({
  id,
  targets: on,
  kind: 'beatsChampion',
  metric,
  champion: 'champion',
  evaluationSet: null,
  threshold: null,
  minAbsoluteChange: null,
  minRelativeChange: null,
  greaterIsBetter: true,
  ...fields,
});

describe('which rules apply', () => {
  it('only the rules whose targets include the move: the same stage, or the same alias name', async () => {
    const id = addModel('targets', [
      { id: 'prod', targets: [production], kind: 'description' },
      { id: 'both', targets: [staging, championAlias], kind: 'description' },
      { id: 'alias', targets: [{ kind: 'alias', alias: 'challenger' }], kind: 'description' },
    ]);
    addVersion(id, 1, { description: 'ok' });
    expect((await gatesFor('targets', 1, production)).map((r) => r.ruleId)).toEqual(['prod']);
    expect((await gatesFor('targets', 1, staging)).map((r) => r.ruleId)).toEqual(['both']);
    expect((await gatesFor('targets', 1, championAlias)).map((r) => r.ruleId)).toEqual(['both']);
    expect((await gatesFor('targets', 1, { kind: 'alias', alias: 'Champion' })).map((r) => r.ruleId)).toEqual([]);
    expect(await gatesFor('targets', 1, { kind: 'alias', alias: 'other' })).toEqual([]);
  });

  it("stops with the caller's reason when the signal aborts", async () => {
    const model = detail('targets');
    const stop = new Error('the transition was cancelled');
    await expect(evaluateGates({ db, dataDir, model, candidate: model.versions[0], target: production, signal: AbortSignal.abort(stop) })).rejects.toBe(stop);
  });
});

describe('description', () => {
  it('passes with a description, fails without one or with a blank one', async () => {
    const id = addModel('described', [{ id: 'd', targets: on, kind: 'description' }]);
    addVersion(id, 1, { description: 'Logistic regression, 2024 data' });
    addVersion(id, 2);
    addVersion(id, 3, { description: '  \n ' });
    expect(await gatesFor('described', 1)).toEqual([{ ruleId: 'd', kind: 'description', passed: true, detail: 'version 1 has a description' }]);
    expect(await gatesFor('described', 2)).toEqual([{ ruleId: 'd', kind: 'description', passed: false, detail: 'version 2 has no description' }]);
    expect(await gatesFor('described', 3)).toEqual([{ ruleId: 'd', kind: 'description', passed: false, detail: 'version 3 has a blank description' }]);
  });
});

describe('tags', () => {
  it('`key` needs the tag set (to any value), `key=value` that value', async () => {
    const id = addModel('tagged', [{ id: 't', targets: on, kind: 'tags', tags: ['reviewed', 'team=risk', ' owner = ana '] }]);
    addVersion(id, 1, { tags: { reviewed: '', team: 'risk', owner: 'ana' } });
    addVersion(id, 2, { tags: { team: 'ops', owner: 'ana' } });
    const [passed] = await gatesFor('tagged', 1);
    expect(passed).toMatchObject({ passed: true, detail: 'version 1 has the tags reviewed, team=risk, owner=ana' });
    const [failed] = await gatesFor('tagged', 2);
    expect(failed).toMatchObject({ passed: false, detail: 'version 2 lacks the tag reviewed; team is "ops", not "risk"' });
  });
});

describe('expression (the runs filter syntax on the snapshot)', () => {
  const rules: [string, string][] = [
    ['f1AndOptimizer', "metrics.f1 >= 0.85 AND params.optimizer = 'adam'"],
    ['lrAsNumber', 'params.lr = 0.001'],
    ['teamLike', "tags.team LIKE 'ri%'"],
    ['inOrBetter', "params.optimizer IN ('sgd', 'adam') OR metrics.f1 > 0.99"],
    ['nanLoss', 'metrics.loss < 1'],
    ['missingNotEqual', 'metrics.absent != 3'],
    ['infiniteScore', 'metrics.margin > 1000000'],
    ['syntax', 'metrics.f1 >= '],
    ['attribute', "attributes.status = 'FINISHED'"],
  ];
  beforeAll(() => {
    const id = addModel('expressed', rules.map(([ruleId, expression]) => ({ id: ruleId, targets: on, kind: 'expression', expression })));
    addVersion(id, 1, { metrics: { f1: 0.9, loss: NaN, margin: Infinity }, params: { optimizer: 'adam', lr: '1e-3' }, tags: { team: 'risk' } });
    addVersion(id, 2, { metrics: { f1: 0.8, margin: -Infinity }, params: { optimizer: 'rmsprop', lr: '0.01' }, tags: { team: 'Risk' } });
  });

  it('holds for a version whose metrics, params and tags match, with the values in the detail', async () => {
    const results = await byRule('expressed', 1);
    expect(results.f1AndOptimizer).toMatchObject({ passed: true, detail: `metrics.f1 >= 0.85 AND params.optimizer = 'adam' holds for version 1 (metrics.f1 0.9, params.optimizer "adam")` });
    expect(results.lrAsNumber).toMatchObject({ passed: true, detail: 'params.lr = 0.001 holds for version 1 (params.lr "1e-3")' });
    expect(results.teamLike.passed).toBe(true);
    expect(results.inOrBetter.passed).toBe(true);
    expect(results.infiniteScore).toMatchObject({ passed: true, detail: 'metrics.margin > 1000000 holds for version 1 (metrics.margin Infinity)' });
  });

  it('does not hold where they differ; a NaN or missing metric never matches, != included', async () => {
    const one = await byRule('expressed', 1);
    expect(one.nanLoss).toMatchObject({ passed: false, detail: 'metrics.loss < 1 does not hold for version 1 (metrics.loss NaN)' });
    expect(one.missingNotEqual).toMatchObject({ passed: false, detail: 'metrics.absent != 3 does not hold for version 1 (metrics.absent not recorded)' });
    const two = await byRule('expressed', 2);
    expect(two.f1AndOptimizer).toMatchObject({ passed: false, detail: `metrics.f1 >= 0.85 AND params.optimizer = 'adam' does not hold for version 2 (metrics.f1 0.8, params.optimizer "rmsprop")` });
    expect(two.lrAsNumber.passed).toBe(false);
    expect(two.teamLike.passed).toBe(false); // LIKE is case-sensitive, as MLflow's
    expect(two.inOrBetter.passed).toBe(false);
    expect(two.infiniteScore.passed).toBe(false);
  });

  it("a syntax error is a failed result with the parser's message, not a throw", async () => {
    const { syntax } = await byRule('expressed', 1);
    expect(syntax.passed).toBe(false);
    expect(syntax.detail).toBe("The expression \"metrics.f1 >= \" has a syntax error: col 15: expected a value after '>='");
  });

  it('a run attribute fails with the reason: a version keeps metrics, params and tags', async () => {
    const { attribute } = await byRule('expressed', 1);
    expect(attribute.passed).toBe(false);
    expect(attribute.detail).toContain("attributes.status is a run attribute, not part of a version's snapshot");
  });
});

describe('evaluatedOn', () => {
  it("passes when the run's datasets include one by name, digest or source", async () => {
    const dataset = { name: 'iris-train', digest: '5f3a9c', source: '/data/iris/train.csv', context: 'training', rows: 120 };
    const id = addModel('evaluated', [
      { id: 'name', targets: on, kind: 'evaluatedOn', dataset: 'iris-train' },
      { id: 'digest', targets: on, kind: 'evaluatedOn', dataset: '5f3a9c' },
      { id: 'source', targets: on, kind: 'evaluatedOn', dataset: '/data/iris/train.csv' },
      { id: 'other', targets: on, kind: 'evaluatedOn', dataset: 'iris-holdout' },
    ]);
    addVersion(id, 1, { datasets: [dataset] });
    addVersion(id, 2);
    const one = await byRule('evaluated', 1);
    expect([one.name.passed, one.digest.passed, one.source.passed, one.other.passed]).toEqual([true, true, true, false]);
    expect(one.name.detail).toBe('The source run recorded the dataset "iris-train" (digest 5f3a9c, 120 rows, training)');
    expect(one.other.detail).toBe('The source run recorded no dataset "iris-holdout" by name, digest or source (it recorded "iris-train")');
    expect((await byRule('evaluated', 2)).name.detail).toContain('it recorded none');
  });
});

describe('beatsChampion on the recorded metrics', () => {
  beforeAll(() => {
    const id = addModel('recorded', [
      beats('threshold', 'f1', { threshold: 0.88 }),
      beats('absolute', 'f1', { minAbsoluteChange: 0.05 }),
      beats('absoluteShort', 'f1', { minAbsoluteChange: 0.06 }),
      beats('relative', 'f1', { minRelativeChange: 0.05 }),
      beats('relativeShort', 'f1', { minRelativeChange: 0.1 }),
      beats('lossLower', 'log_loss', { minAbsoluteChange: 0.05, greaterIsBetter: false }),
      beats('combined', 'f1', { threshold: 0.8, minAbsoluteChange: 0.01, minRelativeChange: 0.01 }),
      beats('badConfig', 'f1', { minAbsoluteChange: 0 }),
      beats('unknownRescore', 'auc_pr', { threshold: 0.5, evaluationSet: { path: cancerCsv, labelColumn: 'target' } }),
    ]);
    addVersion(id, 1, { metrics: { f1: 0.85, log_loss: 0.3 } });
    addVersion(id, 2, { metrics: { f1: 0.9, log_loss: 0.25 } });
    addVersion(id, 3, { metrics: { log_loss: 0.2 } });
    setAlias(id, 'champion', 1);
  });

  it('compares with the version holding the alias, each MetricThreshold field as MLflow does', async () => {
    const results = await byRule('recorded', 2);
    expect(results.threshold).toMatchObject({ passed: true, candidate: 0.9, baseline: 0.85, evaluationSetSha256: null });
    expect(results.threshold.detail).toBe('version 2 against the champion (version 1) on the metrics recorded at registration: f1 0.9 ≥ threshold 0.88');
    expect(results.absolute.passed).toBe(true); // 0.9 >= 0.85 + 0.05 (== 0.9 in floats)
    expect(results.absoluteShort).toMatchObject({ passed: false });
    expect(results.absoluteShort.detail).toContain('f1 0.9 is not ≥ 0.91 (baseline 0.85 + min_absolute_change 0.06)');
    expect(results.relative.passed).toBe(true); // (0.9 - 0.85) / 0.85 = 5.88%
    expect(results.relativeShort.passed).toBe(false);
    expect(results.lossLower).toMatchObject({ passed: true, candidate: 0.25, baseline: 0.3 }); // 0.25 <= 0.3 - 0.05
    expect(results.combined.passed).toBe(true);
  });

  it('a malformed threshold and a re-score metric outside the list fail with the reason', async () => {
    const results = await byRule('recorded', 2);
    expect(results.badConfig).toMatchObject({ passed: false, detail: 'The MetricThreshold for f1 is not one MLflow accepts: min_absolute_change must be a positive number, not 0' });
    expect(results.unknownRescore.passed).toBe(false);
    expect(results.unknownRescore.detail).toBe(`A re-score computes ${rescoreMetrics.join(', ')}; "auc_pr" is none of them`);
  });

  it("fails when the candidate's snapshot lacks the metric, or the champion's does", async () => {
    const three = await byRule('recorded', 3);
    expect(three.threshold).toMatchObject({ passed: false, candidate: null, baseline: 0.85 });
    expect(three.threshold.detail).toContain('The candidate has no f1 to compare');
    const id = addModel('championWithout', [beats('absolute', 'f1', { minAbsoluteChange: 0.01 })]);
    addVersion(id, 1, { metrics: { accuracy: 0.9 } });
    addVersion(id, 2, { metrics: { f1: 0.9 } });
    setAlias(id, 'champion', 1);
    const [result] = await gatesFor('championWithout', 2);
    expect(result).toMatchObject({ passed: false, candidate: 0.9, baseline: null });
    expect(result.detail).toContain('The baseline has no f1 to compare with');
  });

  it('with no champion, the comparisons pass and the threshold still applies', async () => {
    const id = addModel('first', [beats('absolute', 'f1', { minAbsoluteChange: 0.05 }), beats('withThreshold', 'f1', { threshold: 0.95, minAbsoluteChange: 0.05 })]);
    addVersion(id, 1, { metrics: { f1: 0.9 } });
    const results = await byRule('first', 1);
    expect(results.absolute).toMatchObject({ passed: true, detail: 'no current champion: the first qualifying version may become champion', candidate: 0.9, baseline: null });
    expect(results.withThreshold.passed).toBe(false);
    expect(results.withThreshold.detail).toBe('no current champion: the first qualifying version may become champion; version 1 on the metrics recorded at registration: f1 0.9 misses the threshold: it must be ≥ 0.95');
  });

  it('the champion itself has no other champion to beat', async () => {
    const [result] = await byRule('recorded', 1).then((r) => [r.absolute]);
    expect(result).toMatchObject({ passed: true, detail: 'version 1 already holds champion: there is no other champion to beat' });
  });
});

describe('beatsChampion re-scored on a frozen evaluation set', () => {
  const cancerSet = { path: cancerCsv, labelColumn: 'target' };
  const everyMetric = (set: { path: string; labelColumn: string }) =>
    rescoreMetrics.map((metric) => beats(metric, metric, { evaluationSet: set, threshold: metric === 'log_loss' ? 10 : 0, greaterIsBetter: metric !== 'log_loss' }));

  function expectMetrics(results: Record<string, GateResult>, side: 'candidate' | 'baseline', model: string): void {
    for (const metric of rescoreMetrics) {
      const wanted = reference.models[model].metrics[metric];
      expect(Math.abs((results[metric][side] as number) - wanted), `${model} ${metric}`).toBeLessThan(1e-6);
    }
  }

  it('scores the logistic regression against the MLP champion as scikit-learn does, not the recorded metrics', async () => {
    const id = addModel('cancer', [
      ...everyMetric(cancerSet),
      beats('f1By001', 'f1', { evaluationSet: cancerSet, minAbsoluteChange: 0.01 }),
      beats('f1By002', 'f1', { evaluationSet: cancerSet, minAbsoluteChange: 0.02 }),
      beats('lossRelative', 'log_loss', { evaluationSet: cancerSet, minRelativeChange: 0.01, greaterIsBetter: false }),
    ]);
    // Recorded metrics that disagree with the re-score: the gate must not read them.
    addVersion(id, 1, { filePath: modelFile('breast_cancer_mlp'), metrics: { f1: 0.5 } });
    addVersion(id, 2, { filePath: modelFile('breast_cancer_logreg'), metrics: { f1: 0.1 } });
    setAlias(id, 'champion', 1);
    const results = await byRule('cancer', 2);
    expectMetrics(results, 'candidate', 'breast_cancer_logreg');
    expectMetrics(results, 'baseline', 'breast_cancer_mlp');
    for (const result of Object.values(results)) expect(result.evaluationSetSha256).toBe(sha256sum(cancerCsv));
    // logreg f1 0.99065 vs the MLP's 0.97630: +0.01 is enough, +0.02 is not.
    expect(results.f1By001.passed).toBe(true);
    expect(results.f1By002.passed).toBe(false);
    expect(results.f1By002.detail).toMatch(/^version 2 against the champion \(version 1\) re-scored on test\.csv \(171 rows\): f1 0\.990654 is not ≥ 0\.99630/);
    // log loss 0.06555 vs 0.06808: 3.7% lower.
    expect(results.lossRelative.passed).toBe(true);
  });

  it('multiclass: the iris forest against its ZipMap twin, macro averages, the feature order the user confirmed', async () => {
    const irisSet = { path: irisCsv, labelColumn: 'species' };
    const id = addModel('iris', everyMetric(irisSet));
    // The ZipMap model names no feature order: the one confirmed in the scoring panel (by SHA-256) is used.
    rememberFeatureOrder(db, sha256Of(modelFile('iris_forest_zipmap')), ['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
    addVersion(id, 1, { filePath: modelFile('iris_forest_zipmap') });
    addVersion(id, 2, { filePath: modelFile('iris_forest') });
    setAlias(id, 'champion', 1);
    const results = await byRule('iris', 2);
    expectMetrics(results, 'candidate', 'iris_forest');
    expectMetrics(results, 'baseline', 'iris_forest');
    expect(results.f1.detail).toContain('re-scored on test.csv (60 rows, macro average)');
    expect(results.accuracy.detail).not.toContain('macro');
    expect(results.f1.evaluationSetSha256).toBe(sha256sum(irisCsv));
  });

  it('multiclass: wine against the same model, equal numbers do not beat it', async () => {
    const wineSet = { path: wineCsv, labelColumn: 'cultivar' };
    const copy = path.join(folder, 'wine_again.onnx');
    fs.copyFileSync(modelFile('wine_softmax'), copy);
    const id = addModel('wine', [...everyMetric(wineSet), beats('accuracyBy001', 'accuracy', { evaluationSet: wineSet, minAbsoluteChange: 0.01 })]);
    addVersion(id, 1, { filePath: modelFile('wine_softmax') });
    addVersion(id, 2, { filePath: copy });
    setAlias(id, 'champion', 1);
    const results = await byRule('wine', 2);
    expectMetrics(results, 'candidate', 'wine_softmax');
    expectMetrics(results, 'baseline', 'wine_softmax');
    expect(results.accuracyBy001).toMatchObject({ passed: false, candidate: 1, baseline: 1, evaluationSetSha256: sha256sum(wineCsv) });
  });

  it('with no champion, the candidate alone is re-scored and the threshold applies', async () => {
    const id = addModel('cancerFirst', [beats('f1', 'f1', { evaluationSet: cancerSet, threshold: 0.995, minAbsoluteChange: 0.01 })]);
    addVersion(id, 1, { filePath: modelFile('breast_cancer_logreg') });
    const [result] = await gatesFor('cancerFirst', 1);
    expect(result).toMatchObject({ passed: false, baseline: null, evaluationSetSha256: sha256sum(cancerCsv) });
    expect(Math.abs((result.candidate as number) - reference.models.breast_cancer_logreg.metrics.f1)).toBeLessThan(1e-6);
    expect(result.detail).toContain('no current champion');
    expect(result.detail).toContain('misses the threshold: it must be ≥ 0.995');
  });

  it("scores the kept copy when the registered file is gone, and refuses a file that changed or a set it cannot read", async () => {
    const gone = path.join(folder, 'gone.onnx');
    const kept = path.join(folder, 'kept-logreg.onnx');
    fs.copyFileSync(modelFile('breast_cancer_logreg'), kept);
    const changed = path.join(folder, 'changed.onnx');
    fs.copyFileSync(modelFile('breast_cancer_mlp'), changed);
    const id = addModel('files', [
      beats('f1', 'f1', { evaluationSet: cancerSet, threshold: 0.5 }),
      beats('relative', 'f1', { evaluationSet: { path: 'test.csv', labelColumn: 'target' }, threshold: 0.5 }),
      beats('noLabel', 'f1', { evaluationSet: { path: cancerCsv, labelColumn: 'diagnosis' }, threshold: 0.5 }),
      beats('otherData', 'f1', { evaluationSet: { path: irisCsv, labelColumn: 'species' }, threshold: 0.5 }),
    ]);
    const logregSha = sha256Of(modelFile('breast_cancer_logreg'));
    addVersion(id, 1, { filePath: gone, sha256: logregSha, copyPath: kept });
    addVersion(id, 2, { filePath: gone, sha256: logregSha });
    addVersion(id, 3, { filePath: changed, sha256: logregSha });
    const one = await byRule('files', 1);
    expect(one.f1.passed).toBe(true);
    expect(Math.abs((one.f1.candidate as number) - reference.models.breast_cancer_logreg.metrics.f1)).toBeLessThan(1e-6);
    expect(one.relative).toMatchObject({ passed: false, detail: 'Re-scoring version 1 on test.csv failed: The evaluation set must be an absolute path, not "test.csv"' });
    expect(one.noLabel.passed).toBe(false);
    expect(one.noLabel.detail).toContain('The input has no label column "diagnosis"');
    expect(one.otherData.passed).toBe(false);
    expect(one.otherData.detail).toContain('that the model needs');
    const two = await byRule('files', 2);
    expect(two.f1).toMatchObject({ passed: false, detail: `Re-scoring version 2 on ${cancerCsv} failed: Version 2 cannot be re-scored: the registered file ${gone} is missing` });
    const three = await byRule('files', 3);
    expect(three.f1.passed).toBe(false);
    expect(three.f1.detail).toContain(`the registered file ${changed} changed since registration`);
  });
});

// Scoring the real fixture models with the real onnxruntime-node, against
// scikit-learn's own probabilities. test/fixtures/models/ and the test.csv
// files are copies of the shared fixtures, made by fixtures/make_fixtures.py:
//
//   ref = {"breast_cancer_logreg": lr.predict_proba(sc.transform(Xte))[:, 1].tolist(),
//          "breast_cancer_mlp": mlp.predict_proba(sc.transform(Xte))[:, 1].tolist(),
//          "iris_forest": rf.predict_proba(Ite).tolist(),
//          "wine_softmax": wlr.predict_proba(wsc.transform(Wte)).tolist()}
//   json.dump(ref, open("models/expected_test_predictions.json", "w"))
//
// onnxruntime computes in float32 for all but the wine model (float64), so
// the tolerance is 1e-5 (the README measured about 1e-7).
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { summarizeOnnxBytes } from '../../electron/backend/artifacts/onnxSummary';
import { inspectModel } from '../../electron/backend/scoring/onnx/modelInfo';
import { ModelLoadError, openScoringModel, type ScoringModel } from '../../electron/backend/scoring/onnx/session';
import { withoutZipMap } from '../../electron/backend/scoring/onnx/zipMap';
import { removeTempDirs, repoRoot, tempDir } from '../helpers';

afterAll(removeTempDirs);

const modelFile = (name: string) => path.join(repoRoot, 'test', 'fixtures', 'models', `${name}.onnx`);
const modelBytes = (name: string) => new Uint8Array(fs.readFileSync(modelFile(name)));
const expected = JSON.parse(fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'models', 'expected_test_predictions.json'), 'utf8')) as Record<string, number[] | number[][]>;

/** A test.csv as one array of cell strings per column header. */
function csvColumns(dataset: string): Record<string, string[]> {
  const text = fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'datasets', dataset, 'test.csv'), 'utf8');
  const [header, ...rows] = parse(text) as string[][];
  return Object.fromEntries(header.map((name, c) => [name, rows.map((row) => row[c])]));
}

const modelNames = ['breast_cancer_logreg', 'breast_cancer_mlp', 'iris_forest', 'iris_forest_zipmap', 'wine_softmax'];
const unknownDim = { value: null, param: null };
const fixed = (value: number) => ({ value, param: null });

function expectClose(actual: ArrayLike<number>, wanted: number[]): void {
  expect(actual.length).toBe(wanted.length);
  const worst = Math.max(...wanted.map((w, i) => Math.abs(actual[i] - w)));
  expect(worst).toBeLessThan(1e-5);
}

async function withModel<T>(name: string, use: (model: ScoringModel) => Promise<T>): Promise<T> {
  const model = await openScoringModel(modelFile(name), { threads: 1 });
  try {
    return await use(model);
  } finally {
    await model.close();
  }
}

describe('scoring the fixture models on their test sets', () => {
  it('breast_cancer_logreg: a [N, 30] float matrix fed by feature_names, P(benign) as sklearn gives it', async () => {
    const columns = csvColumns('breast_cancer');
    const result = await withModel('breast_cancer_logreg', (model) => model.score({ columns }));
    expect(result.classLabels).toEqual(['0', '1']);
    expectClose(result.probabilities[1], expected.breast_cancer_logreg as number[]);
    expectClose(result.probabilities[0], (expected.breast_cancer_logreg as number[]).map((p) => 1 - p));
    // The model's own int64 label, as text.
    expect(result.labels).toEqual(Array.from(result.probabilities[1], (p) => (p > 0.5 ? '1' : '0')));
  });

  it('breast_cancer_mlp: thirty [N, 1] inputs by column name, one positive-class output', async () => {
    const csv = csvColumns('breast_cancer');
    const columns = Object.fromEntries(Object.entries(csv).map(([name, values]) => [name.replace(/ /g, '_'), values]));
    const result = await withModel('breast_cancer_mlp', (model) => model.score({ columns }));
    expect(result.classLabels).toEqual(['0', '1']);
    expectClose(result.probabilities[1], expected.breast_cancer_mlp as number[]);
    // No label output: the label is P >= 0.5's class, i.e. the larger column.
    expect(result.labels).toEqual(Array.from(result.probabilities[1], (p) => (p > 1 - p ? '1' : '0')));
  });

  for (const name of ['iris_forest', 'iris_forest_zipmap']) {
    it(`${name}: string labels and three probability columns`, async () => {
      const csv = csvColumns('iris');
      const features = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];
      // Rows this time: the ZipMap model has no feature_names to feed columns by name.
      const matrix = csv.species.map((_, r) => features.map((f) => Number(csv[f][r])));
      const result = await withModel(name, (model) => model.score({ matrix }));
      expect(result.classLabels).toEqual(['setosa', 'versicolor', 'virginica']);
      const rows = expected.iris_forest as number[][];
      for (let c = 0; c < 3; c++) expectClose(result.probabilities[c], rows.map((row) => row[c]));
      const accuracy = result.labels.filter((label, r) => label === csv.species[r]).length / rows.length;
      expect(accuracy).toBeGreaterThan(0.9);
    });
  }

  it('wine_softmax: a double input, columns in order, ArgMax labels', async () => {
    const csv = csvColumns('wine');
    const columns = Object.keys(csv).filter((name) => name !== 'cultivar').map((name) => csv[name].map(Number));
    const result = await withModel('wine_softmax', (model) => model.score({ columns }));
    expect(result.classLabels).toEqual(['0', '1', '2']);
    const rows = expected.wine_softmax as number[][];
    for (let c = 0; c < 3; c++) expectClose(result.probabilities[c], rows.map((row) => row[c]));
    expect(result.labels.filter((label, r) => label === csv.cultivar[r]).length).toBeGreaterThan(rows.length * 0.9);
  });

  it('opens from bytes as well as from a file, and scores twice the same', async () => {
    const model = await openScoringModel(modelBytes('iris_forest'));
    try {
      const batch = { matrix: [[5.1, 3.8, 1.9, 0.4], [6.7, 3.0, 5.2, 2.3]] };
      const [first, second] = [await model.score(batch), await model.score(batch)];
      expect(first).toEqual(second);
      expect(first.labels).toEqual(['setosa', 'virginica']);
    } finally {
      await model.close();
    }
  });
});

describe('withoutZipMap', () => {
  for (const name of modelNames.filter((n) => !n.endsWith('zipmap'))) {
    it(`leaves ${name} (no ZipMap) byte for byte as it was`, () => {
      const bytes = modelBytes(name);
      const result = withoutZipMap(bytes);
      expect(result.zipMaps).toEqual([]);
      expect(Buffer.compare(Buffer.from(result.model), Buffer.from(bytes))).toBe(0);
    });
  }

  it('takes ZipMap out of iris_forest_zipmap and outputs its probability tensor instead', () => {
    const bytes = modelBytes('iris_forest_zipmap');
    const { model, zipMaps } = withoutZipMap(bytes);
    expect(zipMaps).toEqual([{ output: 'output_probability', input: 'probabilities', classLabels: ['setosa', 'versicolor', 'virginica'] }]);
    const before = summarizeOnnxBytes(bytes);
    const after = summarizeOnnxBytes(model);
    expect(after.nodeCount).toBe(before.nodeCount - 1);
    expect(after.operators.map((op) => op.opType)).toEqual(['TreeEnsembleClassifier']);
    expect(after.outputs).toEqual([
      { name: 'label', type: 'tensor(string)', elementType: 'string', shape: [unknownDim] },
      { name: 'probabilities', type: 'tensor(float)', elementType: 'float', shape: [unknownDim, fixed(3)] },
    ]);
    // Everything outside the graph is untouched: same opsets, producer, IR version.
    expect({ ...after, nodeCount: 0, operators: [], outputs: [] }).toEqual({ ...before, nodeCount: 0, operators: [], outputs: [] });
  });
});

describe('openScoringModel errors', () => {
  it('a file that is not a model: ModelLoadError with onnxruntime message', async () => {
    const file = path.join(tempDir(), 'corrupt.onnx');
    fs.writeFileSync(file, 'this is not a protobuf message at all');
    const error = await openScoringModel(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelLoadError);
    expect((error as ModelLoadError).reason).toMatch(/protobuf parsing failed/);
    expect((error as ModelLoadError).file).toBe(file);
    expect((error as ModelLoadError).message).toContain((error as ModelLoadError).reason);
  });

  it('a truncated model: ModelLoadError', async () => {
    const bytes = modelBytes('iris_forest');
    const error = await openScoringModel(bytes.subarray(0, Math.floor(bytes.length / 2))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelLoadError);
    expect((error as ModelLoadError).reason.length).toBeGreaterThan(0);
  });

  it('a missing file: the file system error, not a load error', async () => {
    const error = await openScoringModel(path.join(tempDir(), 'gone.onnx')).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(ModelLoadError);
    expect((error as NodeJS.ErrnoException).code).toBe('ENOENT');
  });
});

describe('inspectModel on the fixtures', () => {
  it('breast_cancer_logreg: a matrix of 30, label and probabilities, feature_names, ai.onnx.ml', () => {
    const info = inspectModel(modelBytes('breast_cancer_logreg'));
    expect(info.inputLayout).toEqual({ kind: 'matrix', input: 'input', featureCount: 30, elementType: 'float' });
    expect(info.outputs).toEqual({ label: 'label', probabilities: 'probabilities', probabilityForm: 'perClass', classLabels: ['0', '1'] });
    expect(info.featureNames?.length).toBe(30);
    expect(info.featureNames?.[0]).toBe('mean radius');
    expect(info.domains).toEqual(['ai.onnx.ml']);
    expect(info.opsets.map((o) => o.domain)).toContain('ai.onnx.ml');
    expect(info.producerName).toBe('fixtures/make_fixtures.py');
    expect(info.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(info.unscorable).toBeNull();
  });

  it('breast_cancer_mlp: thirty columns, a positive-class probability, no metadata', () => {
    const info = inspectModel(modelBytes('breast_cancer_mlp'));
    expect(info.inputLayout?.kind).toBe('columns');
    if (info.inputLayout?.kind !== 'columns') return;
    expect(info.inputLayout.inputs).toHaveLength(30);
    expect(info.inputLayout.inputs[0]).toEqual({ name: 'mean_radius', elementType: 'float' });
    expect(info.outputs).toEqual({ label: null, probabilities: 'probability', probabilityForm: 'positiveClass', classLabels: null });
    expect(info.metadata).toEqual([]);
    expect(info.featureNames).toBeNull();
    expect(info.unscorable).toBeNull();
  });

  it('iris_forest and its ZipMap twin: the same scoring outputs, the twin declaring a sequence of maps', () => {
    const plain = inspectModel(modelBytes('iris_forest'));
    const zipped = inspectModel(modelBytes('iris_forest_zipmap'));
    for (const info of [plain, zipped]) {
      expect(info.inputLayout).toEqual({ kind: 'matrix', input: 'input', featureCount: 4, elementType: 'float' });
      expect(info.outputs).toEqual({ label: 'label', probabilities: 'probabilities', probabilityForm: 'perClass', classLabels: ['setosa', 'versicolor', 'virginica'] });
      expect(info.unscorable).toBeNull();
    }
    expect(plain.zipMaps).toEqual([]);
    expect(zipped.zipMaps.map((z) => z.output)).toEqual(['output_probability']);
    expect(zipped.graphOutputs[1]).toMatchObject({ name: 'output_probability', type: 'seq(map(string,tensor(float)))', elementType: null });
    expect(plain.sha256).not.toBe(zipped.sha256);
  });

  it('wine_softmax: a double matrix of 13, no declared class labels', () => {
    const info = inspectModel(modelBytes('wine_softmax'));
    expect(info.inputLayout).toEqual({ kind: 'matrix', input: 'input', featureCount: 13, elementType: 'double' });
    expect(info.outputs).toEqual({ label: 'label', probabilities: 'probabilities', probabilityForm: 'perClass', classLabels: null });
    expect(info.inputs[0].shape).toEqual([unknownDim, fixed(13)]);
    expect(info.domains).toEqual(['']);
  });
});

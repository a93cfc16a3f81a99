// Scoring edge cases on small models written here, field by field, with the
// same encoders the ZipMap rewrite uses (field numbers from onnx/onnx.proto):
// every input element type Runlens casts to, ZipMaps with integer labels
// (packed and not), ZipMaps that must stay, models Runlens cannot score, and
// batches that do not fit. Each model is loaded by the real onnxruntime.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { summarizeOnnxBytes } from '../../electron/backend/artifacts/onnxSummary';
import { inspectModel } from '../../electron/backend/scoring/onnx/modelInfo';
import { openScoringModel, type ScoringBatch, ScoringError, type ScoringModel } from '../../electron/backend/scoring/onnx/session';
import { bytesField, varint, varintField } from '../../electron/backend/scoring/onnx/wire';
import { withoutZipMap } from '../../electron/backend/scoring/onnx/zipMap';
import { repoRoot } from '../helpers';

/** TensorProto.DataType values. */
const DataType = { float: 1, int32: 6, int64: 7, string: 8, bool: 9, float16: 10, double: 11 } as const;
type Dim = number | string | null;

const concat = (...parts: Uint8Array[]) => Buffer.concat(parts);

function tensorType(elem: number, dims: Dim[] | null): Buffer {
  const dimFields = (dims ?? []).map((d) => bytesField(1, d === null ? new Uint8Array(0) : typeof d === 'number' ? varintField(1, d) : bytesField(2, d)));
  return bytesField(1, concat(varintField(1, elem), ...(dims === null ? [] : [bytesField(2, concat(...dimFields))])));
}

function seqMapType(key: number, value: number): Buffer {
  return bytesField(4, bytesField(1, bytesField(5, concat(varintField(1, key), bytesField(2, tensorType(value, null))))));
}

const value = (name: string, type: Buffer) => concat(bytesField(1, name), bytesField(2, type));
const tensor = (name: string, elem: number, dims: Dim[] | null) => value(name, tensorType(elem, dims));

/** AttributeProto: name=1 i=3 ints=8 strings=9 type=20 (INT 2, INTS 7, STRINGS 8). */
const intAttribute = (name: string, i: number) => concat(bytesField(1, name), varintField(3, i), varintField(20, 2));
const intsAttribute = (name: string, ints: number[], packed: boolean) =>
  concat(bytesField(1, name), packed ? bytesField(8, concat(...ints.map(varint))) : concat(...ints.map((i) => varintField(8, i))), varintField(20, 7));
const stringsAttribute = (name: string, strings: string[]) => concat(bytesField(1, name), ...strings.map((s) => bytesField(9, s)), varintField(20, 8));

function node(opType: string, inputs: string[], outputs: string[], attributes: Buffer[] = [], domain = ''): Buffer {
  return concat(...inputs.map((i) => bytesField(1, i)), ...outputs.map((o) => bytesField(2, o)), bytesField(4, opType), ...attributes.map((a) => bytesField(5, a)), ...(domain ? [bytesField(7, domain)] : []));
}

/** A ModelProto: ir_version 8, opsets ai.onnx 15 and ai.onnx.ml 3, and the graph. */
function model(nodes: Buffer[], inputs: Buffer[], outputs: Buffer[]): Uint8Array {
  const graph = concat(...nodes.map((n) => bytesField(1, n)), bytesField(2, 'synthetic'), ...inputs.map((i) => bytesField(11, i)), ...outputs.map((o) => bytesField(12, o)));
  const opsets = [bytesField(8, concat(bytesField(1, ''), varintField(2, 15))), bytesField(8, concat(bytesField(1, 'ai.onnx.ml'), varintField(2, 3)))];
  return new Uint8Array(concat(varintField(1, 8), bytesField(2, 'runlens-test'), bytesField(7, graph), ...opsets));
}

/** One rank-1 input `x` of `elem` copied to the label output (bool through a Cast to int64). */
function identityModel(elem: number): Uint8Array {
  const labelElem = elem === DataType.bool ? DataType.int64 : elem;
  const op = elem === DataType.bool ? node('Cast', ['x'], ['label'], [intAttribute('to', DataType.int64)]) : node('Identity', ['x'], ['label']);
  return model([op], [tensor('x', elem, ['N'])], [tensor('label', labelElem, ['N'])]);
}

/** Softmax over three float columns into a ZipMap keyed by `labels`. */
function zipMapModel(labels: Buffer, extraOutputs: Buffer[] = []): Uint8Array {
  return model(
    [node('Softmax', ['input'], ['probabilities'], [intAttribute('axis', 1)]), node('ZipMap', ['probabilities'], ['output_probability'], [labels], 'ai.onnx.ml')],
    [tensor('input', DataType.float, [null, 3])],
    [...extraOutputs, value('output_probability', seqMapType(DataType.int64, DataType.float))],
  );
}

async function scored(bytes: Uint8Array, batch: ScoringBatch) {
  const opened = await openScoringModel(bytes);
  try {
    return await opened.score(batch);
  } finally {
    await opened.close();
  }
}

async function scoreError(opened: ScoringModel, batch: ScoringBatch): Promise<ScoringError> {
  const error = await opened.score(batch).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ScoringError);
  return error as ScoringError;
}

describe('input casting', () => {
  it('int64 from numbers, integer strings, bigints and booleans', async () => {
    expect(inspectModel(identityModel(DataType.int64)).inputLayout).toEqual({ kind: 'columns', inputs: [{ name: 'x', elementType: 'int64' }] });
    const result = await scored(identityModel(DataType.int64), { columns: [[1, ' 2 ', 9007199254740993n, true, -4]] });
    expect(result.labels).toEqual(['1', '2', '9007199254740993', '1', '-4']);
    expect(result.probabilities).toEqual([]);
  });

  it('int32, bool and string', async () => {
    expect((await scored(identityModel(DataType.int32), { columns: { x: [-5, '7', 0] } })).labels).toEqual(['-5', '7', '0']);
    expect((await scored(identityModel(DataType.bool), { matrix: [[true], ['false'], [1], ['0'], ['TRUE']] })).labels).toEqual(['1', '0', '1', '0', '1']);
    expect((await scored(identityModel(DataType.string), { columns: [['a', 5, null, 'é']] })).labels).toEqual(['a', '5', '', 'é']);
  });

  it('values that cannot be cast are ScoringErrors naming the row and input', async () => {
    const int64 = await openScoringModel(identityModel(DataType.int64));
    const bool = await openScoringModel(identityModel(DataType.bool));
    const int32 = await openScoringModel(identityModel(DataType.int32));
    try {
      expect((await scoreError(int64, { columns: [[1, 1.5]] })).message).toBe('Row 1 of "x" is 1.5, not an integer.');
      expect((await scoreError(int64, { columns: [[null]] })).message).toMatch(/Row 0 of "x" is null, not an integer/);
      expect((await scoreError(bool, { columns: [['maybe']] })).message).toBe('Row 0 of "x" is "maybe", not true or false.');
      expect((await scoreError(int32, { columns: [[2 ** 31]] })).message).toMatch(/outside int32/);
    } finally {
      await Promise.all([int64.close(), bool.close(), int32.close()]);
    }
  });
});

describe('batches against the fixture models', () => {
  const fixture = (name: string) => path.join(repoRoot, 'test', 'fixtures', 'models', `${name}.onnx`);

  it('float: empty cells are NaN, words are errors, widths and names are checked', async () => {
    const logreg = await openScoringModel(fixture('breast_cancer_logreg'));
    const mlp = await openScoringModel(fixture('breast_cancer_mlp'));
    try {
      const row = Array.from({ length: 30 }, () => '1');
      expect((await scoreError(logreg, { matrix: [row, [...row, '1']] })).message).toBe('Row 1 has 31 values; the model takes 30 features.');
      expect((await scoreError(logreg, { matrix: [['abc', ...row.slice(1)]] })).message).toBe('Row 0, feature "mean radius", is "abc", not a number.');
      const byName = Object.fromEntries(logreg.info.featureNames!.map((name) => [name, [1]]));
      delete byName['worst area'];
      expect((await scoreError(logreg, { columns: byName })).message).toBe('The batch has no column "worst area".');
      expect((await scoreError(mlp, { columns: [[1], [2]] })).message).toBe('The batch has 2 columns; the model takes 30 inputs.');
      const ragged = Array.from({ length: 30 }, (_, c) => (c === 3 ? [1] : [1, 2]));
      expect((await scoreError(mlp, { columns: ragged })).message).toMatch(/^Column mean_area has 1 rows; column mean_radius has 2/);
      // An empty cell is a missing value: NaN goes in, and a NaN probability comes out of this MLP.
      const withGap = await mlp.score({ matrix: [['', ...row.slice(1)]] });
      expect(Number.isNaN(withGap.probabilities[1][0])).toBe(true);
      expect(await logreg.score({ matrix: [] })).toEqual({ labels: [], probabilities: [], classLabels: ['0', '1'] });
    } finally {
      await Promise.all([logreg.close(), mlp.close()]);
    }
  });

  it('a matrix model without feature_names refuses columns by name', async () => {
    const bytes = new Uint8Array(fs.readFileSync(fixture('iris_forest_zipmap')));
    const opened = await openScoringModel(bytes);
    try {
      expect((await scoreError(opened, { columns: { sepal_length: [1] } })).message).toMatch(/no feature_names metadata/);
    } finally {
      await opened.close();
    }
  });
});

describe('ZipMap variants', () => {
  const rows = { matrix: [[0, 1, 2], [3, 1, 0]] };

  for (const packed of [true, false]) {
    it(`classlabels_int64s ${packed ? 'packed' : 'one field per label'}: labels as text, argmax as the label`, async () => {
      const bytes = zipMapModel(intsAttribute('classlabels_int64s', [3, 5, 300], packed));
      const { zipMaps } = withoutZipMap(bytes);
      expect(zipMaps).toEqual([{ output: 'output_probability', input: 'probabilities', classLabels: ['3', '5', '300'] }]);
      const info = inspectModel(bytes);
      expect(info.outputs).toEqual({ label: null, probabilities: 'probabilities', probabilityForm: 'perClass', classLabels: ['3', '5', '300'] });
      const result = await scored(bytes, rows);
      expect(result.classLabels).toEqual(['3', '5', '300']);
      expect(result.labels).toEqual(['300', '3']);
      const total = result.probabilities[0][0] + result.probabilities[1][0] + result.probabilities[2][0];
      expect(total).toBeCloseTo(1, 6);
    });
  }

  it('a ZipMap whose input is already an output: the sequence goes, the tensor is not listed twice', async () => {
    const bytes = zipMapModel(stringsAttribute('classlabels_strings', ['a', 'b', 'c']), [tensor('probabilities', DataType.float, [null, 3])]);
    const rewritten = withoutZipMap(bytes).model;
    expect(summarizeOnnxBytes(rewritten).outputs.map((o) => o.name)).toEqual(['probabilities']);
    expect((await scored(bytes, rows)).labels).toEqual(['c', 'a']);
  });

  it('a ZipMap another node reads stays, and the model is left as it was', () => {
    const bytes = model(
      [node('ZipMap', ['input'], ['maps'], [stringsAttribute('classlabels_strings', ['a', 'b', 'c'])], 'ai.onnx.ml'), node('Identity', ['maps'], ['output_probability'])],
      [tensor('input', DataType.float, [null, 3])],
      [value('output_probability', seqMapType(DataType.string, DataType.float))],
    );
    const result = withoutZipMap(bytes);
    expect(result.zipMaps).toEqual([]);
    expect(result.model).toBe(bytes);
    expect(inspectModel(bytes).unscorable).toMatch(/^No output is a class label .*"output_probability" seq\(map\(string,tensor\(float\)\)\)\.$/);
  });
});

describe('models Runlens cannot score, or scores by shape alone', () => {
  it('a float16 input, a rank-4 input, a wide input among columns', () => {
    const out = [tensor('label', DataType.int64, [null])];
    expect(inspectModel(model([node('Identity', ['x'], ['label'])], [tensor('x', DataType.float16, [null, 2])], out)).unscorable).toBe(
      'Input "x" holds float16, which Runlens cannot feed (only float, double, int64, int32, bool and string).',
    );
    expect(inspectModel(model([], [tensor('image', DataType.float, [null, 3, 32, 32])], out)).unscorable).toBe('Input "image" has rank 4, not a table of rows ([N, F]).');
    const info = inspectModel(model([], [tensor('a', DataType.float, [null, 1]), tensor('b', DataType.float, [null, 2])], out));
    expect(info.unscorable).toBe('The model has 2 inputs and "b" is not one column per row ([N, 1]).');
    expect(info.inputLayout).toBeNull();
  });

  it('an unscorable model opens, and score says why', async () => {
    const bytes = model([node('Identity', ['x'], ['y'])], [tensor('x', DataType.float, [null, 3, 3])], [tensor('y', DataType.float, [null, 3, 3])]);
    const opened = await openScoringModel(bytes);
    try {
      expect(opened.info.unscorable).toBe('Input "x" has rank 3, not a table of rows ([N, F]).');
      expect((await scoreError(opened, { matrix: [[1, 2, 3]] })).message).toBe(opened.info.unscorable);
    } finally {
      await opened.close();
    }
  });

  it('an unnamed [N, C] float output is the probabilities; a lone [N, 1] one the positive class', async () => {
    const scores = model([node('Softmax', ['x'], ['scores'], [intAttribute('axis', 1)])], [tensor('x', DataType.float, [null, 2])], [tensor('scores', DataType.float, [null, 2])]);
    expect(inspectModel(scores).outputs).toEqual({ label: null, probabilities: 'scores', probabilityForm: 'perClass', classLabels: null });
    const result = await scored(scores, { matrix: [[0, 2]] });
    expect(result.labels).toEqual(['1']);
    const single = model([node('Sigmoid', ['x'], ['out'])], [tensor('x', DataType.float, [null, 1])], [tensor('out', DataType.float, [null, 1])]);
    expect(inspectModel(single).outputs.probabilityForm).toBe('positiveClass');
    const positive = await scored(single, { columns: [[0, 10]] });
    expect(positive.classLabels).toEqual(['0', '1']);
    expect(positive.labels).toEqual(['0', '1']);
    expect(positive.probabilities[1][0]).toBeCloseTo(0.5, 6);
  });
});

// The ONNX summary read from real models. Expected values checked with the
// onnx Python package (python3-onnx, /usr/bin/python3):
//
//   import onnx, collections
//   from onnx import TensorProto
//   m = onnx.load('test/fixtures/artifacts/wine_softmax.onnx')
//   m.ir_version, [(o.domain, o.version) for o in m.opset_import], m.producer_name, m.graph.name
//   def t(tp):   # type string and shape as onnxruntime prints them
//       w = tp.WhichOneof('value')
//       if w == 'tensor_type':
//           tt = tp.tensor_type
//           shape = [d.dim_value if d.HasField('dim_value') else (d.dim_param if d.HasField('dim_param') else None) for d in tt.shape.dim]
//           return 'tensor(%s)' % TensorProto.DataType.Name(tt.elem_type).lower(), shape
//       if w == 'sequence_type': return 'seq(%s)' % t(tp.sequence_type.elem_type)[0], None
//       if w == 'map_type': return 'map(%s,%s)' % (TensorProto.DataType.Name(tp.map_type.key_type).lower(), t(tp.map_type.value_type)[0]), None
//   [(v.name, t(v.type)) for v in list(m.graph.input) + list(m.graph.output)]
//   len(m.graph.node), collections.Counter((n.op_type, n.domain) for n in m.graph.node), len(m.graph.initializer)
//   [(p.key, p.value) for p in m.metadata_props]
//
// symbolic_dims.onnx was made with onnx.helper (make_tensor_value_info('X', FLOAT, ['batch', 3]), Relu and
// ArgMax nodes, opsets ('', 17) and ('ai.onnx.ml', 3), producer 'runlens-test' '1.0', ir_version 8,
// doc_string 'relu then argmax', set_model_props {'author': 'runlens', 'license': 'MIT'}).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { summarizeOnnx } from '../../electron/backend/artifacts/onnxSummary';
import { DecodeError } from '../../electron/backend/sources/tensorboard/protobuf';
import { removeTempDirs, repoRoot, tempDir } from '../helpers';

afterAll(removeTempDirs);

const fixture = (name: string) => path.join(repoRoot, 'test', 'fixtures', 'artifacts', name);

function summarize(file: string) {
  const fd = fs.openSync(file, 'r');
  try {
    return summarizeOnnx(fd, fs.fstatSync(fd).size);
  } finally {
    fs.closeSync(fd);
  }
}

const unknownDim = { value: null, param: null };

describe('summarizeOnnx', () => {
  it('reads a scikit-learn multinomial regression: opsets with ai.onnx.ml, types, shapes, metadata', () => {
    const summary = summarize(fixture('wine_softmax.onnx'));
    expect(summary).toMatchObject({
      irVersion: 8,
      producerName: 'fixtures/make_fixtures.py',
      producerVersion: '',
      domain: '',
      modelVersion: null,
      graphName: 'wine_softmax',
      opsets: [{ domain: '', version: 15 }, { domain: 'ai.onnx.ml', version: 3 }],
      nodeCount: 6,
      initializerCount: 4,
    });
    expect(summary.inputs).toEqual([{ name: 'input', type: 'tensor(double)', elementType: 'double', shape: [unknownDim, { value: 13, param: null }] }]);
    expect(summary.outputs).toEqual([
      { name: 'label', type: 'tensor(int64)', elementType: 'int64', shape: [unknownDim] },
      { name: 'probabilities', type: 'tensor(double)', elementType: 'double', shape: [unknownDim, { value: 3, param: null }] },
    ]);
    expect(summary.operators.map((op) => op.opType).sort()).toEqual(['Add', 'ArgMax', 'Div', 'MatMul', 'Softmax', 'Sub']);
    expect(summary.operators.every((op) => op.count === 1 && op.domain === '')).toBe(true);
    expect(summary.metadata).toHaveLength(1);
    expect(summary.metadata[0].key).toBe('feature_names');
    expect(JSON.parse(summary.metadata[0].value)).toHaveLength(13);
    expect(JSON.parse(summary.metadata[0].value)[11]).toBe('od280/od315_of_diluted_wines');
  });

  it('reads a ZipMap output as seq(map(string,tensor(float))) and ai.onnx.ml operators', () => {
    const summary = summarize(fixture('iris_forest_zipmap.onnx'));
    expect(summary.inputs).toEqual([{ name: 'input', type: 'tensor(float)', elementType: 'float', shape: [unknownDim, { value: 4, param: null }] }]);
    expect(summary.outputs).toEqual([
      { name: 'label', type: 'tensor(string)', elementType: 'string', shape: [unknownDim] },
      { name: 'output_probability', type: 'seq(map(string,tensor(float)))', elementType: null, shape: null },
    ]);
    expect(summary.operators).toEqual([
      { opType: 'TreeEnsembleClassifier', domain: 'ai.onnx.ml', count: 1 },
      { opType: 'ZipMap', domain: 'ai.onnx.ml', count: 1 },
    ]);
    expect(summary.initializerCount).toBe(0);
  });

  it('keeps symbolic dimension names, the producer version, the doc string and every metadata property', () => {
    const summary = summarize(fixture('symbolic_dims.onnx'));
    expect(summary).toMatchObject({ producerName: 'runlens-test', producerVersion: '1.0', docString: 'relu then argmax', graphName: 'symbolic' });
    expect(summary.opsets).toEqual([{ domain: '', version: 17 }, { domain: 'ai.onnx.ml', version: 3 }]);
    expect(summary.inputs[0].shape).toEqual([{ value: null, param: 'batch' }, { value: 3, param: null }]);
    expect(summary.outputs.map((o) => [o.name, o.type])).toEqual([['Y', 'tensor(float)'], ['Z', 'tensor(int64)']]);
    expect(summary.outputs[1].shape).toEqual([unknownDim]);
    expect(summary.metadata).toEqual([{ key: 'author', value: 'runlens' }, { key: 'license', value: 'MIT' }]);
    expect(summary.operators).toEqual([{ opType: 'ArgMax', domain: '', count: 1 }, { opType: 'Relu', domain: '', count: 1 }]);
  });

  it('throws DecodeError on a cut model, on bytes that are not protobuf, and on an empty file', () => {
    const dir = tempDir();
    const bytes = fs.readFileSync(fixture('wine_softmax.onnx'));
    const cut = path.join(dir, 'cut.onnx');
    fs.writeFileSync(cut, bytes.subarray(0, 700));
    const text = path.join(dir, 'text.onnx');
    fs.writeFileSync(text, 'this is not a model\n');
    const empty = path.join(dir, 'empty.onnx');
    fs.writeFileSync(empty, '');
    for (const file of [cut, text, empty]) expect(() => summarize(file), file).toThrow(DecodeError);
  });

  it('skips a large initializer by its length: a sparse 1 GiB tensor is summarized without reading it', () => {
    // A ModelProto: ir_version 8, graph { initializer <1 GiB of bytes>, name "big" }. The bytes are a hole in a sparse file.
    const dir = tempDir();
    const file = path.join(dir, 'big.onnx');
    const size = 1024 ** 3;
    const varint = (n: number) => {
      const out: number[] = [];
      for (; n >= 0x80; n = Math.floor(n / 128)) out.push((n % 128) | 0x80);
      out.push(n);
      return out;
    };
    const initializerHead = [0x2a, ...varint(size)];
    const nameField = [0x12, 3, ...Buffer.from('big')];
    const graphLength = initializerHead.length + size + nameField.length;
    const head = Buffer.from([0x08, 8, 0x3a, ...varint(graphLength), ...initializerHead]);
    const fd = fs.openSync(file, 'w');
    fs.writeSync(fd, head, 0, head.length, 0);
    fs.writeSync(fd, Buffer.from(nameField), 0, nameField.length, head.length + size);
    fs.closeSync(fd);
    const summary = summarize(file);
    expect(summary).toMatchObject({ irVersion: 8, graphName: 'big', initializerCount: 1, nodeCount: 0 });
  });
});

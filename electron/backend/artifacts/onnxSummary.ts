// A summary of an ONNX model (ModelProto) read straight from its file: IR
// version, opsets, producer, the main graph's inputs and outputs with their
// types and shapes, operator counts and metadata. The file is read through a
// small window of positioned reads, so initializers and large attributes (the
// weights: most of a model's bytes) are skipped by their length and never
// copied. Field numbers from onnx/onnx's onnx/onnx.proto:
//   ModelProto        ir_version=1 producer_name=2 producer_version=3 domain=4 model_version=5
//                     doc_string=6 graph=7 opset_import=8 metadata_props=14
//   OperatorSetIdProto domain=1 version=2; StringStringEntryProto key=1 value=2
//   GraphProto        node=1 name=2 initializer=5 doc_string=10 input=11 output=12
//   NodeProto         op_type=4 domain=7
//   ValueInfoProto    name=1 type=2
//   TypeProto         tensor_type=1 sequence_type=4 map_type=5 sparse_tensor_type=8 optional_type=9
//   TypeProto.Tensor  elem_type=1 shape=2 (SparseTensor the same); Sequence/Optional elem_type=1;
//   TypeProto.Map     key_type=1 value_type=2
//   TensorShapeProto  dim=1; Dimension dim_value=1 dim_param=2
// Malformed input throws DecodeError.
import type { OnnxDimension, OnnxSummary, OnnxValueInfo } from '../../../shared/artifactPreview';
import { readAt } from '../sources/safeFile';
import { DecodeError, ProtoReader, WireType } from '../sources/tensorboard/protobuf';

/** TensorProto.DataType names, by value, as onnxruntime prints them. */
const elementTypes = [
  'undefined', 'float', 'uint8', 'int8', 'uint16', 'int16', 'int32', 'int64', 'string', 'bool', 'float16', 'double',
  'uint32', 'uint64', 'complex64', 'complex128', 'bfloat16', 'float8e4m3fn', 'float8e4m3fnuz', 'float8e5m2',
  'float8e5m2fnuz', 'uint4', 'int4', 'float4e2m1',
];

/** Bounds against hostile files: strings kept, values listed, type nesting. */
const limits = { stringBytes: 64 * 1024, values: 10_000, metadata: 1_000, typeDepth: 16 };

/** The model's bytes between positions: from a file or from memory. */
interface ByteWindow {
  bytes(position: number, length: number): Buffer;
  text(start: number, end: number): string;
}

/** The bytes of a file between positions, read through one reused window. */
class FileWindow implements ByteWindow {
  private start = 0;
  private buf: Buffer = Buffer.alloc(0);
  constructor(private readonly fd: number, readonly size: number) {}

  bytes(position: number, length: number): Buffer {
    if (position < this.start || position + length > this.start + this.buf.length) {
      this.buf = readAt(this.fd, position, Math.max(length, 64 * 1024));
      this.start = position;
      if (this.buf.length < length) throw new DecodeError('the file ends inside a field');
    }
    return this.buf.subarray(position - this.start, position - this.start + length);
  }

  text(start: number, end: number): string {
    return this.bytes(start, Math.min(end - start, limits.stringBytes)).toString('utf8');
  }
}

/** A model already in memory (a scorer holds the whole file to hand to onnxruntime anyway). */
class MemoryWindow implements ByteWindow {
  private readonly buf: Buffer;
  constructor(bytes: Uint8Array) {
    this.buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  bytes(position: number, length: number): Buffer {
    if (position + length > this.buf.length) throw new DecodeError('the file ends inside a field');
    return this.buf.subarray(position, position + length);
  }

  text(start: number, end: number): string {
    return this.bytes(start, Math.min(end - start, limits.stringBytes)).toString('utf8');
  }
}

interface Field {
  field: number;
  wire: number;
  /** The varint's value (wire type 0). */
  value: number;
  /** Where a length-delimited field's bytes are. */
  start: number;
  end: number;
}

const varints = new ProtoReader();

/** The fields of the message at [start, end), in order; length-delimited ones are not read. */
function* fieldsOf(win: ByteWindow, start: number, end: number): Generator<Field> {
  let pos = start;
  while (pos < end) {
    const head = win.bytes(pos, Math.min(20, end - pos));
    varints.reset(head, 0, head.length);
    const key = varints.uint32();
    const field = key >>> 3;
    const wire = key & 7;
    if (field === 0) throw new DecodeError('field number 0');
    let value = 0;
    let dataStart = pos + varints.pos;
    let dataEnd = dataStart;
    if (wire === WireType.Varint) {
      value = varints.int64();
      dataStart = dataEnd = pos + varints.pos;
    } else if (wire === WireType.Bytes) {
      const length = varints.int64();
      dataStart = pos + varints.pos;
      dataEnd = dataStart + length;
    } else if (wire === WireType.Fixed64) dataEnd = dataStart + 8;
    else if (wire === WireType.Fixed32) dataEnd = dataStart + 4;
    else throw new DecodeError(`unsupported wire type ${wire}`);
    if (dataEnd > end || dataEnd < dataStart) throw new DecodeError('field longer than its message');
    yield { field, wire, value, start: dataStart, end: dataEnd };
    pos = dataEnd;
  }
}

function bytesField(f: Field, what: string): Field {
  if (f.wire !== WireType.Bytes) throw new DecodeError(`${what} is not length-delimited`);
  return f;
}

function dimensionOf(win: ByteWindow, f: Field): OnnxDimension {
  const dim: OnnxDimension = { value: null, param: null };
  for (const d of fieldsOf(win, f.start, f.end)) {
    if (d.field === 1 && d.wire === WireType.Varint) dim.value = d.value;
    else if (d.field === 2 && d.wire === WireType.Bytes) dim.param = win.text(d.start, d.end);
  }
  return dim;
}

function shapeOf(win: ByteWindow, f: Field): OnnxDimension[] {
  const dims: OnnxDimension[] = [];
  for (const d of fieldsOf(win, f.start, f.end)) if (d.field === 1 && dims.length < limits.values) dims.push(dimensionOf(win, bytesField(d, 'dim')));
  return dims;
}

const elementName = (value: number) => elementTypes[value] ?? `type ${value}`;

interface TypeInfo {
  type: string;
  elementType: string | null;
  shape: OnnxDimension[] | null;
}

/** A tensor or sparse tensor type: elem_type=1, shape=2. */
function tensorTypeOf(win: ByteWindow, f: Field, sparse: boolean): TypeInfo {
  let element = 0;
  let shape: OnnxDimension[] | null = null;
  for (const t of fieldsOf(win, f.start, f.end)) {
    if (t.field === 1 && t.wire === WireType.Varint) element = t.value;
    else if (t.field === 2) shape = shapeOf(win, bytesField(t, 'shape'));
  }
  const name = elementName(element);
  return { type: `${sparse ? 'sparse_tensor' : 'tensor'}(${name})`, elementType: name, shape };
}

/** The type of field `elem` (a TypeProto) inside a Sequence or Optional, or the Map's key and value. */
function innerTypeOf(win: ByteWindow, f: Field, depth: number, field: number): string {
  for (const t of fieldsOf(win, f.start, f.end)) if (t.field === field) return typeOf(win, bytesField(t, 'type'), depth + 1).type;
  return 'unknown';
}

function mapTypeOf(win: ByteWindow, f: Field, depth: number): string {
  let key = 0;
  for (const t of fieldsOf(win, f.start, f.end)) if (t.field === 1 && t.wire === WireType.Varint) key = t.value;
  return `map(${elementName(key)},${innerTypeOf(win, f, depth, 2)})`;
}

function typeOf(win: ByteWindow, f: Field, depth = 0): TypeInfo {
  if (depth > limits.typeDepth) throw new DecodeError('types nested too deep');
  for (const t of fieldsOf(win, f.start, f.end)) {
    if (t.wire !== WireType.Bytes) continue;
    if (t.field === 1 || t.field === 8) return tensorTypeOf(win, t, t.field === 8);
    if (t.field === 4) return { type: `seq(${innerTypeOf(win, t, depth, 1)})`, elementType: null, shape: null };
    if (t.field === 5) return { type: mapTypeOf(win, t, depth), elementType: null, shape: null };
    if (t.field === 9) return { type: `optional(${innerTypeOf(win, t, depth, 1)})`, elementType: null, shape: null };
  }
  return { type: 'unknown', elementType: null, shape: null };
}

function valueInfoOf(win: ByteWindow, f: Field): OnnxValueInfo {
  let name = '';
  let info: TypeInfo = { type: 'unknown', elementType: null, shape: null };
  for (const v of fieldsOf(win, f.start, f.end)) {
    if (v.field === 1 && v.wire === WireType.Bytes) name = win.text(v.start, v.end);
    else if (v.field === 2) info = typeOf(win, bytesField(v, 'type'));
  }
  return { name, ...info };
}

/** Two string (or one varint) fields of a small message: OperatorSetIdProto, StringStringEntryProto, NodeProto. */
function pairOf(win: ByteWindow, f: Field, a: number, b: number): { a: string; b: string; n: number } {
  const out = { a: '', b: '', n: 0 };
  for (const g of fieldsOf(win, f.start, f.end)) {
    if (g.wire === WireType.Varint && g.field === b) out.n = g.value;
    if (g.wire !== WireType.Bytes) continue;
    if (g.field === a) out.a = win.text(g.start, g.end);
    else if (g.field === b) out.b = win.text(g.start, g.end);
  }
  return out;
}

function readGraph(win: ByteWindow, f: Field, summary: OnnxSummary): void {
  const operators = new Map<string, { opType: string; domain: string; count: number }>();
  for (const g of fieldsOf(win, f.start, f.end)) {
    if (g.wire !== WireType.Bytes) continue;
    if (g.field === 1) {
      summary.nodeCount += 1;
      const node = pairOf(win, g, 4, 7);
      const id = `${node.b}\0${node.a}`;
      const entry = operators.get(id) ?? { opType: node.a, domain: node.b, count: 0 };
      entry.count += 1;
      if (operators.size < limits.values || operators.has(id)) operators.set(id, entry);
    } else if (g.field === 2) summary.graphName = win.text(g.start, g.end);
    else if (g.field === 5) summary.initializerCount += 1;
    else if (g.field === 11 && summary.inputs.length < limits.values) summary.inputs.push(valueInfoOf(win, g));
    else if (g.field === 12 && summary.outputs.length < limits.values) summary.outputs.push(valueInfoOf(win, g));
  }
  summary.operators = [...operators.values()].sort((x, y) => y.count - x.count || (x.opType < y.opType ? -1 : x.opType > y.opType ? 1 : 0));
}

function emptySummary(): OnnxSummary {
  return {
    irVersion: null, producerName: '', producerVersion: '', domain: '', modelVersion: null, docString: '', graphName: '',
    opsets: [], inputs: [], outputs: [], nodeCount: 0, operators: [], initializerCount: 0, metadata: [],
  };
}

/**
 * Reads the ModelProto in the open file `fd` of `size` bytes. Throws DecodeError
 * when the bytes are not a ModelProto (or have no graph and no IR version).
 */
export function summarizeOnnx(fd: number, size: number): OnnxSummary {
  return summarize(new FileWindow(fd, size), size);
}

/** summarizeOnnx for a model already in memory. Throws DecodeError as it does. */
export function summarizeOnnxBytes(bytes: Uint8Array): OnnxSummary {
  return summarize(new MemoryWindow(bytes), bytes.byteLength);
}

function summarize(win: ByteWindow, size: number): OnnxSummary {
  const summary = emptySummary();
  let sawGraph = false;
  for (const f of fieldsOf(win, 0, size)) {
    if (f.wire === WireType.Varint) {
      if (f.field === 1) summary.irVersion = f.value;
      else if (f.field === 5) summary.modelVersion = f.value;
      continue;
    }
    if (f.wire !== WireType.Bytes) continue;
    if (f.field === 2) summary.producerName = win.text(f.start, f.end);
    else if (f.field === 3) summary.producerVersion = win.text(f.start, f.end);
    else if (f.field === 4) summary.domain = win.text(f.start, f.end);
    else if (f.field === 6) summary.docString = win.text(f.start, f.end);
    else if (f.field === 7) {
      sawGraph = true;
      readGraph(win, f, summary);
    } else if (f.field === 8 && summary.opsets.length < limits.values) {
      const opset = pairOf(win, f, 1, 2);
      summary.opsets.push({ domain: opset.a, version: opset.n });
    } else if (f.field === 14 && summary.metadata.length < limits.metadata) {
      const entry = pairOf(win, f, 1, 2);
      summary.metadata.push({ key: entry.a, value: entry.b });
    }
  }
  if (!sawGraph && summary.irVersion === null) throw new DecodeError('no IR version and no graph: not an ONNX model');
  return summary;
}

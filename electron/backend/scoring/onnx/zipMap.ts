// skl2onnx ends its classifiers, by default, in a ZipMap node that turns the
// [N, C] probability tensor into a sequence of {class label: probability}
// maps. onnxruntime-node cannot return a sequence ("Non tensor type is
// temporarily not supported"), so before scoring we take ZipMap out of the
// graph and output the tensor it was given instead, keeping its class labels.
// The rewrite works on the ModelProto's bytes: only the graph message (and the
// model's field holding it) is re-encoded; every other field, weights
// included, is copied as written. Field numbers from onnx/onnx.proto:
//   ModelProto graph=7; GraphProto node=1 output=12 value_info=13
//   NodeProto input=1 output=2 op_type=4 attribute=5 domain=7
//   AttributeProto name=1 ints=8 strings=9; ValueInfoProto name=1 type=2
//   TypeProto tensor_type=1; Tensor elem_type=1 shape=2; TensorShapeProto dim=1; Dimension dim_value=1
import { WireType } from '../../sources/tensorboard/protobuf';
import { asBuffer, bytesField, fieldsIn, pushInts, textOf, varintField } from './wire';

export type { RemovedZipMap } from '../../../../shared/scoring/model';
import type { RemovedZipMap } from '../../../../shared/scoring/model';

/** What a NodeProto says, as far as finding ZipMap needs. */
export interface NodeSummary {
  opType: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  /** classlabels_strings, or classlabels_int64s / classlabels_ints as decimal strings; null when absent. */
  classLabels: string[] | null;
  /** Where the node is in the graph message: [keyStart, end). */
  keyStart: number;
  end: number;
}

const labelAttributes = new Set(['classlabels_strings', 'classlabels_int64s', 'classlabels_ints']);

function attributeName(buf: Buffer, start: number, end: number): string {
  for (const f of fieldsIn(buf, start, end)) if (f.field === 1) return textOf(buf, f);
  return '';
}

/**
 * The labels of a classlabels_* attribute, or null for any other attribute.
 * The name is read first so a tree ensemble's long nodes_* lists are never decoded.
 */
function attributeLabels(buf: Buffer, start: number, end: number): string[] | null {
  if (!labelAttributes.has(attributeName(buf, start, end))) return null;
  const strings: string[] = [];
  const ints: number[] = [];
  for (const f of fieldsIn(buf, start, end)) {
    if (f.field === 8) pushInts(buf, f, ints);
    else if (f.field === 9) strings.push(textOf(buf, f));
  }
  return strings.length > 0 ? strings : ints.map(String);
}

/** Reads the NodeProto buf[start, end). */
export function readNode(buf: Buffer, start: number, end: number): Omit<NodeSummary, 'keyStart' | 'end'> {
  const node: Omit<NodeSummary, 'keyStart' | 'end'> = { opType: '', domain: '', inputs: [], outputs: [], classLabels: null };
  for (const f of fieldsIn(buf, start, end)) {
    if (f.field === 1) node.inputs.push(textOf(buf, f));
    else if (f.field === 2) node.outputs.push(textOf(buf, f));
    else if (f.field === 4) node.opType = textOf(buf, f);
    else if (f.field === 7) node.domain = textOf(buf, f);
    else if (f.field === 5 && f.wire === WireType.Bytes) {
      node.classLabels = attributeLabels(buf, f.start, f.end) ?? node.classLabels;
    }
  }
  return node;
}

/** The main graph's nodes and output names. */
export function readGraph(buf: Buffer, start: number, end: number): { nodes: NodeSummary[]; outputs: string[] } {
  const nodes: NodeSummary[] = [];
  const outputs: string[] = [];
  for (const f of fieldsIn(buf, start, end)) {
    if (f.wire !== WireType.Bytes) continue;
    if (f.field === 1) nodes.push({ ...readNode(buf, f.start, f.end), keyStart: f.keyStart, end: f.end });
    else if (f.field === 12) outputs.push(valueName(buf, f.start, f.end));
  }
  return { nodes, outputs };
}

function valueName(buf: Buffer, start: number, end: number): string {
  for (const f of fieldsIn(buf, start, end)) if (f.field === 1) return textOf(buf, f);
  return '';
}

/** The model's graph field, or null when there is none or more than one (protobuf would merge them: leave those alone). */
export function graphField(buf: Buffer): { keyStart: number; start: number; end: number } | null {
  let graph = null;
  for (const f of fieldsIn(buf, 0, buf.length)) {
    if (f.field !== 7 || f.wire !== WireType.Bytes) continue;
    if (graph) return null;
    graph = f;
  }
  return graph;
}

/**
 * The ZipMaps that can go: those whose output is a graph output that no other
 * node reads, with one input and class labels. Any other ZipMap stays.
 */
function removableZipMaps(nodes: NodeSummary[], outputs: string[]): NodeSummary[] {
  const read = new Set<string>();
  for (const node of nodes) if (node.opType !== 'ZipMap') for (const input of node.inputs) read.add(input);
  const graphOutputs = new Set(outputs);
  return nodes.filter(
    (node) =>
      node.opType === 'ZipMap' &&
      node.inputs.length === 1 &&
      node.outputs.length === 1 &&
      node.classLabels !== null &&
      graphOutputs.has(node.outputs[0]) &&
      !read.has(node.outputs[0]),
  );
}

/** A ValueInfoProto for a float tensor of shape [unknown, columns]. */
function floatMatrixInfo(name: string, columns: number): Buffer {
  const shape = Buffer.concat([bytesField(1, new Uint8Array(0)), bytesField(1, varintField(1, columns))]);
  const tensor = Buffer.concat([varintField(1, 1), bytesField(2, shape)]);
  return Buffer.concat([bytesField(1, name), bytesField(2, bytesField(1, tensor))]);
}

function rewriteGraph(buf: Buffer, start: number, end: number, removed: NodeSummary[], outputs: string[]): Buffer {
  const dropped = new Set(removed.map((node) => node.keyStart));
  const replacement = new Map(removed.map((node) => [node.outputs[0], node]));
  const listed = new Set(outputs);
  const parts: Uint8Array[] = [];
  for (const f of fieldsIn(buf, start, end)) {
    const whole = buf.subarray(f.keyStart, f.end);
    if (f.wire !== WireType.Bytes) parts.push(whole);
    else if (f.field === 1 && dropped.has(f.keyStart)) continue;
    else if (f.field === 12 || f.field === 13) {
      const zipMap = replacement.get(valueName(buf, f.start, f.end));
      if (!zipMap) parts.push(whole);
      // value_info about the sequence goes with it; a tensor already an output is not listed twice.
      else if (f.field === 12 && !listed.has(zipMap.inputs[0])) {
        listed.add(zipMap.inputs[0]);
        parts.push(bytesField(12, floatMatrixInfo(zipMap.inputs[0], zipMap.classLabels?.length ?? 0)));
      }
    } else parts.push(whole);
  }
  return Buffer.concat(parts);
}

/**
 * The model without its removable ZipMap nodes, each ZipMap's graph output
 * replaced by the probability tensor it read. A model with none comes back as
 * the same bytes. Throws DecodeError when the bytes are not protobuf.
 */
export function withoutZipMap(model: Uint8Array): { model: Uint8Array; zipMaps: RemovedZipMap[] } {
  const buf = asBuffer(model);
  const graph = graphField(buf);
  if (!graph) return { model, zipMaps: [] };
  const { nodes, outputs } = readGraph(buf, graph.start, graph.end);
  const removed = removableZipMaps(nodes, outputs);
  if (removed.length === 0) return { model, zipMaps: [] };
  const newGraph = rewriteGraph(buf, graph.start, graph.end, removed, outputs);
  const rewritten = Buffer.concat([buf.subarray(0, graph.keyStart), bytesField(7, newGraph), buf.subarray(graph.end)]);
  const zipMaps = removed.map((node) => ({ output: node.outputs[0], input: node.inputs[0], classLabels: node.classLabels ?? [] }));
  return { model: new Uint8Array(rewritten.buffer, rewritten.byteOffset, rewritten.byteLength), zipMaps };
}

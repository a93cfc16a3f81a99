// What a scorer must know about an ONNX model before feeding it rows: its
// inputs and outputs as written, and which of them are the feature matrix or
// columns, the predicted label and the class probabilities. Types and shapes
// come from the artifact preview's ModelProto reader (summarizeOnnxBytes);
// nodes, class labels and metadata are read here, in full (the preview cuts
// long strings, and a wide model's feature_names list is long).
import crypto from 'node:crypto';
import { summarizeOnnxBytes } from '../../artifacts/onnxSummary';
import { WireType } from '../../sources/tensorboard/protobuf';
import { classifyInputs, classifyOutputs } from './modelLayout';
import { asBuffer, fieldsIn, textOf } from './wire';
import { graphField, readGraph, withoutZipMap } from './zipMap';

export type { InputLayout, OnnxModelInfo, ScoringElementType, ScoringOutputs } from '../../../../shared/scoring/model';
import type { OnnxModelInfo, RemovedZipMap } from '../../../../shared/scoring/model';


function metadataOf(buf: Buffer): { key: string; value: string }[] {
  const entries: { key: string; value: string }[] = [];
  for (const f of fieldsIn(buf, 0, buf.length)) {
    if (f.field !== 14 || f.wire !== WireType.Bytes) continue;
    const entry = { key: '', value: '' };
    for (const g of fieldsIn(buf, f.start, f.end)) {
      if (g.field === 1) entry.key = textOf(buf, g);
      else if (g.field === 2) entry.value = textOf(buf, g);
    }
    entries.push(entry);
  }
  return entries;
}

function featureNamesOf(metadata: { key: string; value: string }[]): string[] | null {
  const entry = metadata.find((m) => m.key === 'feature_names');
  if (!entry) return null;
  try {
    const names: unknown = JSON.parse(entry.value);
    return Array.isArray(names) && names.every((n) => typeof n === 'string') ? names : null;
  } catch {
    return null;
  }
}

/**
 * The class labels the model's classifier node declares (LinearClassifier,
 * TreeEnsembleClassifier, SVMClassifier, ZipMap: classlabels_*), or null when
 * none does or two disagree.
 */
function declaredClassLabels(buf: Buffer, zipMaps: RemovedZipMap[]): string[] | null {
  if (zipMaps.length === 1) return zipMaps[0].classLabels;
  const graph = graphField(buf);
  if (!graph) return null;
  const lists = readGraph(buf, graph.start, graph.end)
    .nodes.map((node) => node.classLabels)
    .filter((labels): labels is string[] => labels !== null);
  if (lists.length === 0) return null;
  const first = JSON.stringify(lists[0]);
  return lists.every((labels) => JSON.stringify(labels) === first) ? lists[0] : null;
}

/**
 * Reads an ONNX model held in memory. Throws DecodeError when the bytes are
 * not a ModelProto.
 */
export function inspectModel(bytes: Uint8Array): OnnxModelInfo {
  const buf = asBuffer(bytes);
  const summary = summarizeOnnxBytes(buf);
  const { model: scoringModel, zipMaps } = withoutZipMap(buf);
  const scoringOutputs = zipMaps.length > 0 ? summarizeOnnxBytes(scoringModel).outputs : summary.outputs;
  const metadata = metadataOf(buf);
  const inputs = classifyInputs(summary.inputs);
  const outputs = classifyOutputs(scoringOutputs, declaredClassLabels(buf, zipMaps));
  return {
    sha256: crypto.createHash('sha256').update(buf).digest('hex'),
    irVersion: summary.irVersion,
    producerName: summary.producerName,
    producerVersion: summary.producerVersion,
    opsets: summary.opsets,
    domains: [...new Set(summary.operators.map((op) => op.domain))].sort(),
    metadata,
    featureNames: featureNamesOf(metadata),
    inputs: summary.inputs,
    graphOutputs: summary.outputs,
    zipMaps,
    inputLayout: inputs.layout,
    outputs: outputs.outputs,
    unscorable: inputs.unscorable ?? outputs.unscorable,
  };
}

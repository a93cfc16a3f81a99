// A version's input and output schema: from the ONNX graph when the file is
// an ONNX model, else from the MLmodel signature of an MLflow model folder.
// Read-only; a file that is not what it claims gives no schema, not an error.
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { OnnxValueInfo } from '../../../shared/artifactPreview';
import type { SchemaField, VersionSchema } from '../../../shared/registry/types';
import { summarizeOnnx } from '../artifacts/onnxSummary';
import { readFileCapped, withRegularFile } from '../sources/safeFile';

export const noSchema: VersionSchema = { from: null, inputs: [], outputs: [] };

export interface MlmodelInfo {
  flavors: string[];
  /** The onnx flavor's model file, relative to the model folder; null without an onnx flavor. */
  onnxFile: string | null;
  /** The signature's inputs and outputs, or null when the MLmodel has none. */
  signature: VersionSchema | null;
}

/** What an MLmodel file says: its flavors, the onnx flavor's file, its signature. Throws when it cannot be read as YAML. */
export function readMlmodel(file: string): MlmodelInfo {
  const doc = (parseYaml(readFileCapped(file, 1024 * 1024).data.toString('utf8')) ?? {}) as {
    flavors?: Record<string, { data?: unknown; model_path?: unknown } | null>;
    signature?: { inputs?: unknown; outputs?: unknown } | null;
  };
  const flavors = Object.keys(doc.flavors ?? {});
  const onnx = doc.flavors?.onnx;
  const data = onnx ? (typeof onnx.data === 'string' ? onnx.data : typeof onnx.model_path === 'string' ? onnx.model_path : 'model.onnx') : null;
  const signature = doc.signature ? { from: 'mlmodel' as const, inputs: signatureFields(doc.signature.inputs), outputs: signatureFields(doc.signature.outputs) } : null;
  return { flavors, onnxFile: data, signature };
}

/** MLflow's column specs ({name, type}) and tensor specs ({type: "tensor", "tensor-spec": {dtype, shape}}), held as JSON text in the YAML. */
function signatureFields(specsText: unknown): SchemaField[] {
  if (typeof specsText !== 'string') return [];
  let specs: unknown;
  try {
    specs = JSON.parse(specsText);
  } catch {
    return [];
  }
  if (!Array.isArray(specs)) return [];
  return specs.map((spec: Record<string, unknown>) => {
    const name = typeof spec?.name === 'string' ? spec.name : '';
    const tensor = spec?.['tensor-spec'] as { dtype?: unknown; shape?: unknown } | undefined;
    if (spec?.type === 'tensor' && tensor) {
      const shape = Array.isArray(tensor.shape) ? `[${tensor.shape.map((d) => (typeof d === 'number' && d >= 0 ? d : '?')).join(', ')}]` : null;
      return { name, type: `tensor(${String(tensor.dtype ?? 'unknown')})`, shape };
    }
    return { name, type: typeof spec?.type === 'string' ? spec.type : 'unknown', shape: null };
  });
}

function fieldOf(value: OnnxValueInfo): SchemaField {
  const shape = value.shape ? `[${value.shape.map((d) => d.value ?? d.param ?? '?').join(', ')}]` : null;
  return { name: value.name, type: value.type, shape };
}

/** The graph's declared inputs and outputs, or null when the file is not an ONNX model. */
export function onnxSchema(file: string): VersionSchema | null {
  try {
    const summary = withRegularFile(file, (fd, stat) => summarizeOnnx(fd, stat.size));
    return { from: 'onnx', inputs: summary.inputs.map(fieldOf), outputs: summary.outputs.map(fieldOf) };
  } catch {
    return null;
  }
}

/** The schema of a registered file: the ONNX graph's for an .onnx file, else the MLmodel signature, else none. */
export function schemaOf(file: string, kind: 'file' | 'folder', mlmodel: MlmodelInfo | null): VersionSchema {
  const fromGraph = kind === 'file' && (path.extname(file).toLowerCase() === '.onnx' || mlmodel?.onnxFile) ? onnxSchema(file) : null;
  return fromGraph ?? mlmodel?.signature ?? noSchema;
}

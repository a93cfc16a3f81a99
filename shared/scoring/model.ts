// What Runlens knows of an ONNX model before scoring it: its declared inputs
// and outputs, how rows are fed (one 2-D input, or one input per column), which
// tensors hold the label and the probabilities once ZipMap is out, and why it
// cannot be scored when it cannot. Read by electron/backend/scoring/onnx/.
import type { OnnxValueInfo } from '../artifactPreview';

/** The tensor element types a batch can be cast to. */
export type ScoringElementType = 'float' | 'double' | 'int64' | 'int32' | 'bool' | 'string';

export type InputLayout =
  /** One 2-D input [N, F]: each row a vector of F features. */
  | { kind: 'matrix'; input: string; featureCount: number | null; elementType: ScoringElementType }
  /** One input per column, each [N, 1] (or [N]), in the model's input order. */
  | { kind: 'columns'; inputs: { name: string; elementType: ScoringElementType }[] };

export interface ScoringOutputs {
  /** The predicted class tensor ([N] int64, int32 or string), or null. */
  label: string | null;
  /** The probability tensor (float or double), or null. */
  probabilities: string | null;
  /** 'perClass': [N, C], one column per class; 'positiveClass': [N, 1] or [N], P(second class) of a binary model. */
  probabilityForm: 'perClass' | 'positiveClass' | null;
  /** The classes in the probability columns' order, as the model declares them; null when it does not. */
  classLabels: string[] | null;
}

export interface RemovedZipMap {
  /** The graph output ZipMap wrote (a sequence of maps), no longer in the model. */
  output: string;
  /** The float [N, C] tensor ZipMap read: now a graph output in its place. */
  input: string;
  /** The maps' keys, in the order of the tensor's columns. */
  classLabels: string[];
}

export interface OnnxModelInfo {
  /** Hex SHA-256 of the model's bytes as given (before any ZipMap is taken out). */
  sha256: string;
  irVersion: number | null;
  producerName: string;
  producerVersion: string;
  /** Operator sets imported; '' is the default ONNX domain (ai.onnx). */
  opsets: { domain: string; version: number }[];
  /** The distinct domains of the main graph's operators, sorted; '' is ai.onnx. */
  domains: string[];
  metadata: { key: string; value: string }[];
  /** The `feature_names` metadata entry when it is a JSON list of strings, else null. */
  featureNames: string[] | null;
  /** The main graph's inputs and outputs as the file declares them. */
  inputs: OnnxValueInfo[];
  graphOutputs: OnnxValueInfo[];
  /** ZipMap nodes the scorer takes out (their sequence outputs become the probability tensors). */
  zipMaps: RemovedZipMap[];
  /** How rows are fed; null when the inputs are not a table (then `unscorable` says why). */
  inputLayout: InputLayout | null;
  /** Which tensors, once ZipMap is out, hold the label and the probabilities. */
  outputs: ScoringOutputs;
  /** One sentence saying why Runlens cannot score the model, or null when it can. */
  unscorable: string | null;
}

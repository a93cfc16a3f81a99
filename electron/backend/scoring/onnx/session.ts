// A model opened for scoring: its bytes read once (capped), ZipMap taken out
// (onnxruntime-node cannot return its sequence of maps), an onnxruntime
// InferenceSession on the CPU, and score(batch) turning rows into labels and
// per-class probabilities. onnxruntime-node is loaded on first use, so the
// backend can import this module without loading the native library.
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import type { OnnxDimension } from '../../../../shared/artifactPreview';
import { readFileCapped } from '../../sources/safeFile';
import { DecodeError } from '../../sources/tensorboard/protobuf';
import { type Feed, feedsFor, rowCountOf, type ScoringBatch, ScoringError } from './feeds';
import { inspectModel, type OnnxModelInfo } from './modelInfo';
import { withoutZipMap } from './zipMap';

export { ScoringError } from './feeds';
export type { ScoringBatch, ScoringColumn, ScoringValue } from './feeds';

/** The largest model file read: protobuf itself cannot hold more than 2 GiB in one message. */
export const maxModelBytes = 2 * 1024 ** 3;

/** onnxruntime refused the model; `reason` is its message as it gave it. */
export class ModelLoadError extends Error {
  constructor(
    readonly reason: string,
    readonly file: string | null,
  ) {
    super(`${file === null ? 'The ONNX model' : file} cannot be loaded: ${reason}`);
    this.name = 'ModelLoadError';
  }
}

export interface ScoringOptions {
  /** onnxruntime's intra-op threads (default 2); inter-op is always 1, as the graphs are small and sequential. */
  threads?: number;
}

export interface ScoringResult {
  /** The predicted class of each row, as text (an int64 label 2 is "2"). */
  labels: string[];
  /** One array per class, in classLabels order, of each row's probability; empty for a model without probabilities. */
  probabilities: Float64Array[];
  /** The classes: as the model declares them, else "0", "1", ... by column. */
  classLabels: string[];
}

export interface ScoringModel {
  readonly info: OnnxModelInfo;
  /** Scores a batch of rows. Throws ScoringError when the batch does not fit the model or the model is unscorable. */
  score(batch: ScoringBatch): Promise<ScoringResult>;
  /** Frees onnxruntime's session; score must not be called after. */
  close(): Promise<void>;
}

type Ort = typeof import('onnxruntime-node');
let ortModule: Ort | null = null;

/**
 * onnxruntime-node, loaded on first use. require rather than import(): the
 * bundle is CommonJS, and Electron resolves require inside its asar archive
 * where an ES import of a package may not. A failed load is not remembered.
 */
function loadOrt(): Ort {
  ortModule ??= require('onnxruntime-node') as Ort;
  return ortModule;
}

const tensorTypes = { float: 'float32', double: 'float64', int64: 'int64', int32: 'int32', bool: 'bool', string: 'string' } as const;

function indexLabels(count: number): string[] {
  return Array.from({ length: count }, (_, i) => String(i));
}

/** The probability tensor as one Float64Array per class; a single column is P(second class) of two. */
function probabilityColumns(tensor: Tensor, rows: number): Float64Array[] {
  const data = tensor.data as Float32Array | Float64Array;
  const width = tensor.dims.length === 2 ? tensor.dims[1] : 1;
  if (width === 1) {
    const positive = Float64Array.from(data.subarray(0, rows));
    return [positive.map((p) => 1 - p), positive];
  }
  const columns = Array.from({ length: width }, () => new Float64Array(rows));
  for (let r = 0; r < rows; r++) for (let c = 0; c < width; c++) columns[c][r] = data[r * width + c];
  return columns;
}

/** The class with the highest probability in each row (the first of equals, as numpy's argmax). */
function argmaxLabels(columns: Float64Array[], classLabels: string[], rows: number): string[] {
  const labels: string[] = new Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let c = 1; c < columns.length; c++) if (columns[c][r] > columns[best][r]) best = c;
    labels[r] = classLabels[best];
  }
  return labels;
}

function resultOf(info: OnnxModelInfo, outputs: InferenceSession.ReturnType, rows: number): ScoringResult {
  const declared = info.outputs.classLabels;
  const probabilityTensor = info.outputs.probabilities === null ? null : outputs[info.outputs.probabilities];
  const probabilities = probabilityTensor ? probabilityColumns(probabilityTensor, rows) : [];
  const classLabels = declared !== null && (probabilities.length === 0 || declared.length === probabilities.length) ? declared : indexLabels(probabilities.length);
  const labelTensor = info.outputs.label === null ? null : outputs[info.outputs.label];
  const labels = labelTensor ? Array.from(labelTensor.data as ArrayLike<unknown>, (v) => String(v)) : argmaxLabels(probabilities, classLabels, rows);
  return { labels, probabilities, classLabels };
}

class OnnxScoringModel implements ScoringModel {
  private readonly shapes: Map<string, OnnxDimension[] | null>;
  constructor(
    readonly info: OnnxModelInfo,
    private readonly ort: Ort,
    private readonly session: InferenceSession,
  ) {
    this.shapes = new Map(info.inputs.map((input) => [input.name, input.shape]));
  }

  async score(batch: ScoringBatch): Promise<ScoringResult> {
    const { info } = this;
    if (info.unscorable !== null || info.inputLayout === null) throw new ScoringError(info.unscorable ?? 'The model cannot be scored.');
    const rows = rowCountOf(batch);
    // A zero-row tensor trips some ai.onnx.ml kernels, and there is nothing to compute.
    if (rows === 0) return { labels: [], probabilities: [], classLabels: info.outputs.classLabels ?? [] };
    const feeds: Record<string, Tensor> = {};
    for (const feed of feedsFor(batch, info.inputLayout, info.featureNames, this.shapes)) feeds[feed.name] = this.tensorOf(feed);
    // Only the tensors read are fetched: another output may be a sequence onnxruntime-node cannot return.
    const fetches = [info.outputs.label, info.outputs.probabilities].filter((name): name is string => name !== null);
    const outputs = await this.session.run(feeds, fetches);
    return resultOf(info, outputs, rows);
  }

  private tensorOf(feed: Feed): Tensor {
    return new this.ort.Tensor(tensorTypes[feed.elementType], feed.data as never, feed.dims);
  }

  close(): Promise<void> {
    return this.session.release();
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Opens an ONNX model for scoring, from a file (read whole, up to
 * maxModelBytes, through safeFile) or from bytes. Throws ModelLoadError when
 * onnxruntime (or, after it, Runlens's reader) cannot load the model, and
 * safeFile's errors when the file cannot be read.
 */
export async function openScoringModel(source: string | Uint8Array, options: ScoringOptions = {}): Promise<ScoringModel> {
  const file = typeof source === 'string' ? source : null;
  const bytes = typeof source === 'string' ? readFileCapped(source, maxModelBytes).data : source;
  let scoringBytes = bytes;
  try {
    scoringBytes = withoutZipMap(bytes).model;
  } catch (error) {
    // Not protobuf: let onnxruntime say what is wrong, in its own words.
    if (!(error instanceof DecodeError)) throw error;
  }
  const ort = loadOrt();
  let session: InferenceSession;
  try {
    session = await ort.InferenceSession.create(scoringBytes, { intraOpNumThreads: options.threads ?? 2, interOpNumThreads: 1 });
  } catch (error) {
    throw new ModelLoadError(messageOf(error), file);
  }
  try {
    return new OnnxScoringModel(inspectModel(bytes), ort, session);
  } catch (error) {
    await session.release();
    if (error instanceof DecodeError) throw new ModelLoadError(`onnxruntime loaded it but Runlens cannot read it (${error.message})`, file);
    throw error;
  }
}

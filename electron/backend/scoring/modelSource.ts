// Where a model to score comes from: an .onnx file the user named, a run's
// .onnx artifact, or an MLflow model folder (a run's artifact folder or a
// path) whose MLmodel has an `onnx` flavor. Any other flavor is named with
// why Runlens cannot score it. Read-only; a run's artifact is located only
// among what its reader recorded (artifacts/artifactFiles.ts).
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { ModelInspection, ModelSource } from '../../../shared/scoring/inspection';
import { locateArtifact } from '../artifacts/artifactFiles';
import { artifactRunOf } from '../artifacts/queries';
import { RequestFailed } from '../handlerTypes';
import { readFileCapped } from '../sources/safeFile';
import { DecodeError } from '../sources/tensorboard/protobuf';
import type { Db } from '../store/database';
import { inspectModel } from './onnx/modelInfo';
import { maxModelBytes } from './onnx/session';
import { modelFeatureOrder, withRememberedOrder } from './featureOrder';

export interface ResolvedModel {
  /** The .onnx file, or null when the source holds no ONNX model (`unscorable` says why). */
  file: string | null;
  unscorable: string | null;
  source: ModelSource;
  /** The column names of an MLflow model's column-based input signature, in order. */
  signatureColumns: string[] | null;
}

/** The names of a column-based MLflow signature (`inputs` is JSON text in the YAML); null for a tensor signature or none. */
export function signatureColumnsOf(inputs: unknown): string[] | null {
  if (typeof inputs !== 'string') return null;
  let specs: unknown;
  try {
    specs = JSON.parse(inputs);
  } catch {
    return null;
  }
  if (!Array.isArray(specs) || specs.length === 0) return null;
  const names = specs.map((spec) => (typeof spec === 'object' && spec !== null && typeof (spec as { name?: unknown }).name === 'string' ? (spec as { name: string }).name : null));
  return names.every((name): name is string => name !== null) ? names : null;
}

/** The ONNX file an MLflow model folder names, or why it names none. */
function fromMlflowFolder(folder: string): { file: string | null; unscorable: string | null; signatureColumns: string[] | null } {
  const mlmodel = path.join(folder, 'MLmodel');
  let doc: { flavors?: Record<string, { data?: string; model_path?: string }>; signature?: { inputs?: unknown } };
  try {
    doc = parseYaml(readFileCapped(mlmodel, 1024 * 1024).data.toString('utf8')) ?? {};
  } catch (error) {
    return { file: null, unscorable: `The folder has no MLmodel file Runlens can read (${(error as Error).message}).`, signatureColumns: null };
  }
  const flavors = Object.keys(doc.flavors ?? {});
  const onnx = doc.flavors?.onnx;
  if (!onnx) {
    const named = flavors.filter((f) => f !== 'python_function');
    return { file: null, signatureColumns: null, unscorable: `This MLflow model has the ${named.join(', ') || 'python_function'} flavor${named.length > 1 ? 's' : ''} and no onnx flavor: Runlens scores ONNX models only, without Python (convert it with skl2onnx or torch.onnx and log it with mlflow.onnx).` };
  }
  const relative = onnx.data ?? onnx.model_path ?? 'model.onnx';
  const file = path.resolve(folder, relative);
  if (!file.startsWith(path.resolve(folder) + path.sep)) return { file: null, unscorable: 'The MLmodel names an ONNX file outside its folder: not read.', signatureColumns: null };
  return { file, unscorable: null, signatureColumns: signatureColumnsOf(doc.signature?.inputs) };
}

export function resolveModel(db: Db, source: ModelSource): ResolvedModel {
  if (source.kind === 'file') {
    const file = path.resolve(source.path);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      throw new RequestFailed('not-found', `${file}: no such file or folder`);
    }
    if (stat.isDirectory()) return { ...fromMlflowFolder(file), source };
    return { file, unscorable: null, source, signatureColumns: null };
  }
  if (!artifactRunOf(db, source.runId)) throw new RequestFailed('not-found', 'No run with this id');
  const target = locateArtifact(db, source.runId, source.artifactPath);
  if (target.kind === 'missing') throw new RequestFailed('not-found', `"${source.artifactPath}" is no longer on disk`);
  if (target.kind === 'folder') {
    const mlmodel = target.entries.find((entry) => entry.path === `${source.artifactPath}/MLmodel`);
    if (!mlmodel) throw new RequestFailed('bad-request', `"${source.artifactPath}" is a folder without an MLmodel file`);
    const located = locateArtifact(db, source.runId, mlmodel.path);
    if (located.kind !== 'file') throw new RequestFailed('not-found', `"${mlmodel.path}" is no longer on disk`);
    return { ...fromMlflowFolder(path.dirname(located.file)), source };
  }
  return { file: target.file, unscorable: null, source, signatureColumns: null };
}

/** What the model file says, without the order a user confirmed (see inspectModelSource). */
export function inspectResolved(resolved: ResolvedModel): ModelInspection {
  if (!resolved.file) return { source: resolved.source, file: null, size: null, info: null, unscorable: resolved.unscorable, featureOrder: null };
  let bytes: Buffer;
  try {
    bytes = readFileCapped(resolved.file, maxModelBytes).data;
  } catch (error) {
    throw new RequestFailed('unreadable', `${path.basename(resolved.file)} cannot be read: ${(error as Error).message}`);
  }
  try {
    const info = inspectModel(bytes);
    return { source: resolved.source, file: resolved.file, size: bytes.length, info, unscorable: info.unscorable, featureOrder: modelFeatureOrder(info, resolved.signatureColumns) };
  } catch (error) {
    if (error instanceof DecodeError) return { source: resolved.source, file: resolved.file, size: bytes.length, info: null, unscorable: `This is not an ONNX model Runlens can read (${error.message}).`, featureOrder: null };
    throw error;
  }
}

/** The model a source names, inspected, with the feature order the user confirmed when the model names none. */
export function inspectModelSource(db: Db, source: ModelSource): ModelInspection {
  return withRememberedOrder(db, inspectResolved(resolveModel(db, source)));
}
